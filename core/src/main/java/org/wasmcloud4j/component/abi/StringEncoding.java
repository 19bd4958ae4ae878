package org.wasmcloud4j.component.abi;

/** The string encodings a {@code canon lift}/{@code canon lower} may declare. */
public enum StringEncoding {
    /** UTF-8 (the default). */
    UTF8,
    /** UTF-16 little-endian, length counted in code units. */
    UTF16,
    /** Latin-1 when every character fits, else UTF-16 with the top bit of the length set. */
    LATIN1_UTF16
}
