package org.wasmcloud4j.lattice.wrpc;

/** A wRPC peer did not answer in time: no handshake, or no data on a channel for the call's timeout. */
public final class WrpcTimeoutException extends WrpcTransportException {
    private static final long serialVersionUID = 1L;

    /**
     * @param detail what was not received
     * @param subject the subject waited on
     * @param offset bytes received on that channel so far ({@code -1} for the handshake)
     */
    public WrpcTimeoutException(String detail, String subject, long offset) {
        super(detail, subject, offset, null);
    }
}
