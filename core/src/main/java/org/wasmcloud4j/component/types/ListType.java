package org.wasmcloud4j.component.types;

import java.util.Objects;

/** {@code list<T>}. */
public record ListType(ValType element) implements ValType {
    /** @param element the element type */
    public ListType {
        Objects.requireNonNull(element, "element");
    }

    @Override
    public boolean containsHandles() {
        return element.containsHandles();
    }

    @Override
    public String toString() {
        return "list<" + element + ">";
    }
}
