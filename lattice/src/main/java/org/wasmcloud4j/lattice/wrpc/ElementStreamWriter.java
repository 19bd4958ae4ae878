package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.function.Supplier;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.value.Value;

/**
 * A pending {@code stream<T>} (T not {@code u8}) written to its channel as it is produced: each element is encoded when
 * written (so a wrong value fails that write), gathered, and sent as one chunk — the element count as u32 LEB128, then
 * the elements — when about one message ({@code min(max_payload − 5, 256 KiB)}) has gathered or on {@link #flush()};
 * a chunk larger than the server's max payload (one large element) goes out in several messages, the channel being
 * one byte stream. {@link #close()} sends the end chunk {@code 00} and EOF; {@link #abort()} only EOF, which the peer
 * reads as a truncated stream. As {@link ByteStreamWriter}, it waits for a flush round trip every
 * {@value StreamChannelSender#FLUSH_EVERY} bytes ({@link StreamChannelSender}) so a fast producer cannot queue without
 * bound in the connection.
 * Thread-safe (a failing call may abort it from the dispatcher).
 */
final class ElementStreamWriter implements ElementWriter, OwedWrites.OpenStream {
    private final WrpcCodec codec;
    private final StreamChannelSender channel;
    private final StreamType type;
    private final IndexPath path;
    private final int chunkBytes;
    private final Gathered gathered = new Gathered();
    private int count;
    private long index;

    /** Growable bytes (the elements of the chunk being gathered). */
    private static final class Gathered {
        private byte[] buf = new byte[256];
        private int n;

        void add(byte[] b, int from) {
            int k = b.length - from;
            if (n + k > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
            }
            System.arraycopy(b, from, buf, n, k);
            n += k;
        }
    }

    ElementStreamWriter(WrpcCodec codec, Connection nats, String subject, StreamType type, IndexPath path,
            long maxPayload, Duration timeout, Supplier<WrpcException> callFailure) {
        this.codec = codec;
        this.channel = new StreamChannelSender(nats, subject, maxPayload, timeout, callFailure);
        this.type = type;
        this.path = path;
        this.chunkBytes = StreamChannelSender.chunkBytes(maxPayload);
    }

    @Override
    public synchronized void write(Value element) {
        java.util.Objects.requireNonNull(element, "element");
        check();
        // a one-element chunk: its count (the single byte 01) is dropped, the element's bytes kept
        Encoded one = codec.encoder().encodeStreamChunk(type, java.util.List.of(element), path, index);
        if (!one.async().isEmpty()) {
            throw new WrpcCodecException("the element holds a stream or future of its own, which an ElementWriter "
                    + "does not send", -1, "stream " + path + " / element " + index);
        }
        gathered.add(one.array(), 1);
        count++;
        index++;
        if (gathered.n >= chunkBytes) {
            sendChunk();
        }
    }

    @Override
    public synchronized void flush() {
        check();
        if (count > 0) {
            sendChunk();
        }
    }

    @Override
    public synchronized void close() {
        if (channel.isClosed()) {
            return;
        }
        flush();
        channel.end();
    }

    @Override
    public synchronized void end() {
        close();
    }

    @Override
    public synchronized void abort() {
        channel.abort();
    }

    @Override
    public synchronized boolean isClosed() {
        return channel.isClosed();
    }

    private void check() {
        channel.check();
    }

    private void sendChunk() {
        channel.sendChunk(count, gathered.buf, gathered.n);
        gathered.n = 0;
        count = 0;
    }
}
