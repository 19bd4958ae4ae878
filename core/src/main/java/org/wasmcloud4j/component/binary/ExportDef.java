package org.wasmcloud4j.component.binary;

import java.util.Objects;
import java.util.Optional;

/**
 * A component export: {@code (export "name" sortidx externtype?)}.
 *
 * @param offset byte offset of the name
 * @param name the plain export name
 * @param attributes name attributes (usually {@link Decl.NameAttributes#NONE})
 * @param target what is exported
 * @param ascribedType the optional type ascription
 */
public record ExportDef(long offset, String name, Decl.NameAttributes attributes, SortIndex target,
        Optional<ExternType> ascribedType) {
    /** Checks nulls. */
    public ExportDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(ascribedType, "ascribedType");
    }
}
