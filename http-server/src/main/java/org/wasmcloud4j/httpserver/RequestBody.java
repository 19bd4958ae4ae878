package org.wasmcloud4j.httpserver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body as it arrives: the event loop offers chunks, the handler's thread reads them. Past
 * {@link #HIGH_WATER} unread bytes the connection stops reading (TCP pushes back on the client) until the reader
 * is below {@link #LOW_WATER}; bytes past the limit fail the stream.
 */
final class RequestBody extends InputStream {
    /** Buffered bytes past which the connection stops reading. */
    static final int HIGH_WATER = 256 * 1024;
    /** Buffered bytes below which a paused connection reads again. */
    static final int LOW_WATER = 64 * 1024;

    private final Channel channel;
    private final long limit;
    private final Runnable resume;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>(4);   // most bodies are one chunk or none
    private long received;
    private int buffered;
    private boolean ended;
    private String failure;

    RequestBody(Channel channel, long limit, Runnable resume) {
        this.channel = channel;
        this.limit = limit;
        this.resume = resume;
    }

    /** Bytes received and not read yet. */
    synchronized int buffered() {
        return buffered;
    }

    long limit() {
        return limit;
    }

    synchronized long received() {
        return received;
    }

    /** On the event loop: more bytes (retained when kept); false when they pass the limit. */
    synchronized boolean offer(ByteBuf b) {
        int n = b.readableBytes();
        received += n;
        if (received > limit) {
            // the caller fails the body after it took the response over, so the reader cannot answer first
            return false;
        }
        if (failure == null && n > 0) {
            chunks.add(b.retain());
            buffered += n;
            notifyAll();
        }
        return true;
    }

    /** On the event loop: the body is complete. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The body will not complete: reads fail with {@code why}. */
    synchronized void fail(String why) {
        failLocked(why);
    }

    private void failLocked(String why) {
        if (failure == null && !ended) {
            failure = why;
        }
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        buffered = 0;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            ByteBuf head = chunks.peek();
            if (head != null) {
                int n = Math.min(len, head.readableBytes());
                head.readBytes(b, off, n);
                if (!head.isReadable()) {
                    chunks.poll().release();
                }
                int before = buffered;
                buffered -= n;
                if (before >= LOW_WATER && buffered < LOW_WATER) {
                    channel.eventLoop().execute(resume);   // reading may have paused: start it again
                }
                return n;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (ended) {
                return -1;
            }
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the request body");
            }
            if (!channel.isActive() && chunks.isEmpty() && !ended) {
                failLocked("the client went away before the request body ended");
            }
        }
    }

    @Override
    public synchronized int available() {
        return chunks.stream().mapToInt(ByteBuf::readableBytes).sum();
    }

    @Override
    public synchronized void close() {
        failLocked("the request body stream was closed");
    }
}
