package org.wasmcloud4j.lattice.ctl;

/**
 * A control-interface operation that failed: a payload that could not be decoded, a host that answered
 * {@code success:false}, no host listening on a subject, or no reply in time. The subclasses say which; the
 * message names the subject or field.
 */
public class CtlException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and where */
    public CtlException(String message) {
        super(message);
    }

    /** @param message what failed and where; {@code cause} the underlying error */
    public CtlException(String message, Throwable cause) {
        super(message, cause);
    }
}
