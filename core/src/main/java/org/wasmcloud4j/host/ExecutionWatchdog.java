package org.wasmcloud4j.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Interrupts invocations that run past their deadline. One daemon thread checks the threads running invocations every
 * tick instead of scheduling a timer task per invocation. Each calling thread has one {@link Ticket}, registered the
 * first time it invokes, so starting and ending an invocation is a counter and a volatile write. Invocations nested
 * on one thread (a linked call runs on its caller's thread) keep the outermost deadline, which is the earliest.
 * Chicory stops guest code when its thread is interrupted.
 */
final class ExecutionWatchdog implements AutoCloseable {
    /** The invocations running on one thread. */
    static final class Ticket implements AutoCloseable {
        private final Thread thread;
        /** How many invocations are nested on the thread now (only the thread changes it). */
        private int depth;
        /** The outermost invocation's deadline ({@code System.nanoTime}); meaningful while {@link #running}. */
        private volatile long deadline;
        private volatile boolean running;
        private volatile boolean fired;

        private Ticket(Thread thread) {
            this.thread = thread;
        }

        /** Whether the deadline passed and the thread was interrupted. */
        boolean fired() {
            return fired;
        }

        /** Ends one invocation; the outermost one clears the interrupt if it was the watchdog's. */
        @Override
        public void close() {
            if (--depth > 0) {
                return;
            }
            synchronized (this) {
                running = false;
                if (fired) {
                    fired = false;
                    Thread.interrupted();
                }
            }
        }
    }

    private final List<Ticket> tickets = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Ticket> mine = new ThreadLocal<>();
    private final long tickMillis;
    private final String name;
    private volatile Thread thread;
    private volatile boolean closed;

    ExecutionWatchdog(long limitNanos, String name) {
        this.tickMillis = Math.max(1, Math.min(100, limitNanos / 10 / 1_000_000));
        this.name = name;
    }

    /** Watches the calling thread until {@code limitNanos} from now (or the deadline of an invocation it is in). */
    Ticket start(long limitNanos) {
        Ticket t = mine.get();
        if (t == null) {
            t = new Ticket(Thread.currentThread());
            mine.set(t);
            tickets.add(t);
            if (thread == null) {   // racy read: ensureThread checks again under the lock
                ensureThread();
            }
        }
        if (t.depth++ == 0) {
            t.deadline = System.nanoTime() + limitNanos;
            t.running = true;
        }
        return t;
    }

    private synchronized void ensureThread() {
        if (thread == null && !closed) {
            Thread w = new Thread(this::watch, name);
            w.setDaemon(true);
            w.start();
            thread = w;
        }
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            for (Ticket t : tickets) {
                if (!t.thread.isAlive()) {
                    tickets.remove(t);   // its thread ended: nothing left to watch
                } else if (t.running && !t.fired && now - t.deadline >= 0) {
                    synchronized (t) {
                        if (t.running && now - t.deadline >= 0) {
                            t.fired = true;
                            t.thread.interrupt();
                        }
                    }
                }
            }
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
