package org.wasmcloud4j.component.binary;

/** The primitive value types ({@code primvaltype}) with their binary codes. */
public enum PrimitiveType implements ValTypeRef {
    /** bool (0x7f). */
    BOOL(0x7f, "bool"),
    /** s8 (0x7e). */
    S8(0x7e, "s8"),
    /** u8 (0x7d). */
    U8(0x7d, "u8"),
    /** s16 (0x7c). */
    S16(0x7c, "s16"),
    /** u16 (0x7b). */
    U16(0x7b, "u16"),
    /** s32 (0x7a). */
    S32(0x7a, "s32"),
    /** u32 (0x79). */
    U32(0x79, "u32"),
    /** s64 (0x78). */
    S64(0x78, "s64"),
    /** u64 (0x77). */
    U64(0x77, "u64"),
    /** f32 (0x76). */
    F32(0x76, "f32"),
    /** f64 (0x75). */
    F64(0x75, "f64"),
    /** char (0x74). */
    CHAR(0x74, "char"),
    /** string (0x73). */
    STRING(0x73, "string"),
    /** error-context (0x64), an async-era type: decoded and marked, not supported by the runtime. */
    ERROR_CONTEXT(0x64, "error-context");

    private static final PrimitiveType[] BY_CODE = new PrimitiveType[0x80];

    static {
        for (PrimitiveType p : values()) {
            BY_CODE[p.code] = p;
        }
    }

    private final int code;
    private final String witName;

    PrimitiveType(int code, String witName) {
        this.code = code;
        this.witName = witName;
    }

    /** The binary code. */
    public int code() {
        return code;
    }

    /** The WIT spelling, e.g. {@code "u32"}. */
    public String witName() {
        return witName;
    }

    /** Whether this type belongs to the async-era additions. */
    public boolean isAsync() {
        return this == ERROR_CONTEXT;
    }

    static PrimitiveType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
