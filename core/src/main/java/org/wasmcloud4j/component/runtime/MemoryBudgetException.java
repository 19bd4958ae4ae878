package org.wasmcloud4j.component.runtime;

/**
 * An instantiation needed more linear memory than its {@link MemoryBudget} (or the JVM's heap) has left: the message
 * says how much it asked for and how much was left. Nothing of the instance remains. Growth at run time never throws
 * this: a {@code memory.grow} that does not fit returns -1 to the guest.
 */
public final class MemoryBudgetException extends Trap {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and what was left */
    public MemoryBudgetException(String message) {
        super(message);
    }
}
