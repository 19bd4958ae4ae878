package org.wasmcloud4j.component.types;

import java.util.Objects;

/** An imported or exported type: a named value type or a resource. */
public record TypeExtern(TypeDefinition type) implements ExternType {
    /** @param type the type */
    public TypeExtern {
        Objects.requireNonNull(type, "type");
    }
}
