package org.wasmcloud4j.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Interrupts invocations that run past their deadline. One daemon thread checks the threads running invocations every
 * tick instead of scheduling a timer task per invocation. Each calling thread has one {@link Ticket}, registered the
 * first time it invokes, so starting and ending an invocation is a few plain and release writes and one
 * compare-and-set — not even a clock read: time is counted in the watchdog's ticks (each at least {@code tick} long,
 * a tenth of the limit, between 1 and 100 ms), and an invocation is interrupted once more than its limit plus one
 * tick has passed since it began — never early, at most about two ticks late. Invocations nested on one thread (a
 * linked call runs on its caller's thread) keep the outermost deadline, which is the earliest. Chicory stops guest
 * code when its thread is interrupted.
 */
final class ExecutionWatchdog implements AutoCloseable {
    /** The invocations running on one thread. */
    static final class Ticket implements AutoCloseable {
        private static final int IDLE = 0;
        private static final int RUNNING = 1;
        private static final int FIRING = 2;
        private static final int FIRED = 3;
        private static final java.lang.invoke.VarHandle STATE;

        static {
            try {
                STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Ticket.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Thread thread;
        /** How many invocations are nested on the thread now (only the thread changes it). */
        private int depth;
        /** The watchdog tick at which the outermost invocation is late; written before {@link #state} is set. */
        private long deadline;
        /**
         * {@code IDLE}, {@code RUNNING}, {@code FIRING} (the watchdog is interrupting the thread) or {@code FIRED}.
         * The thread moves IDLE→RUNNING (a release write, after the deadline) and RUNNING→IDLE (a compare-and-set);
         * the watchdog moves RUNNING→FIRING→FIRED, so an interrupt never lands after the invocation ended.
         */
        private volatile int state;

        private Ticket(Thread thread) {
            this.thread = thread;
        }

        /** Whether the deadline passed and the thread was interrupted. */
        boolean fired() {
            int s = state;
            return s == FIRING || s == FIRED;
        }

        private void begin(long deadline) {
            this.deadline = deadline;
            STATE.setRelease(this, RUNNING);
        }

        /** The watchdog's side: interrupts the thread if this invocation is still running past its deadline. */
        private void fireIfLate(long tick) {
            if (state == RUNNING && tick - deadline >= 0 && STATE.compareAndSet(this, RUNNING, FIRING)) {
                thread.interrupt();
                state = FIRED;
            }
        }

        /** Ends one invocation; the outermost one clears the interrupt if it was the watchdog's. */
        @Override
        public void close() {
            if (--depth > 0) {
                return;
            }
            if (STATE.compareAndSet(this, RUNNING, IDLE)) {
                return;
            }
            while (state == FIRING) {
                Thread.onSpinWait();   // the interrupt is on its way
            }
            Thread.interrupted();
            state = IDLE;
        }
    }

    private final List<Ticket> tickets = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Ticket> mine = new ThreadLocal<>();
    private final long tickMillis;
    /** The limit in ticks, rounded up. */
    private final long limitTicks;
    /** Ticks of the watchdog thread so far: the clock invocations are timed by. */
    private volatile long ticks;
    private final String name;
    private volatile Thread thread;
    private volatile boolean closed;

    ExecutionWatchdog(long limitNanos, String name) {
        this.tickMillis = Math.max(1, Math.min(100, limitNanos / 10 / 1_000_000));
        this.limitTicks = (limitNanos + tickMillis * 1_000_000 - 1) / (tickMillis * 1_000_000);
        this.name = name;
    }

    /** Watches the calling thread for the limit from now (or until the deadline of an invocation it is in). */
    Ticket start() {
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
            // the tick read may be one behind: one more tick keeps the interrupt from ever coming early
            t.begin(ticks + limitTicks + 1);
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
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = ++ticks;   // only this thread writes it
            for (Ticket t : tickets) {
                if (!t.thread.isAlive()) {
                    tickets.remove(t);   // its thread ended: nothing left to watch
                } else {
                    t.fireIfLate(now);
                }
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
