package org.wasmcloud4j.wasi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * An output stream with WASI readiness: writes go into a bounded queue that a short-lived writer thread drains into
 * a slow destination (a socket), so {@code check-write} can say how much may be written without blocking, a pollable
 * can wait for room, and a non-blocking {@code flush} can be followed by waiting for it to complete. Used for socket
 * streams; plain Java streams (stdout, files) are written directly. The writer thread exists only while there are
 * bytes to write.
 */
final class QueuedOutput extends OutputStream {
    /** Bytes queued before {@link #writable()} reports no room. */
    static final int CAPACITY = 64 << 10;

    private final OutputStream out;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queued;
    private boolean writing;
    private boolean flushRequested;
    private IOException failure;

    QueuedOutput(OutputStream out) {
        this.out = out;
    }

    /**
     * How many bytes may be written now without blocking: 0 while the queue is full or a requested flush is still
     * running; -1 when the last write failed ({@link #failure()} says why).
     */
    synchronized long writable() {
        if (failure != null) {
            return -1;
        }
        if (flushRequested) {
            if (queued > 0 || writing) {
                return 0;
            }
            flushRequested = false;
        }
        return CAPACITY - queued;
    }

    /** Why the last write failed, or {@code null}; reported once. */
    synchronized IOException failure() {
        IOException f = failure;
        failure = null;
        return f;
    }

    /** As {@link #failure()}, never {@code null} (for a caller that saw {@link #writable()} return -1). */
    IOException failureOrGeneric() {
        IOException f = failure();
        return f != null ? f : new IOException("the last write failed");
    }

    /** WASI's non-blocking flush: the queue is drained anyway; {@link #writable()} is 0 until it is. */
    synchronized void requestFlush() {
        flushRequested = true;
    }

    /** Waits until {@link #writable()} is not 0. */
    synchronized void awaitWritable() throws InterruptedException {
        while (writable() == 0) {
            wait();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Queues the bytes; blocks only when they do not fit (a guest that ignored {@code check-write}). */
    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        throwFailure();
        try {
            while (queued > 0 && queued + len > CAPACITY && failure == null) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write");
        }
        throwFailure();
        if (len == 0) {
            return;
        }
        queue.addLast(java.util.Arrays.copyOfRange(b, off, off + len));
        queued += len;
        if (!writing) {
            writing = true;
            Thread t = new Thread(this::drain, "wasi-output");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Blocking flush: waits until every queued byte is written, then flushes the destination. */
    @Override
    public void flush() throws IOException {
        synchronized (this) {
            try {
                while ((queued > 0 || writing) && failure == null) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while flushing");
            }
            throwFailure();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    private void throwFailure() throws IOException {
        IOException f = failure();
        if (f != null) {
            throw f;
        }
    }

    private void drain() {
        while (true) {
            byte[] chunk;
            synchronized (this) {
                chunk = queue.pollFirst();
                if (chunk == null) {
                    writing = false;
                    notifyAll();
                    return;
                }
            }
            try {
                out.write(chunk);
                out.flush();
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                    queue.clear();
                    queued = 0;
                    writing = false;
                    notifyAll();
                    return;
                }
            }
            synchronized (this) {
                queued -= chunk.length;
                notifyAll();
            }
        }
    }
}
