package org.wasmcloud4j.host;

/**
 * A host operation that could not be done: an unknown or invalid component id, a bad image reference, a limit
 * reached, a component that failed to start. The message names the component and what was wrong; nothing was
 * half-started.
 */
public class HostException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and for which component */
    public HostException(String message) {
        super(message);
    }

    /** @param message what failed and for which component; {@code cause} the underlying error */
    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}
