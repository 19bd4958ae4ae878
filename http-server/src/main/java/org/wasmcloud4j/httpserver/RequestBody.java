package org.wasmcloud4j.httpserver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body as it arrives: the event loop offers chunks, the handler's thread reads them. Reads are asked
 * of the socket only when the reader has nothing left, so at most one read's worth waits here; bytes past the
 * limit fail the stream.
 */
final class RequestBody extends InputStream {
    private final Channel channel;
    private final long limit;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long received;
    private boolean ended;
    private String failure;
    private volatile boolean wantsData;

    RequestBody(Channel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    synchronized long received() {
        return received;
    }

    /** Whether the reader waits for bytes. */
    boolean wantsData() {
        return wantsData;
    }

    /** On the event loop: more bytes (retained when kept); false when they pass the limit. */
    synchronized boolean offer(ByteBuf b) {
        int n = b.readableBytes();
        received += n;
        if (received > limit) {
            failLocked("the request body is larger than " + limit + " bytes");
            return false;
        }
        if (failure == null && n > 0) {
            chunks.add(b.retain());
            wantsData = false;
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
                return n;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (ended) {
                return -1;
            }
            if (!wantsData) {
                wantsData = true;
                channel.read();   // reads are paused while a request is handled: ask for the next ones
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
