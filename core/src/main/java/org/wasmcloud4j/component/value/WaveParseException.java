package org.wasmcloud4j.component.value;

/** WAVE text that does not parse as a value of the expected type; names the offset and what was expected. */
public class WaveParseException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param offset character offset in the input
     * @param message what was expected
     */
    public WaveParseException(int offset, String message) {
        super(message + " (at offset " + offset + ")");
        this.offset = offset;
    }

    /** Character offset in the input where parsing failed. */
    public int offset() {
        return offset;
    }
}
