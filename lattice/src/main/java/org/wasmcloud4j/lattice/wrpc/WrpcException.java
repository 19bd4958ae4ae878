package org.wasmcloud4j.lattice.wrpc;

/** A wRPC call, encoding or decoding failed. Subclasses name where. */
public class WrpcException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public WrpcException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public WrpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
