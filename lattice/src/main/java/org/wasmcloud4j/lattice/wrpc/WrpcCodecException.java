package org.wasmcloud4j.lattice.wrpc;

/**
 * Bytes do not decode as a value of the expected type, or a value cannot be encoded as its type. Names the byte
 * offset within the channel's data (from its first byte; for encoding, the output written so far) and the place in
 * the value, e.g. {@code param 0 / field body / element 3}.
 */
public final class WrpcCodecException extends WrpcException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String path;
    private final String detail;

    /**
     * @param detail what is wrong
     * @param offset byte offset in the channel's data
     * @param path where in the value, e.g. {@code param 0 / field body}
     */
    public WrpcCodecException(String detail, long offset, String path) {
        this(detail, offset, path, null);
    }

    /**
     * @param detail what is wrong
     * @param offset byte offset in the channel's data
     * @param path where in the value
     * @param cause the underlying failure, if any
     */
    public WrpcCodecException(String detail, long offset, String path, Throwable cause) {
        super(detail + " (at byte offset " + offset + ", " + path + ")", cause);
        this.offset = offset;
        this.path = path;
        this.detail = detail;
    }

    /** Byte offset in the channel's data where the problem was found. */
    public long offset() {
        return offset;
    }

    /** Where in the value, e.g. {@code param 0 / field body / element 3}. */
    public String path() {
        return path;
    }

    /** The message without offset and path. */
    public String detail() {
        return detail;
    }
}
