package org.wasmcloud4j.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to a {@link SecretsBackend} (wasmCloud's {@code SecretRequest}): the backend's key, an optional
 * field and version, and the {@link SecretContext}.
 *
 * <p>It also carries, for error messages only, the name of the secret reference it was made for
 * ({@link #referenceName()}); that name is not part of the wire request. Immutable.
 */
public final class SecretRequest {
    private final String key;
    private final String field;
    private final String version;
    private final SecretContext context;
    private final String referenceName;

    private SecretRequest(Builder b) {
        if (b.key == null || b.key.isEmpty()) {
            throw new IllegalArgumentException("a secret request needs a non-empty key");
        }
        this.key = b.key;
        this.field = b.field;
        this.version = b.version;
        this.context = b.context;
        this.referenceName = b.referenceName;
    }

    /** A builder for a request of {@code key}, with the empty context. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /**
     * The request a host makes for {@code reference}: its key, field and version, {@code context} with the
     * reference's policy, named after the reference.
     */
    public static SecretRequest forReference(SecretReference reference, SecretContext context) {
        return builder(reference.key())
                .field(reference.field().orElse(null))
                .version(reference.version().orElse(null))
                .context(context.withPolicy(reference.policyJson()))
                .referenceName(reference.name())
                .build();
    }

    /** The backend's key. */
    public String key() {
        return key;
    }

    /** The field inside the secret, if asked for. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The version asked for, if any. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** Who asks. */
    public SecretContext context() {
        return context;
    }

    /** The secret reference's name, for error messages; not sent to remote backends. */
    public Optional<String> referenceName() {
        return Optional.ofNullable(referenceName);
    }

    /** An error of {@code reason} from {@code backend} about this request, named after its reference. */
    public SecretException error(SecretException.Reason reason, String backend, String detail) {
        return new SecretException(reason, backend, referenceName, detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRequest r && key.equals(r.key) && Objects.equals(field, r.field)
                && Objects.equals(version, r.version) && context.equals(r.context)
                && Objects.equals(referenceName, r.referenceName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, field, version, context, referenceName);
    }

    @Override
    public String toString() {
        return "SecretRequest[key=" + key + ", field=" + field + ", version=" + version + ", reference="
                + referenceName + ", " + context + "]";
    }

    /** Builds a {@link SecretRequest}. */
    public static final class Builder {
        private final String key;
        private String field;
        private String version;
        private SecretContext context = SecretContext.empty();
        private String referenceName;

        private Builder(String key) {
            this.key = key;
        }

        /** The field, or {@code null} for none. */
        public Builder field(String value) {
            this.field = value;
            return this;
        }

        /** The version, or {@code null} for the latest. */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** Who asks. */
        public Builder context(SecretContext value) {
            this.context = Objects.requireNonNull(value, "context");
            return this;
        }

        /** The reference's name, for error messages; {@code null} for none. */
        public Builder referenceName(String value) {
            this.referenceName = value;
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException if the key is empty
         */
        public SecretRequest build() {
            return new SecretRequest(this);
        }
    }
}
