package org.wasmcloud4j.component.runtime;

/**
 * A call ran longer than its engine's {@linkplain Engine.Builder#maxExecutionTime execution time limit} and was
 * stopped; the instance is poisoned, as by any trap.
 */
public final class ExecutionTimeoutException extends Trap {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which limit was exceeded
     * @param cause the trap the interrupted guest code ended with
     */
    public ExecutionTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
