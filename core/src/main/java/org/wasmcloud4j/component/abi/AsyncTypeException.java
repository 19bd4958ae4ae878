package org.wasmcloud4j.component.abi;

import java.util.Objects;
import org.wasmcloud4j.component.types.ValType;

/**
 * A function or value uses {@code stream<T>} or {@code future<T>}, which the canonical ABI on Chicory cannot lift or
 * lower: Chicory has no async support. Such types travel only over wRPC. Thrown when a function with such a type is
 * lifted or lowered, or a value of it is loaded, stored, lifted or lowered.
 */
public final class AsyncTypeException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final transient ValType type;

    /**
     * @param type the stream or future type met
     * @param where what used it, e.g. {@code "function (param 0)"}
     */
    public AsyncTypeException(ValType type, String where) {
        super("unsupported: " + type + " in " + where + " cannot cross the canonical ABI (Chicory has no async; "
                + "streams and futures travel only over wRPC)");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The stream or future type that was met. */
    public ValType type() {
        return type;
    }
}
