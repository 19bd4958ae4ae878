package org.wasmcloud4j.component.binary;

import java.util.Objects;
import java.util.Optional;

/**
 * A declaration inside a component type or an instance type ({@code componentdecl} / {@code instancedecl}): a core
 * type, a type, an alias, an import (component types only) or an export.
 */
public sealed interface Decl permits CoreType, TypeDef, Alias, ImportDef, Decl.Export {
    /** Byte offset of the declaration's definition in the input. */
    long offset();

    /**
     * {@code (export "name" externtype)} in a component or instance type.
     *
     * @param offset byte offset of the name
     * @param name the plain export name
     * @param attributes name attributes (usually none)
     * @param type the exported type
     */
    record Export(long offset, String name, NameAttributes attributes, ExternType type) implements Decl {
        /** Checks nulls. */
        public Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Attributes of an import or export name (binary {@code nameattributes} with the 0x02 prefix). Most names have
     * none: {@link #NONE}.
     *
     * @param implementsInterface the {@code implements} interface name, if given
     * @param versionSuffix the {@code versionsuffix}, if given
     * @param externalId the {@code external-id}, if given
     */
    record NameAttributes(Optional<String> implementsInterface, Optional<String> versionSuffix,
            Optional<String> externalId) {
        /** No attributes. */
        public static final NameAttributes NONE = new NameAttributes(Optional.empty(), Optional.empty(),
                Optional.empty());

        /** Checks nulls. */
        public NameAttributes {
            Objects.requireNonNull(implementsInterface, "implementsInterface");
            Objects.requireNonNull(versionSuffix, "versionSuffix");
            Objects.requireNonNull(externalId, "externalId");
        }
    }
}
