package org.wasmcloud4j.host.oci;

import java.util.Objects;
import org.wasmcloud4j.host.HostException;

/**
 * An OCI registry operation that failed: the message names the image reference and the cause, {@link #reason()}
 * says which kind of failure it was.
 */
public final class RegistryException extends HostException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The reference does not parse; the message names the bad part. */
        INVALID_REFERENCE,
        /** The registry could not be reached: connection refused, name not resolved, timeout. */
        UNREACHABLE,
        /** The registry refused the credentials, or wanted some and none were configured (HTTP 401/403). */
        UNAUTHORIZED,
        /** The repository, tag, manifest or blob does not exist (HTTP 404). */
        NOT_FOUND,
        /** Content did not hash to the digest it was asked for or described with. */
        DIGEST_MISMATCH,
        /** A manifest or layer is larger than allowed. */
        TOO_LARGE,
        /** The manifest has no layer of a WebAssembly media type. */
        NO_WASM_LAYER,
        /** The registry answered something the OCI distribution protocol does not allow here. */
        PROTOCOL
    }

    private final Reason reason;

    /**
     * @param reason the kind of failure
     * @param message what failed, naming the reference
     */
    public RegistryException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason the kind of failure
     * @param message what failed, naming the reference
     * @param cause the underlying error
     */
    public RegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
