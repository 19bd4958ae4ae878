package org.wasmcloud4j.lattice.wrpc;

/** Nobody serves the invocation subject: the NATS server answered the invocation with status 503. */
public final class WrpcNoRespondersException extends WrpcTransportException {
    private static final long serialVersionUID = 1L;

    /** @param subject the invocation subject */
    public WrpcNoRespondersException(String subject) {
        super("no wRPC server is subscribed to the invocation subject", subject, -1, null);
    }
}
