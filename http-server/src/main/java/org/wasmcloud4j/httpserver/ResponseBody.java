package org.wasmcloud4j.httpserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response's head and body as the handler writes them: messages are queued and handed to the event loop in one
 * task per flush (so a small response costs one or two wake-ups of the I/O thread, not one per write); a writer
 * that gets ahead of the socket waits until the channel is writable again, at most the idle timeout. A response
 * that is complete when the event loop takes it (head, body and end, as a small response usually is) goes out as
 * one message framed by its length, even when the handler began it without one: one encoding and one write.
 */
final class ResponseBody extends OutputStream {
    /** Queued bytes past which a write waits for the event loop to take them. */
    private static final int MAX_QUEUED = 64 * 1024;
    /**
     * Writes up to this size are copied to a heap array: cheaper on an invocation thread than a pooled direct buffer
     * (whose allocator is tuned for event-loop threads), and the encoder copies small bodies once anyway.
     */
    private static final int SMALL_WRITE = 8 * 1024;

    private final Exchange exchange;
    private final Channel channel;
    private final long declared;
    private final List<Object> queue = new ArrayList<>();
    private long queuedBytes;
    private long written;
    private boolean scheduled;
    private boolean closed;
    private boolean aborted;
    private volatile boolean waiting;
    /** The trailers to end the body with, taken from the exchange at close; empty: none. Guarded by this. */
    private List<Map.Entry<String, byte[]>> trailers = List.of();

    /**
     * The head (queued first) has no framing yet: it gets a content length if the whole response goes out at once,
     * else {@code transfer-encoding: chunked}.
     */
    private final boolean chunkedUnlessWhole;

    ResponseBody(Exchange exchange, Channel channel, HttpResponse head, long declared, boolean chunkedUnlessWhole) {
        this.exchange = exchange;
        this.channel = channel;
        this.declared = declared;
        this.chunkedUnlessWhole = chunkedUnlessWhole;
        queue.add(head);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    boolean waiting() {
        return waiting;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        synchronized (this) {
            check();
            if (len == 0) {
                return;
            }
            if (declared >= 0 && written + len > declared) {
                throw new IOException("the body is longer than its content-length of " + declared + " bytes");
            }
            ByteBuf buf;
            if (len <= SMALL_WRITE) {
                buf = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(b, off, off + len));
            } else {
                buf = channel.alloc().buffer(len);
                buf.writeBytes(b, off, len);
            }
            queue.add(new DefaultHttpContent(buf));
            written += len;
            queuedBytes += len;
            if (queuedBytes < MAX_QUEUED) {
                return;
            }
        }
        flush();
        awaitRoom();
    }

    private void check() throws IOException {
        if (aborted || exchange.gone()) {
            throw new IOException("the client went away");
        }
        if (closed) {
            throw new IOException("the response body is closed");
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (this) {
            if (closed || aborted) {
                return;
            }
            check();
        }
        schedule();
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            check();
            if (declared >= 0 && written < declared) {
                closed = true;
                aborted = true;
                abortNow();
                throw new IOException("the body ended after " + written + " of its " + declared + " bytes");
            }
            closed = true;
            queue.add(LastHttpContent.EMPTY_LAST_CONTENT);
            trailers = exchange.responseTrailersToSend();
        }
        schedule();
    }

    /** Cuts the response off: what is queued goes out, then the connection closes without ending the message. */
    void abort() {
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            closed = true;
        }
        abortNow();
    }

    private void abortNow() {
        channel.eventLoop().execute(() -> {
            drain(true);
            channel.close();
        });
    }

    private void schedule() {
        synchronized (this) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        channel.eventLoop().execute(() -> drain(false));
    }

    /** On the event loop: writes what is queued and flushes. */
    private void drain(boolean aborting) {
        List<Object> out;
        boolean trailed;
        synchronized (this) {
            trailed = !trailers.isEmpty() && chunkedUnlessWhole;
            out = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
            scheduled = false;
            notifyAll();
        }
        if (exchange.gone() || !channel.isActive()) {
            out.forEach(io.netty.util.ReferenceCountUtil::release);
            return;
        }
        if (!aborting && !trailed && whole(out)) {   // trailers need the chunked framing
            channel.writeAndFlush(full(out)).addListener(f -> exchange.connection().responseDone(exchange));
            return;
        }
        if (chunkedUnlessWhole && !out.isEmpty() && out.get(0) instanceof HttpResponse head) {
            HttpUtil.setTransferEncodingChunked(head, true);   // the body streams: its length is not known yet
        }
        for (Object m : out) {
            if (m == LastHttpContent.EMPTY_LAST_CONTENT) {
                if (aborting) {
                    continue;   // never end a message that was cut off
                }
                channel.write(lastChunk()).addListener(f -> exchange.connection().responseDone(exchange));
            } else {
                channel.write(m);
            }
        }
        channel.flush();
    }

    /** The last chunk: with the exchange's trailers when it has some and the body is chunked. */
    private Object lastChunk() {
        List<Map.Entry<String, byte[]>> t;
        synchronized (this) {
            t = trailers;
        }
        if (t.isEmpty() || !chunkedUnlessWhole) {
            return LastHttpContent.EMPTY_LAST_CONTENT;
        }
        LastHttpContent last = new io.netty.handler.codec.http.DefaultLastHttpContent(Unpooled.EMPTY_BUFFER,
                io.netty.handler.codec.http.DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
        for (Map.Entry<String, byte[]> e : t) {
            last.trailingHeaders().add(e.getKey(), new io.netty.util.AsciiString(e.getValue(), true));
        }
        return last;
    }

    /** Whether {@code out} is a whole response: its head, its body (if any) and its end. */
    private static boolean whole(List<Object> out) {
        return out.size() >= 2 && out.get(0) instanceof HttpResponse
                && out.get(out.size() - 1) == LastHttpContent.EMPTY_LAST_CONTENT;
    }

    /**
     * A whole response as one message: a head begun without a length gets one (the whole body is known; the framing
     * is the server's to choose), a head with a length or without framing (HTTP/1.0) stays as it is.
     */
    private DefaultFullHttpResponse full(List<Object> out) {
        HttpResponse head = (HttpResponse) out.get(0);
        int n = out.size() - 2;
        ByteBuf content;
        if (n == 0) {
            content = Unpooled.EMPTY_BUFFER;
        } else if (n == 1) {
            content = ((HttpContent) out.get(1)).content();
        } else {
            ByteBuf[] parts = new ByteBuf[n];
            for (int i = 0; i < n; i++) {
                parts[i] = ((HttpContent) out.get(i + 1)).content();
            }
            content = Unpooled.wrappedBuffer(parts);   // owns the parts: released with the response
        }
        if (chunkedUnlessWhole) {
            HttpUtil.setContentLength(head, content.readableBytes());
        }
        return new DefaultFullHttpResponse(head.protocolVersion(), head.status(), content, head.headers(),
                EmptyHttpHeaders.INSTANCE);
    }

    /** Waits until the queue was taken and the channel is writable (at most the write timeout). */
    private synchronized void awaitRoom() throws IOException {
        long deadline = System.nanoTime() + exchange.writeTimeoutNanos();
        waiting = true;
        try {
            while ((queuedBytes >= MAX_QUEUED || !channel.isWritable()) && channel.isActive() && !aborted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the client did not read the response for "
                            + java.time.Duration.ofNanos(exchange.writeTimeoutNanos()));
                }
                wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the response");
        } finally {
            waiting = false;
        }
        check();
    }

    /** The channel's writability or state changed. */
    synchronized void wake() {
        notifyAll();
    }
}
