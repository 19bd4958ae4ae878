package org.wasmcloud4j.host;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interrupts invocations that run past their deadline. One daemon thread checks the running invocations every
 * tick instead of scheduling a timer task per invocation, so starting and ending an invocation costs one set
 * insertion and removal. Chicory stops guest code when its thread is interrupted.
 */
final class ExecutionWatchdog implements AutoCloseable {
    /** One running invocation. */
    static final class Ticket implements AutoCloseable {
        private final ExecutionWatchdog owner;
        private final Thread thread;
        private final long deadline;
        private volatile boolean fired;

        private Ticket(ExecutionWatchdog owner, Thread thread, long deadline) {
            this.owner = owner;
            this.thread = thread;
            this.deadline = deadline;
        }

        /** Whether the deadline passed and the thread was interrupted. */
        boolean fired() {
            return fired;
        }

        /** Ends the watch; clears the interrupt if it was this watchdog's. */
        @Override
        public void close() {
            owner.running.remove(this);
            synchronized (this) {
                if (fired) {
                    Thread.interrupted();
                }
            }
        }
    }

    private final Set<Ticket> running = ConcurrentHashMap.newKeySet();
    private final long tickMillis;
    private final String name;
    private volatile Thread thread;
    private volatile boolean closed;

    ExecutionWatchdog(long limitNanos, String name) {
        this.tickMillis = Math.max(1, Math.min(100, limitNanos / 10 / 1_000_000));
        this.name = name;
    }

    /** Watches the calling thread until {@code limitNanos} from now. */
    Ticket start(long limitNanos) {
        Ticket t = new Ticket(this, Thread.currentThread(), System.nanoTime() + limitNanos);
        running.add(t);
        if (thread == null) {   // racy read: ensureThread checks again under the lock
            ensureThread();
        }
        return t;
    }

    private synchronized void ensureThread() {
        if (thread == null && !closed) {
            thread = new Thread(this::watch, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            for (Ticket t : running) {
                if (!t.fired && now - t.deadline >= 0) {
                    synchronized (t) {
                        if (running.contains(t)) {
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
