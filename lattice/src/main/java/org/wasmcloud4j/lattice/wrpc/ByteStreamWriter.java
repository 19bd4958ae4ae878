package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A pending {@code stream<u8>} written to its channel as it is produced: bytes are gathered up to one message
 * (the server's max payload, at most {@value #MAX_CHUNK} bytes) and sent as a chunk (u32 LEB128 count + bytes) when
 * that fills or on {@link #flush()}; {@link #close()} sends the end chunk {@code 00} and EOF. NATS has no flow
 * control, so the sender bounds what it has handed to the connection but not yet seen through the NATS server:
 * every {@value #FLUSH_EVERY} bytes it waits for a flush round trip ({@link StreamChannelSender}), so a fast producer
 * cannot queue an unbounded body in the connection. The receiver bounds its side with its buffer limit
 * ({@link ChannelDemux}). {@link #abort()} ends the channel without the end chunk, which the peer reads as a truncated
 * stream (an error, never a silently short body). Thread-safe (a failing call may abort it from the dispatcher).
 */
final class ByteStreamWriter extends OutputStream implements OwedWrites.OpenStream {
    /** Largest chunk payload per message. */
    static final int MAX_CHUNK = 256 << 10;
    /** Bytes sent between flush round trips. */
    static final long FLUSH_EVERY = StreamChannelSender.FLUSH_EVERY;

    private final StreamChannelSender channel;
    private final byte[] buf;
    private int n;
    private long sent;

    /**
     * @param callFailure the call's failure if it has failed (then writes fail and the stream is aborted), else null
     */
    ByteStreamWriter(Connection nats, String subject, long maxPayload, Duration timeout,
            Supplier<WrpcException> callFailure) {
        this.channel = new StreamChannelSender(nats, subject, maxPayload, timeout, callFailure);
        this.buf = new byte[StreamChannelSender.chunkBytes(maxPayload)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        check();
        while (len > 0) {
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
            if (n == buf.length) {
                sendChunk();
            }
        }
    }

    /** Sends the bytes gathered so far as one chunk (nothing if none). */
    @Override
    public synchronized void flush() throws IOException {
        check();
        if (n > 0) {
            sendChunk();
        }
    }

    /** Sends what is left, the end chunk and EOF. */
    @Override
    public synchronized void close() throws IOException {
        if (channel.isClosed()) {
            return;
        }
        flush();
        try {
            channel.end();
        } catch (WrpcTransportException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void end() throws IOException {
        close();
    }

    /** Ends the channel without the end chunk (the peer sees a truncated stream); never throws. */
    @Override
    public synchronized void abort() {
        channel.abort();
    }

    @Override
    public synchronized boolean isClosed() {
        return channel.isClosed();
    }

    /** Body bytes sent so far. */
    synchronized long sent() {
        return sent;
    }

    private void check() throws IOException {
        try {
            channel.check();
        } catch (WrpcException e) {
            throw new IOException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private void sendChunk() throws IOException {
        try {
            channel.sendChunk(n, buf, n);
        } catch (WrpcTransportException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedIOException("interrupted sending the wRPC stream on " + channel.subject());
            }
            throw new IOException(e.getMessage(), e);
        }
        sent += n;
        n = 0;
    }
}
