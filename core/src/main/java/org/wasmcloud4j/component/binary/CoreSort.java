package org.wasmcloud4j.component.binary;

/** A core sort ({@code core:sort}): the kind of a core definition, with its binary code. */
public enum CoreSort {
    /** {@code func}, code 0x00. */
    FUNC(0x00),
    /** {@code table}, code 0x01. */
    TABLE(0x01),
    /** {@code memory}, code 0x02. */
    MEMORY(0x02),
    /** {@code global}, code 0x03. */
    GLOBAL(0x03),
    /** {@code tag}, code 0x04. */
    TAG(0x04),
    /** {@code type}, code 0x10. */
    TYPE(0x10),
    /** {@code module}, code 0x11. */
    MODULE(0x11),
    /** {@code instance}, code 0x12. */
    INSTANCE(0x12);

    private final int code;

    CoreSort(int code) {
        this.code = code;
    }

    /** The binary code of this sort. */
    public int code() {
        return code;
    }

    /** The sort with binary code {@code code}, or {@code null}. */
    static CoreSort fromCode(int code) {
        for (CoreSort s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
