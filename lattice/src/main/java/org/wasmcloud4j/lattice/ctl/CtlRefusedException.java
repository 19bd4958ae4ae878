package org.wasmcloud4j.lattice.ctl;

/** A host answered {@code success:false}; {@link #hostMessage()} is what it said, {@link #subject()} where. */
public final class CtlRefusedException extends CtlException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String hostMessage;

    /** @param subject the request subject; {@code hostMessage} the reply's {@code message} */
    public CtlRefusedException(String subject, String hostMessage) {
        super("request on " + subject + " was refused: " + hostMessage);
        this.subject = subject;
        this.hostMessage = hostMessage;
    }

    /** The request subject. */
    public String subject() {
        return subject;
    }

    /** The host's {@code message}, as it sent it. */
    public String hostMessage() {
        return hostMessage;
    }
}
