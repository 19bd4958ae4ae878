package org.wasmcloud4j.component.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface, which is also the type of a component instance: named types and functions, in declaration order.
 *
 * <p>Resource methods are functions named as in the component model: {@code [constructor]r}, {@code [method]r.m},
 * {@code [static]r.s}.
 */
public record InterfaceType(Optional<InterfaceName> name, Map<String, TypeDefinition> types,
        Map<String, FuncType> functions) implements ExternType {
    /**
     * @param name the interface's package-qualified name; empty for an inline or unnamed instance type
     * @param types named types by name, in order (copied)
     * @param functions functions by name, in order (copied)
     */
    public InterfaceType {
        Objects.requireNonNull(name, "name");
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        for (String f : functions.keySet()) {
            if (types.containsKey(f)) {
                throw new IllegalArgumentException("name '" + f + "' is both a type and a function");
            }
        }
    }

    /** The function named {@code name}, if any. */
    public Optional<FuncType> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** The type named {@code name}, if any. */
    public Optional<TypeDefinition> type(String name) {
        return Optional.ofNullable(types.get(name));
    }
}
