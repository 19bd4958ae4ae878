package org.wasmcloud4j.host;

/**
 * A call to a target elsewhere in the lattice that nothing answered: no host or provider serves that function of
 * that interface under that id (over NATS, the invocation found no responders). Nothing ran; the call may be made
 * again, or to another version of the interface (wasmCloud's hosts fall back from {@code wrpc:blobstore@0.2.0} to
 * {@code @0.1.0} on exactly this failure).
 */
public class NotServedException extends HostException {
    private static final long serialVersionUID = 1L;

    /** @param message which target, interface and function found no one serving them; {@code cause} the transport's */
    public NotServedException(String message, Throwable cause) {
        super(message, cause);
    }
}
