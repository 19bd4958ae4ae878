package org.wasmcloud4j.component.types;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * A component-model value type: the one type model shared by the binary decoder, the validator, the WIT parser and
 * printer, the canonical ABI, wRPC and code generation.
 *
 * <p>All implementations are immutable and compare structurally, except that {@link NamedType} also compares its
 * name and owner and {@link ResourceType resources} compare by identity of name and owner.
 */
public sealed interface ValType permits PrimitiveType, ListType, RecordType, TupleType, VariantType, EnumType,
        OptionType, ResultType, FlagsType, HandleType, StreamType, FutureType, NamedType {

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

    /**
     * Whether {@code test} holds for this type or any type nested in it (list elements, option payloads, result
     * cases, tuple elements, record fields, variant payloads, stream elements, future payloads), looking through
     * {@link NamedType} wrappers: the test only ever sees unwrapped types.
     */
    default boolean anyWithin(Predicate<ValType> test) {
        ValType u = unwrap();
        if (test.test(u)) {
            return true;
        }
        if (u instanceof ListType l) {
            return l.element().anyWithin(test);
        }
        if (u instanceof OptionType o) {
            return o.some().anyWithin(test);
        }
        if (u instanceof ResultType r) {
            return anyWithin(r.ok(), test) || anyWithin(r.err(), test);
        }
        if (u instanceof TupleType t) {
            return t.elements().stream().anyMatch(e -> e.anyWithin(test));
        }
        if (u instanceof RecordType r) {
            return r.fields().stream().anyMatch(f -> f.type().anyWithin(test));
        }
        if (u instanceof VariantType v) {
            return v.cases().stream().anyMatch(c -> anyWithin(c.type(), test));
        }
        if (u instanceof StreamType s) {
            return anyWithin(s.element(), test);
        }
        if (u instanceof FutureType f) {
            return anyWithin(f.element(), test);
        }
        return false;
    }

    private static boolean anyWithin(Optional<ValType> t, Predicate<ValType> test) {
        return t.isPresent() && t.get().anyWithin(test);
    }
}
