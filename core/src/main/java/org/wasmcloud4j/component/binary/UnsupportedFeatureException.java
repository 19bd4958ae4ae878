package org.wasmcloud4j.component.binary;

/**
 * The input is well formed as far as the decoder can tell, but uses a construct this library does not support (for
 * example a WebAssembly GC type, a value definition or a removed encoding). The message starts with
 * {@code "unsupported: "} and names the construct and the byte offset.
 */
public class UnsupportedFeatureException extends DecodeException {
    private static final long serialVersionUID = 1L;

    private final String construct;

    /**
     * @param offset byte offset in the input where the construct starts
     * @param construct what is not supported, e.g. {@code "GC rec type"}
     */
    public UnsupportedFeatureException(long offset, String construct) {
        super(offset, "unsupported: " + construct);
        this.construct = construct;
    }

    /** The construct that is not supported, without the {@code "unsupported: "} prefix. */
    public String construct() {
        return construct;
    }
}
