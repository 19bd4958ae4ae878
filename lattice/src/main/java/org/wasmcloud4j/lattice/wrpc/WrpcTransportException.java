package org.wasmcloud4j.lattice.wrpc;

/**
 * A wRPC call failed on the wire: the peer sent bytes that do not decode, stopped sending (idle timeout, or it
 * disappeared mid-stream), sent more than the call may buffer, or the call could not be delivered. Names the NATS
 * subject of the channel and the byte offset within that channel's data where it happened.
 */
public class WrpcTransportException extends WrpcException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final long offset;

    /**
     * @param detail what went wrong
     * @param subject the channel's subject
     * @param offset byte offset within the channel's data ({@code -1} if none applies)
     * @param cause the underlying failure, if any
     */
    public WrpcTransportException(String detail, String subject, long offset, Throwable cause) {
        super(detail + " (on " + subject + (offset >= 0 ? ", at byte offset " + offset : "") + ")", cause);
        this.subject = subject;
        this.offset = offset;
    }

    /** The subject of the channel where the call failed. */
    public String subject() {
        return subject;
    }

    /** The byte offset in the channel's data where the call failed, or {@code -1} if none applies. */
    public long offset() {
        return offset;
    }
}
