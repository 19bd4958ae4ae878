package org.wasmcloud4j.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * A secret could not be fetched: one of wasmCloud's {@code SecretResponse} error variants, from a named backend,
 * for a named secret reference when the caller knows it.
 *
 * <p>The message names the backend, the reference and the reason, and for the variants that carry one the
 * backend's own detail text. It never carries a secret value: the backends of this module never put one in a
 * detail, and a {@link SecretsBackend#callback callback} backend's foreign exceptions are reduced to their
 * class name.
 */
public final class SecretException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    /** wasmCloud's {@code GetSecretError} variants, with their serde names. */
    public enum Reason {
        /** {@code "SecretNotFound"}. */
        SECRET_NOT_FOUND("SecretNotFound", false),
        /** {@code {"UpstreamError": "…"}}: the backend's own store failed. */
        UPSTREAM_ERROR("UpstreamError", true),
        /** {@code {"InvalidEntityJWT": "…"}}. */
        INVALID_ENTITY_JWT("InvalidEntityJWT", true),
        /** {@code {"InvalidHostJWT": "…"}}. */
        INVALID_HOST_JWT("InvalidHostJWT", true),
        /** {@code "InvalidXKey"}. */
        INVALID_XKEY("InvalidXKey", false),
        /** {@code "EncryptionError"}. */
        ENCRYPTION_ERROR("EncryptionError", false),
        /** {@code "DecryptionError"}. */
        DECRYPTION_ERROR("DecryptionError", false),
        /** {@code "Unauthorized"}: the entity may not read this key. */
        UNAUTHORIZED("Unauthorized", false),
        /** {@code "InvalidRequest"}. */
        INVALID_REQUEST("InvalidRequest", false),
        /** {@code "InvalidPayload"}. */
        INVALID_PAYLOAD("InvalidPayload", false),
        /** {@code "InvalidHeaders"}. */
        INVALID_HEADERS("InvalidHeaders", false),
        /** {@code {"PolicyError": "…"}}. */
        POLICY_ERROR("PolicyError", true),
        /** {@code {"Other": "…"}}. */
        OTHER("Other", true);

        private final String wireName;
        private final boolean carriesDetail;

        Reason(String wireName, boolean carriesDetail) {
            this.wireName = wireName;
            this.carriesDetail = carriesDetail;
        }

        /** The serde variant name, e.g. {@code SecretNotFound}. */
        public String wireName() {
            return wireName;
        }

        /** Whether the variant carries a string ({@code {"Other":"…"}}) rather than being a bare name. */
        public boolean carriesDetail() {
            return carriesDetail;
        }

        /** The reason of a serde variant name, if it is one. */
        public static Optional<Reason> fromWireName(String name) {
            for (Reason r : values()) {
                if (r.wireName.equals(name)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    private final Reason reason;
    private final String backend;
    private final String reference;
    private final String detail;

    /**
     * @param reason the variant
     * @param backend the backend's name
     * @param reference the secret reference's name, or {@code null} if not known here
     * @param detail the variant's text, or {@code null}; must never contain a secret value
     */
    public SecretException(Reason reason, String backend, String reference, String detail) {
        super(message(reason, backend, reference, detail));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.reference = reference;
        this.detail = detail;
    }

    private static String message(Reason reason, String backend, String reference, String detail) {
        StringBuilder m = new StringBuilder("secret");
        if (reference != null) {
            m.append(" '").append(reference).append('\'');
        }
        m.append(" from backend '").append(backend).append("': ").append(reason.wireName());
        if (detail != null && !detail.isEmpty()) {
            m.append(": ").append(detail);
        }
        return m.toString();
    }

    /** The variant. */
    public Reason reason() {
        return reason;
    }

    /** The backend's name. */
    public String backend() {
        return backend;
    }

    /** The secret reference's name, when known. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    /** The variant's text, if any. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** This error naming {@code referenceName}, unless it already names a reference. */
    public SecretException withReference(String referenceName) {
        return reference != null ? this : new SecretException(reason, backend, referenceName, detail);
    }
}
