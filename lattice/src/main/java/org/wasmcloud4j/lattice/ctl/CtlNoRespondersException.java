package org.wasmcloud4j.lattice.ctl;

/** Nobody listens on a request's subject (the NATS server said "no responders"): no such host, or no host at all. */
public final class CtlNoRespondersException extends CtlException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    /** @param subject the request subject */
    public CtlNoRespondersException(String subject) {
        super("no responders on " + subject + " (no host of the lattice listens there)");
        this.subject = subject;
    }

    /** The request subject. */
    public String subject() {
        return subject;
    }
}
