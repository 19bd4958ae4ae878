package org.wasmcloud4j.component.binary;

/**
 * The two kinds of WebAssembly binary, told apart by their 8-byte preamble: {@code \0asm}, a 16-bit version and a
 * 16-bit layer (0 for a core module, 1 for a component).
 */
public enum WasmKind {
    /** A core WebAssembly module: version 1, layer 0. */
    CORE_MODULE,
    /** A Component Model component: version 0x0d, layer 1. */
    COMPONENT;

    /** Length of the preamble in bytes. */
    public static final int PREAMBLE_LENGTH = 8;

    private static final int CORE_VERSION = 1;
    private static final int COMPONENT_VERSION = 0x0d;

    /**
     * Reads the preamble of {@code bytes}.
     *
     * @throws DecodeException naming the offset and what was expected when the input is too short, has no
     *     {@code \0asm} magic, or has a version/layer pair this library does not support
     */
    public static WasmKind detect(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw new DecodeException(0, bytes.length < 4
                    ? "input of " + bytes.length + " bytes is too short for the \\0asm magic"
                    : "expected the \\0asm magic number");
        }
        if (bytes.length < PREAMBLE_LENGTH) {
            throw new DecodeException(bytes.length, "truncated preamble: expected 8 bytes (magic, version, layer), got "
                    + bytes.length);
        }
        int version = (bytes[4] & 0xff) | (bytes[5] & 0xff) << 8;
        int layer = (bytes[6] & 0xff) | (bytes[7] & 0xff) << 8;
        if (layer == 0 && version == CORE_VERSION) {
            return CORE_MODULE;
        }
        if (layer == 1 && version == COMPONENT_VERSION) {
            return COMPONENT;
        }
        if (layer == 1) {
            throw new DecodeException(4, "unsupported component binary version 0x" + Integer.toHexString(version)
                    + ": expected 0xd");
        }
        if (layer == 0) {
            throw new DecodeException(4, "unsupported core module version " + version + ": expected 1");
        }
        throw new DecodeException(6, "unknown binary layer " + layer + ": expected 0 (core module) or 1 (component)");
    }
}
