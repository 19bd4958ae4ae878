package org.wasmcloud4j.lattice.cli;

/** A command line that is not valid: the message says what is wrong; exit status 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
