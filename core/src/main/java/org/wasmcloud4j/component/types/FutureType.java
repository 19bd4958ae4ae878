package org.wasmcloud4j.component.types;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code future<T>} (or {@code future} without a payload type): a value that becomes available later.
 *
 * <p>The canonical ABI on Chicory has no async support, so a component function using this type is refused there;
 * wRPC carries futures between hosts. As a {@link org.wasmcloud4j.component.value.Value} a future whose value is
 * known is an {@link org.wasmcloud4j.component.value.Value.OptionValue OptionValue}: {@code some(v)} once ready
 * ({@code some(tuple())} for a {@code future} without a payload type), {@code none} while pending.
 */
public record FutureType(Optional<ValType> element) implements ValType {
    /** @param element the payload type, if any */
    public FutureType {
        Objects.requireNonNull(element, "element");
    }

    /** {@code future<element>}, or {@code future} when {@code element} is {@code null}. */
    public static FutureType of(ValType element) {
        return new FutureType(Optional.ofNullable(element));
    }

    @Override
    public boolean containsHandles() {
        return element.map(ValType::containsHandles).orElse(false);
    }

    @Override
    public String toString() {
        return element.map(e -> "future<" + e + ">").orElse("future");
    }
}
