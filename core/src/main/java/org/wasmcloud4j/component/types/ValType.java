package org.wasmcloud4j.component.types;

/**
 * A component-model value type: the one type model shared by the binary decoder, the validator, the WIT parser and
 * printer, the canonical ABI, wRPC and code generation.
 *
 * <p>All implementations are immutable and compare structurally, except that {@link NamedType} also compares its
 * name and owner and {@link ResourceType resources} compare by identity of name and owner.
 */
public sealed interface ValType permits PrimitiveType, ListType, RecordType, TupleType, VariantType, EnumType,
        OptionType, ResultType, FlagsType, HandleType, NamedType {

    /**
     * This type with every {@link NamedType} wrapper removed at the top level: what the canonical ABI and wRPC see.
     */
    default ValType unwrap() {
        return this;
    }

    /** Whether values of this type can contain resource handles anywhere inside. */
    default boolean containsHandles() {
        return false;
    }
}
