package org.wasmcloud4j.component.types;

import java.util.Locale;
import java.util.Optional;

/** The primitive value types, spelled as in WIT. */
public enum PrimitiveType implements ValType {
    BOOL, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, CHAR, STRING;

    /** The WIT spelling, e.g. {@code u32}. */
    public String witName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The primitive spelled {@code witName} in WIT ({@code float32}/{@code float64} are accepted as legacy). */
    public static Optional<PrimitiveType> fromWit(String witName) {
        switch (witName) {
            case "float32": return Optional.of(F32);
            case "float64": return Optional.of(F64);
            default:
                for (PrimitiveType p : values()) {
                    if (p.witName().equals(witName)) {
                        return Optional.of(p);
                    }
                }
                return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return witName();
    }
}
