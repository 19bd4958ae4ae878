package org.wasmcloud4j.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * A bounded in-memory pipe between a guest writing an HTTP body and the JDK HTTP client reading it on its own
 * thread: writes block while {@link #CAPACITY} bytes are waiting, reads block until bytes arrive, the sink's
 * {@code close} ends the body, and {@link #fail} makes the reader fail (the request is aborted, not sent short).
 */
final class BodyPipe {
    /** Bytes buffered between writer and reader before the writer waits. */
    static final int CAPACITY = 256 << 10;

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte[] head;
    private int headOffset;
    private int buffered;
    private boolean closed;
    private String failure;

    /** The writing end, for the guest's output stream. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                put(java.util.Arrays.copyOfRange(b, off, off + len));
            }

            @Override
            public void close() {
                end();
            }
        };
    }

    /** The reading end, for the HTTP client's body publisher. */
    InputStream source() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return take(b, off, len);
            }

            @Override
            public int available() {
                return ready();
            }
        };
    }

    private synchronized void put(byte[] chunk) throws IOException {
        if (closed) {
            throw new IOException("the body was already finished");
        }
        try {
            while (buffered >= CAPACITY && failure == null) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the HTTP client was not reading the body");
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        if (chunk.length > 0) {
            chunks.addLast(chunk);
            buffered += chunk.length;
            notifyAll();
        }
    }

    private synchronized int take(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        try {
            while (head == null && chunks.isEmpty() && !closed && failure == null) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the guest to write the body");
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        if (head == null) {
            if (chunks.isEmpty()) {
                return -1;   // closed and drained
            }
            head = chunks.removeFirst();
            headOffset = 0;
        }
        int n = Math.min(len, head.length - headOffset);
        System.arraycopy(head, headOffset, b, off, n);
        headOffset += n;
        buffered -= n;
        if (headOffset == head.length) {
            head = null;
        }
        notifyAll();
        return n;
    }

    /** Bytes a read takes without waiting. */
    private synchronized int ready() {
        return buffered;
    }

    /** Ends the body normally: the reader sees end-of-stream after the buffered bytes. */
    synchronized void end() {
        closed = true;
        notifyAll();
    }

    /** Ends the body abnormally: the reader (and a waiting writer) fail with {@code reason}. */
    synchronized void fail(String reason) {
        if (!closed) {
            failure = reason;
            notifyAll();
        }
    }
}
