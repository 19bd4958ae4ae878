package org.wasmcloud4j.component.types;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code stream<T>} (or {@code stream} without an element type): an asynchronous sequence of values.
 *
 * <p>The canonical ABI on Chicory has no async support, so a component function using this type is refused there;
 * wRPC carries streams between hosts. As a {@link org.wasmcloud4j.component.value.Value} a stream whose elements are
 * all known is a {@link org.wasmcloud4j.component.value.Value.ListValue ListValue} of its elements (see the wRPC
 * codec for how pending streams are carried).
 */
public record StreamType(Optional<ValType> element) implements ValType {
    /** @param element the element type, if any */
    public StreamType {
        Objects.requireNonNull(element, "element");
    }

    /** {@code stream<element>}, or {@code stream} when {@code element} is {@code null}. */
    public static StreamType of(ValType element) {
        return new StreamType(Optional.ofNullable(element));
    }

    @Override
    public boolean containsHandles() {
        return element.map(ValType::containsHandles).orElse(false);
    }

    @Override
    public String toString() {
        return element.map(e -> "stream<" + e + ">").orElse("stream");
    }
}
