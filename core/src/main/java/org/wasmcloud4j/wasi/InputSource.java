package org.wasmcloud4j.wasi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The host side of a {@code wasi:io/streams.input-stream}, with the readiness that {@code read}, {@code subscribe}
 * and {@code poll} need. Streams that never block (in-memory bytes, files) are read directly; any other Java
 * {@link InputStream} (a console, a pipe, a socket) is drained by a daemon thread into a bounded buffer, so a
 * non-blocking {@code read} returns what has arrived and a pollable is ready exactly when data (or the end) is there.
 */
abstract class InputSource {
    /** End of stream. */
    static final byte[] EOF = null;

    /** Up to {@code max} bytes; empty when nothing is there yet ({@code block} false); {@link #EOF} at the end. */
    abstract byte[] read(int max, boolean block) throws IOException;

    /** Whether a read would not block. */
    abstract boolean ready();

    /** Waits until {@link #ready()}. */
    abstract void awaitReady() throws InterruptedException;

    /** The component dropped the stream (most sources belong to someone else and stay open). */
    void dropped() {
    }

    /**
     * A source for {@code in} whose blocking reads fail with {@link ReadTimeout} once no byte has arrived for
     * {@code betweenBytesNanos} (HTTP's between-bytes timeout); the stream is then closed.
     */
    static InputSource withReadTimeout(InputStream in, long betweenBytesNanos) {
        return new Pumped(in, betweenBytesNanos);
    }

    /** No byte arrived within the between-bytes timeout. */
    static final class ReadTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        ReadTimeout(long nanos) {
            super("no data for " + java.time.Duration.ofNanos(nanos) + " (between-bytes timeout)");
        }
    }

    /**
     * A source the component owns (an HTTP body, a blob streamed from elsewhere): as {@link #of}, but dropping the
     * stream closes {@code in} and ends the pump thread, releasing whatever is behind it (a connection, a wRPC
     * call) even when the component stops reading half-way.
     */
    static InputSource owned(InputStream in) {
        if (in instanceof ByteArrayInputStream) {
            return new Closing(in);
        }
        return new Pumped(in, 0, true);
    }

    /** As {@link #owned}, with the between-bytes timeout of {@link #withReadTimeout}. */
    static InputSource ownedWithReadTimeout(InputStream in, long betweenBytesNanos) {
        return new Pumped(in, betweenBytesNanos, true);
    }

    static InputSource of(InputStream in) {
        if (in instanceof ByteArrayInputStream || in instanceof java.io.FileInputStream
                || in.getClass().getName().startsWith("sun.nio.ch.ChannelInputStream")) {
            return new Direct(in);
        }
        return new Pumped(in);
    }

    /** A stream whose reads never wait for long (memory, files). */
    static class Direct extends InputSource {
        private final InputStream in;

        Direct(InputStream in) {
            this.in = in;
        }

        @Override
        byte[] read(int max, boolean block) throws IOException {
            byte[] buf = new byte[max];
            int n = in.read(buf, 0, max);
            return n < 0 ? EOF : Arrays.copyOf(buf, n);
        }

        @Override
        boolean ready() {
            return true;
        }

        @Override
        void awaitReady() {
        }
    }

    /** A {@link Direct} stream the component owns: closed when it drops the stream. */
    static final class Closing extends Direct {
        private final InputStream in;

        Closing(InputStream in) {
            super(in);
            this.in = in;
        }

        @Override
        void dropped() {
            try {
                in.close();
            } catch (IOException e) {
                // the component is done with it; nobody is left to tell
            }
        }
    }

    /** A stream drained by a daemon thread into a bounded buffer. */
    static final class Pumped extends InputSource {
        private static final int CAPACITY = 64 << 10;
        private final byte[] buffer = new byte[CAPACITY];
        private int start;
        private int length;
        private boolean eof;
        private IOException failure;
        private final InputStream in;
        /** 0 for none; else the longest wait for the next byte. */
        private final long timeoutNanos;
        private long lastArrival = System.nanoTime();
        /** Whether dropping the stream closes {@link #in}. */
        private final boolean owned;
        /** Set when an owned stream is dropped: the pump stops. */
        private boolean gone;

        Pumped(InputStream in) {
            this(in, 0);
        }

        Pumped(InputStream in, long timeoutNanos) {
            this(in, timeoutNanos, false);
        }

        Pumped(InputStream in, long timeoutNanos, boolean owned) {
            this.in = in;
            this.timeoutNanos = timeoutNanos;
            this.owned = owned;
            Thread t = new Thread(() -> pump(in), "wasi-input-pump");
            t.setDaemon(true);
            t.start();
        }

        private void pump(InputStream in) {
            byte[] chunk = new byte[8192];
            try {
                while (true) {
                    int n = in.read(chunk);
                    synchronized (this) {
                        if (gone) {
                            return;
                        }
                        if (n < 0) {
                            eof = true;
                            notifyAll();
                            return;
                        }
                        int off = 0;
                        while (off < n) {
                            while (length == CAPACITY && !gone) {
                                wait();
                            }
                            if (gone) {
                                return;
                            }
                            int end = (start + length) % CAPACITY;
                            int room = Math.min(CAPACITY - length, Math.min(n - off, CAPACITY - end));
                            System.arraycopy(chunk, off, buffer, end, room);
                            length += room;
                            off += room;
                            lastArrival = System.nanoTime();
                            notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    if (failure == null && !gone) {
                        failure = e;
                    }
                    notifyAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        synchronized byte[] read(int max, boolean block) throws IOException {
            if (block) {
                try {
                    while (length == 0 && !eof && failure == null && !timedOut()) {
                        waitForData();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading", e);
                }
            }
            if (length == 0) {
                if (failure != null) {
                    throw failure;
                }
                return eof ? EOF : new byte[0];
            }
            int n = Math.min(max, length);
            byte[] out = new byte[n];
            int first = Math.min(n, CAPACITY - start);
            System.arraycopy(buffer, start, out, 0, first);
            System.arraycopy(buffer, 0, out, first, n - first);
            start = (start + n) % CAPACITY;
            length -= n;
            notifyAll();
            return out;
        }

        @Override
        synchronized boolean ready() {
            return length > 0 || eof || failure != null || timedOut();
        }

        /** An owned stream: stop the pump and close the source (outside the lock: a close must not wait on it). */
        @Override
        void dropped() {
            if (!owned) {
                return;
            }
            synchronized (this) {
                gone = true;
                notifyAll();
            }
            try {
                in.close();
            } catch (IOException e) {
                // the component is done with it; nobody is left to tell
            }
        }

        @Override
        synchronized void awaitReady() throws InterruptedException {
            while (!ready()) {
                waitForData();
            }
        }

        /** Whether the between-bytes timeout has passed with nothing buffered; then the source fails for good. */
        private boolean timedOut() {
            if (timeoutNanos <= 0 || length > 0 || eof || failure != null
                    || System.nanoTime() - lastArrival < timeoutNanos) {
                return false;
            }
            failure = new ReadTimeout(timeoutNanos);
            try {
                in.close();   // ends the pump thread's read
            } catch (IOException e) {
                // the failure above is what the guest sees
            }
            return true;
        }

        private void waitForData() throws InterruptedException {
            if (timeoutNanos <= 0) {
                wait();
                return;
            }
            long left = timeoutNanos - (System.nanoTime() - lastArrival);
            if (left > 0) {
                wait(Math.max(1, left / 1_000_000), 0);
            }
        }
    }
}
