package org.wasmcloud4j.component.abi;

/** The four core WebAssembly number types that component values flatten to. */
public enum CoreValType {
    /** 32-bit integer. */
    I32,
    /** 64-bit integer. */
    I64,
    /** 32-bit float. */
    F32,
    /** 64-bit float. */
    F64;

    /** The WebAssembly text spelling, e.g. {@code i32}. */
    public String wat() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The canonical ABI's {@code join}: the type that can carry either of {@code a} and {@code b} in one slot. */
    static CoreValType join(CoreValType a, CoreValType b) {
        if (a == b) {
            return a;
        }
        if ((a == I32 && b == F32) || (a == F32 && b == I32)) {
            return I32;
        }
        return I64;
    }
}
