package org.wasmcloud4j.component.types;

import java.util.List;
import java.util.stream.Collectors;

/** {@code tuple<T1, T2, ...>}; at least one element. */
public record TupleType(List<ValType> elements) implements ValType {
    /** @param elements the element types, in order (copied) */
    public TupleType {
        elements = List.copyOf(elements);
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a tuple needs at least one element");
        }
    }

    @Override
    public boolean containsHandles() {
        return elements.stream().anyMatch(ValType::containsHandles);
    }

    @Override
    public String toString() {
        return elements.stream().map(Object::toString).collect(Collectors.joining(", ", "tuple<", ">"));
    }
}
