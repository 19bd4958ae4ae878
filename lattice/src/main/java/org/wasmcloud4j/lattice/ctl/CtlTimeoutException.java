package org.wasmcloud4j.lattice.ctl;

import java.time.Duration;

/** No reply to a request within its timeout. */
public final class CtlTimeoutException extends CtlException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final Duration timeout;

    /** @param subject the request subject; {@code timeout} how long the client waited */
    public CtlTimeoutException(String subject, Duration timeout) {
        super("no reply on " + subject + " within " + timeout.toMillis() + " ms");
        this.subject = subject;
        this.timeout = timeout;
    }

    /** The request subject. */
    public String subject() {
        return subject;
    }

    /** How long the client waited. */
    public Duration timeout() {
        return timeout;
    }
}
