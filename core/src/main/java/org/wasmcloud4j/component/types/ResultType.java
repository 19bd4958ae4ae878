package org.wasmcloud4j.component.types;

import java.util.Objects;
import java.util.Optional;

/** {@code result<T, E>}, where either payload may be absent ({@code result}, {@code result<T>}, {@code result<_, E>}). */
public record ResultType(Optional<ValType> ok, Optional<ValType> err) implements ValType {
    /**
     * @param ok payload of {@code ok}, if any
     * @param err payload of {@code err}, if any
     */
    public ResultType {
        Objects.requireNonNull(ok, "ok");
        Objects.requireNonNull(err, "err");
    }

    /** {@code result<ok, err>} with nullable payloads. */
    public static ResultType of(ValType ok, ValType err) {
        return new ResultType(Optional.ofNullable(ok), Optional.ofNullable(err));
    }

    @Override
    public boolean containsHandles() {
        return ok.map(ValType::containsHandles).orElse(false) || err.map(ValType::containsHandles).orElse(false);
    }

    @Override
    public String toString() {
        if (ok.isEmpty() && err.isEmpty()) {
            return "result";
        }
        if (err.isEmpty()) {
            return "result<" + ok.get() + ">";
        }
        return "result<" + ok.map(Object::toString).orElse("_") + ", " + err.get() + ">";
    }
}
