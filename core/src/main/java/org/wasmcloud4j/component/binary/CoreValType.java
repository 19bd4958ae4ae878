package org.wasmcloud4j.component.binary;

import java.util.Objects;

/**
 * A core WebAssembly value type: a number/vector type or a reference type.
 */
public sealed interface CoreValType permits CoreValType.Num, CoreValType.Ref {
    /** {@code funcref}, i.e. {@code (ref null func)}. */
    Ref FUNCREF = new Ref(true, AbstractHeapType.FUNC, -1);
    /** {@code externref}, i.e. {@code (ref null extern)}. */
    Ref EXTERNREF = new Ref(true, AbstractHeapType.EXTERN, -1);

    /** Number and vector types. */
    enum Num implements CoreValType {
        /** i32 (0x7f). */
        I32,
        /** i64 (0x7e). */
        I64,
        /** f32 (0x7d). */
        F32,
        /** f64 (0x7c). */
        F64,
        /** v128 (0x7b). */
        V128
    }

    /** Abstract heap types (binary codes of the reference-types, GC and exception-handling proposals). */
    enum AbstractHeapType {
        /** func (0x70). */
        FUNC(0x70),
        /** extern (0x6f). */
        EXTERN(0x6f),
        /** any (0x6e). */
        ANY(0x6e),
        /** eq (0x6d). */
        EQ(0x6d),
        /** i31 (0x6c). */
        I31(0x6c),
        /** struct (0x6b). */
        STRUCT(0x6b),
        /** array (0x6a). */
        ARRAY(0x6a),
        /** exn (0x69). */
        EXN(0x69),
        /** none (0x71). */
        NONE(0x71),
        /** noextern (0x72). */
        NOEXTERN(0x72),
        /** nofunc (0x73). */
        NOFUNC(0x73),
        /** noexn (0x74). */
        NOEXN(0x74);

        private final int code;

        AbstractHeapType(int code) {
            this.code = code;
        }

        /** The binary code. */
        public int code() {
            return code;
        }

        static AbstractHeapType fromCode(int code) {
            for (AbstractHeapType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * A reference type {@code (ref null? heaptype)}: either an abstract heap type, or a concrete type index.
     *
     * @param nullable whether {@code null} is a value of the type
     * @param abstractHeapType the abstract heap type, or {@code null} when the heap type is a type index
     * @param typeIndex the concrete type index, or -1 when the heap type is abstract
     */
    record Ref(boolean nullable, AbstractHeapType abstractHeapType, int typeIndex) implements CoreValType {
        /** Checks that exactly one of the heap type forms is given. */
        public Ref {
            if ((abstractHeapType == null) == (typeIndex < 0)) {
                throw new IllegalArgumentException("exactly one of abstractHeapType and typeIndex");
            }
        }

        /** {@code (ref null? ht)} with an abstract heap type. */
        public static Ref of(boolean nullable, AbstractHeapType heapType) {
            return new Ref(nullable, Objects.requireNonNull(heapType), -1);
        }

        /** {@code (ref null? $t)} with a concrete type index. */
        public static Ref concrete(boolean nullable, int typeIndex) {
            return new Ref(nullable, null, typeIndex);
        }
    }
}
