package org.wasmcloud4j.component.value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.types.PrimitiveType;

/**
 * A dynamic component-model value. Immutable; compared structurally.
 *
 * <p>Values carry the labels they need to be printed (record field names, case names, flag names) but not their
 * full type; {@link Values#check(Value, org.wasmcloud4j.component.types.ValType)} checks a value against a type,
 * {@link Wave} parses (type-directed) and prints the standard WAVE text form.
 */
public sealed interface Value {
    /** {@code bool}. */
    record Bool(boolean value) implements Value {}

    /**
     * An integer of one of the types {@code s8 … u64}. For {@code u64} the value holds the unsigned bits; for every
     * other type it lies in the type's range.
     */
    record Int(PrimitiveType type, long value) implements Value {
        /**
         * @param type one of s8, u8, s16, u16, s32, u32, s64, u64
         * @param value the value (the raw bits for u64)
         */
        public Int {
            Objects.requireNonNull(type, "type");
            Values.requireInRange(type, value);
        }

        @Override
        public String toString() {
            return type == PrimitiveType.U64 ? Long.toUnsignedString(value) : Long.toString(value);
        }
    }

    /** {@code f32}. */
    record F32(float value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof F32 other && Float.floatToIntBits(value) == Float.floatToIntBits(other.value);
        }

        @Override
        public int hashCode() {
            return Float.hashCode(value);
        }
    }

    /** {@code f64}. */
    record F64(double value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof F64 other && Double.doubleToLongBits(value) == Double.doubleToLongBits(other.value);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }
    }

    /** {@code char}: a Unicode scalar value (no surrogates). */
    record Char(int codePoint) implements Value {
        /** @param codePoint a Unicode scalar value */
        public Char {
            if (codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                throw new IllegalArgumentException("not a Unicode scalar value: U+" + Integer.toHexString(codePoint));
            }
        }
    }

    /** {@code string}. */
    record Str(String value) implements Value {
        /** @param value the string */
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code list<T>}. */
    record ListValue(List<Value> elements) implements Value {
        /** @param elements the elements (copied, unless they are an immutable {@link ByteList}) */
        public ListValue {
            elements = elements instanceof ByteList ? elements : List.copyOf(elements);
        }

        /** A {@code list<u8>} of {@code bytes} (copied). */
        public static ListValue ofBytes(byte[] bytes) {
            return new ListValue(ByteList.copyOf(bytes));
        }

        /** The elements as bytes, when this is a {@code list<u8>} (a copy). */
        public byte[] toByteArray() {
            if (elements instanceof ByteList b) {
                return b.toByteArray();
            }
            byte[] out = new byte[elements.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ((Int) elements.get(i)).value();
            }
            return out;
        }
    }

    /** A record: field values by field name, in the record type's order. */
    record RecordValue(Map<String, Value> fields) implements Value {
        /** @param fields field values by name, in order (copied) */
        public RecordValue {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** {@code tuple<...>}. */
    record TupleValue(List<Value> elements) implements Value {
        /** @param elements the elements (copied) */
        public TupleValue {
            elements = List.copyOf(elements);
        }
    }

    /** A variant case with its payload, if the case has one. */
    record VariantValue(String caseName, Optional<Value> payload) implements Value {
        /**
         * @param caseName the case label
         * @param payload the payload, present exactly when the case has a payload type
         */
        public VariantValue {
            Objects.requireNonNull(caseName, "caseName");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** An enum case. */
    record EnumValue(String caseName) implements Value {
        /** @param caseName the case label */
        public EnumValue {
            Objects.requireNonNull(caseName, "caseName");
        }
    }

    /** {@code option<T>}: {@code some(v)} or {@code none}. */
    record OptionValue(Optional<Value> value) implements Value {
        /** @param value the payload of {@code some}, or empty for {@code none} */
        public OptionValue {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code result<T, E>}: {@code ok(v?)} or {@code err(e?)}. */
    record ResultValue(boolean isOk, Optional<Value> payload) implements Value {
        /**
         * @param isOk whether this is {@code ok}
         * @param payload the payload, present exactly when the type has one for this case
         */
        public ResultValue {
            Objects.requireNonNull(payload, "payload");
        }

        /** {@code ok}, carrying {@code payload} ({@code null} for a result type without an ok payload). */
        public static ResultValue ok(Value payload) {
            return new ResultValue(true, Optional.ofNullable(payload));
        }

        /** {@code err}, carrying {@code payload} ({@code null} for a result type without an error payload). */
        public static ResultValue err(Value payload) {
            return new ResultValue(false, Optional.ofNullable(payload));
        }
    }

    /** A {@code flags} value: the set of flags that are set. */
    /** A resource handle ({@code own<R>} or {@code borrow<R>}), held by the host. */
    record Handle(org.wasmcloud4j.component.abi.ResourceHandle resource) implements Value {
        /** @param resource the handle */
        public Handle {
            java.util.Objects.requireNonNull(resource, "resource");
        }
    }

    record FlagsValue(Set<String> set) implements Value {
        /** @param set the names of the flags that are set (copied, order kept) */
        public FlagsValue {
            set = Collections.unmodifiableSet(new LinkedHashSet<>(set));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FlagsValue other && set.equals(other.set);
        }

        @Override
        public int hashCode() {
            return set.hashCode();
        }
    }

    /** {@code bool} value. */
    static Value of(boolean b) {
        return new Bool(b);
    }

    /** {@code s32} value. */
    static Value s32(int v) {
        return new Int(PrimitiveType.S32, v);
    }

    /** {@code u32} value from the unsigned range 0..2^32-1. */
    static Value u32(long v) {
        return new Int(PrimitiveType.U32, v);
    }

    /** {@code s64} value. */
    static Value s64(long v) {
        return new Int(PrimitiveType.S64, v);
    }

    /** {@code u64} value from its unsigned bits. */
    static Value u64(long bits) {
        return new Int(PrimitiveType.U64, bits);
    }

    /** {@code string} value. */
    static Value of(String s) {
        return new Str(s);
    }

    /** {@code list} value. */
    static Value list(List<? extends Value> elements) {
        return new ListValue(new ArrayList<>(elements));
    }
}
