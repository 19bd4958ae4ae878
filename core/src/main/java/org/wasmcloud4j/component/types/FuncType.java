package org.wasmcloud4j.component.types;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A component function type: named parameters and at most one result. */
public record FuncType(List<Param> params, Optional<ValType> result) implements ExternType {
    /** One named parameter. */
    public record Param(String name, ValType type) {
        /**
         * @param name the parameter label
         * @param type the parameter type
         */
        public Param {
            Labels.requireLabel("parameter", name);
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * @param params the parameters in order (copied); names unique
     * @param result the result type, if any
     */
    public FuncType {
        params = List.copyOf(params);
        Objects.requireNonNull(result, "result");
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("duplicate parameter '" + p.name() + "'");
            }
        }
    }

    /** A function type with a nullable result. */
    public static FuncType of(List<Param> params, ValType result) {
        return new FuncType(params, Optional.ofNullable(result));
    }

    @Override
    public String toString() {
        return params.stream().map(p -> p.name() + ": " + p.type()).collect(Collectors.joining(", ", "func(", ")"))
                + result.map(r -> " -> " + r).orElse("");
    }
}
