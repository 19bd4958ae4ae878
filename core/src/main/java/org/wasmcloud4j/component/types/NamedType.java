package org.wasmcloud4j.component.types;

import java.util.Objects;

/**
 * A value type given a name by an interface or world ({@code record point {...}}, {@code type id = u64}).
 *
 * <p>The canonical ABI and wRPC look through the name ({@link #unwrap()}); WIT printing and code generation use it.
 */
public record NamedType(TypeOwner owner, String name, ValType definition) implements ValType, TypeDefinition {
    /**
     * @param owner where the name is defined
     * @param name the WIT name
     * @param definition what the name stands for (may itself be a named type: an alias)
     */
    public NamedType {
        Objects.requireNonNull(owner, "owner");
        Labels.requireLabel("type", name);
        Objects.requireNonNull(definition, "definition");
    }

    @Override
    public ValType unwrap() {
        return definition.unwrap();
    }

    @Override
    public boolean containsHandles() {
        return definition.containsHandles();
    }

    @Override
    public String toString() {
        return name;
    }
}
