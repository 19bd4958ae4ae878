package org.wasmcloud4j.httpserver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A response's head and body as the handler writes them: messages are queued and handed to the event loop in one
 * task per flush (so a small response costs one or two wake-ups of the I/O thread, not one per write); a writer
 * that gets ahead of the socket waits until the channel is writable again, at most the idle timeout.
 */
final class ResponseBody extends OutputStream {
    /** Queued bytes past which a write waits for the event loop to take them. */
    private static final int MAX_QUEUED = 64 * 1024;

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

    ResponseBody(Exchange exchange, Channel channel, HttpResponse head, long declared) {
        this.exchange = exchange;
        this.channel = channel;
        this.declared = declared;
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
            ByteBuf buf = channel.alloc().buffer(len);
            buf.writeBytes(b, off, len);
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
        synchronized (this) {
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
        for (Object m : out) {
            if (m == LastHttpContent.EMPTY_LAST_CONTENT) {
                if (aborting) {
                    continue;   // never end a message that was cut off
                }
                channel.write(m).addListener(f -> exchange.connection().responseDone(exchange));
            } else {
                channel.write(m);
            }
        }
        channel.flush();
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
