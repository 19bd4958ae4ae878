package org.wasmcloud4j.component.binary;

import java.util.Objects;

/**
 * A component import, or an import declaration in a component type: {@code (import "name" externtype)}.
 *
 * @param offset byte offset of the name
 * @param name the plain import name (the 0x00 and 0x01 name forms are equivalent)
 * @param attributes name attributes (usually {@link Decl.NameAttributes#NONE})
 * @param type the imported type
 */
public record ImportDef(long offset, String name, Decl.NameAttributes attributes, ExternType type) implements Decl {
    /** Checks nulls. */
    public ImportDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(type, "type");
    }
}
