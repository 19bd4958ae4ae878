package org.wasmcloud4j.component.binary;

/**
 * The bytes given are not a well-formed WebAssembly binary of the expected kind.
 *
 * <p>Names what was expected and the byte offset (from the start of the whole input) where decoding failed.
 */
public class DecodeException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String detail;

    /**
     * @param offset byte offset in the input where the problem was found
     * @param message what was expected or what is wrong
     */
    public DecodeException(long offset, String message) {
        super(message + " (at byte offset " + offset + ")");
        this.offset = offset;
        this.detail = message;
    }

    /**
     * @param offset byte offset in the input where the problem was found
     * @param message what was expected or what is wrong
     * @param cause the failure of a lower layer (for example Chicory's parser) that this exception reports
     */
    public DecodeException(long offset, String message, Throwable cause) {
        super(message + " (at byte offset " + offset + ")", cause);
        this.offset = offset;
        this.detail = message;
    }

    /** Byte offset from the start of the input where decoding failed. */
    public long offset() {
        return offset;
    }

    /** The message without the trailing offset note. */
    public String detail() {
        return detail;
    }
}
