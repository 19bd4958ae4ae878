package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The sending end of one pending stream's channel, shared by {@link ByteStreamWriter} and {@link ElementStreamWriter}:
 * sends the stream's messages, ends it with the end chunk and EOF, or aborts it with EOF alone (the peer reads a
 * truncated stream). NATS has no flow control, so every {@value #FLUSH_EVERY} bytes it waits for a flush round trip
 * to the NATS server: a fast producer cannot queue without bound in the connection. Not thread-safe: the writers
 * hold their own lock around it.
 */
final class StreamChannelSender {
    /** Bytes sent between flush round trips. */
    static final long FLUSH_EVERY = 1 << 20;

    private final Connection nats;
    private final String subject;
    private final Duration timeout;
    private final long maxPayload;
    private final Supplier<WrpcException> callFailure;
    private long sinceFlush;
    private long sentBytes;
    private boolean closed;

    /**
     * @param maxPayload the NATS server's max payload: the largest message a chunk goes out in
     * @param callFailure the call's failure if it has failed (then sends fail and the stream is aborted), else null
     */
    StreamChannelSender(Connection nats, String subject, long maxPayload, Duration timeout,
            Supplier<WrpcException> callFailure) {
        this.nats = nats;
        this.subject = subject;
        this.maxPayload = Math.max(16, maxPayload);
        this.timeout = timeout;
        this.callFailure = callFailure;
    }

    /** The bytes a chunk gathers before it goes out: one message's worth, {@code min(max_payload − 5, 256 KiB)}. */
    static int chunkBytes(long maxPayload) {
        return (int) Math.max(1, Math.min(ByteStreamWriter.MAX_CHUNK, maxPayload - 5));
    }

    String subject() {
        return subject;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Fails when the stream is closed, or when the call has failed (then the stream is aborted first).
     *
     * @throws WrpcException naming the subject
     */
    void check() {
        if (closed) {
            throw new WrpcException("the wRPC stream on " + subject + " is closed");
        }
        WrpcException f = callFailure.get();
        if (f != null) {
            abort();
            throw new WrpcException("the wRPC call failed, stream on " + subject + " aborted: " + f.getMessage(), f);
        }
    }

    /**
     * Sends one chunk of the stream: {@code count} (elements, or bytes for {@code stream<u8>}) as u32 LEB128, then the
     * first {@code length} bytes of {@code body}, in one message or, past the max payload, several (the channel is one
     * byte stream).
     *
     * @throws WrpcTransportException as {@link #send}
     */
    void sendChunk(long count, byte[] body, int length) {
        WireOutput out = new WireOutput(length + 5);
        out.writeUnsigned(count);
        out.write(body, 0, length);
        byte[] chunk = out.toByteArray();
        int step = (int) Math.min(Integer.MAX_VALUE, maxPayload);
        if (chunk.length <= step) {
            send(chunk);
            return;
        }
        for (int at = 0; at < chunk.length; at += step) {
            send(java.util.Arrays.copyOfRange(chunk, at, Math.min(chunk.length, at + step)));
        }
    }

    /**
     * Sends one message of the stream, then, every {@value #FLUSH_EVERY} bytes, waits for the NATS server to confirm
     * what was sent. On any failure the stream is aborted.
     *
     * @throws WrpcTransportException if the connection refuses the message, the server does not confirm in time, or
     *     the thread is interrupted (its flag set again)
     */
    private void send(byte[] message) {
        try {
            CallChannels.send(nats, subject, null, message);
        } catch (WrpcTransportException e) {
            abort();
            throw e;
        }
        sentBytes += message.length;
        sinceFlush += message.length;
        if (sinceFlush >= FLUSH_EVERY) {
            sinceFlush = 0;
            try {
                nats.flush(timeout);
            } catch (TimeoutException e) {
                abort();
                throw new WrpcTransportException("the NATS server did not confirm " + sentBytes + " bytes of the stream "
                        + "within " + timeout.toMillis() + " ms", subject, sentBytes, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
                throw new WrpcTransportException("interrupted sending the stream", subject, sentBytes, e);
            }
        }
    }

    /**
     * Ends the stream: the end chunk {@code 00}, then EOF. Nothing if it is closed already.
     *
     * @throws WrpcTransportException if the connection refuses them
     */
    void end() {
        if (closed) {
            return;
        }
        closed = true;
        CallChannels.send(nats, subject, null, WrpcEncoder.streamEnd());
        CallChannels.send(nats, subject, null, CallChannels.EOF);
    }

    /** Ends the channel without the end chunk (the peer sees a truncated stream); never throws. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CallChannels.send(nats, subject, null, CallChannels.EOF);
        } catch (WrpcTransportException e) {
            // the connection is gone: the peer's idle timeout ends its read
        }
    }
}
