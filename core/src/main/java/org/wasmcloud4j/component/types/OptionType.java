package org.wasmcloud4j.component.types;

import java.util.Objects;

/** {@code option<T>}. */
public record OptionType(ValType some) implements ValType {
    /** @param some the payload type of {@code some} */
    public OptionType {
        Objects.requireNonNull(some, "some");
    }

    @Override
    public boolean containsHandles() {
        return some.containsHandles();
    }

    @Override
    public String toString() {
        return "option<" + some + ">";
    }
}
