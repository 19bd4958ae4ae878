package org.wasmcloud4j.component.runtime;

/**
 * A component trapped: it broke a rule of the canonical ABI (a bad pointer, discriminant, character or encoding), a
 * core WebAssembly trap occurred, its code ended with a JVM {@link Error} (the call stack exhausted by deep recursion,
 * no heap left, a failure inside the engine — the error is the cause), it ran past its time limit
 * ({@link ExecutionTimeoutException}), its initial memory did not fit the budget ({@link MemoryBudgetException}), or
 * the instance is poisoned by an earlier trap. The message names what was wrong. Only the instance that trapped is
 * poisoned.
 */
public class Trap extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public Trap(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying error, e.g. Chicory's trap
     */
    public Trap(String message, Throwable cause) {
        super(message, cause);
    }
}
