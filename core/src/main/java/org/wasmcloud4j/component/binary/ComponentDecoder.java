package org.wasmcloud4j.component.binary;

import java.util.Objects;

/**
 * Decodes Component Model binaries (version 0x0d, layer 1) into a {@link DecodedComponent}.
 *
 * <p>Every section is decoded, in order, with the byte offset of every section and item. Core modules are kept as
 * slices of one private copy of the input and summarized ({@link CoreModuleSummary}); their code is not decoded.
 * Malformed input raises a {@link DecodeException} naming the offset and what was expected; constructs this library
 * cannot support raise an {@link UnsupportedFeatureException} ("unsupported: ..."). Decoding never allocates more
 * than a small multiple of the input size, and nesting of components and of component/instance types is limited to
 * {@value #MAX_NESTING_DEPTH} levels.
 *
 * <p>The decoder checks the binary format only. Index spaces, type checking and name rules are left to the validator.
 */
public final class ComponentDecoder {
    /** Maximum nesting of components in components, and of component/instance types in such types. */
    public static final int MAX_NESTING_DEPTH = 128;

    private ComponentDecoder() {
    }

    /**
     * Decodes a component.
     *
     * @param bytes the component binary; copied once, so later changes to the array do not affect the result
     * @return the decoded component
     * @throws DecodeException when the bytes are not a well-formed component binary
     * @throws UnsupportedFeatureException when they use a construct this library does not support
     */
    public static DecodedComponent decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        byte[] copy = bytes.clone();
        return new ComponentParser(copy, 0).parse(0, copy.length);
    }

    /**
     * Summarizes a standalone core module: its types, imports and exports.
     *
     * @param module the core module binary
     * @throws DecodeException when the bytes are not a well-formed core module (as far as the summary looks)
     */
    public static CoreModuleSummary summarizeCoreModule(byte[] module) {
        Objects.requireNonNull(module, "module");
        byte[] copy = module.clone();
        return CoreDecoding.summarize(copy, 0, copy.length);
    }
}
