package org.wasmcloud4j.component.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interrupts guest code that runs past a time limit: Chicory stops guest code when its thread is interrupted (both
 * engine modes check at calls and loop back-edges), and the call then fails with a {@link Trap}. An
 * {@link Engine.Builder#maxExecutionTime engine} with a limit has one; so has a host.
 *
 * <p>One daemon thread, started by the constructor, checks the threads running watched calls every tick instead of
 * scheduling a timer task per call. Each calling thread has one {@link Ticket}, registered the first time it calls,
 * so starting and ending a call is a few plain and release writes and one compare-and-set — not even a clock read:
 * time is counted in the watchdog's ticks (each at least {@code tick} long, a tenth of the limit, between 1 and
 * 100 ms), and a call is interrupted once more than its limit plus one tick has passed since it began — never early,
 * at most about two ticks late. Calls nested on one thread keep the outermost deadline, which is the earliest.
 *
 * <p>The watch outlives any failure around it: a watched thread whose interrupt fails, or an error (even
 * {@link OutOfMemoryError}) while it checks one, is logged and the watch goes on; an interrupt of the watchdog's own
 * thread is ignored. Should its thread end anyway, {@link #isRunning()} turns false and the failure is logged at
 * error level, so that callers can refuse to run guest code without a limit rather than run it unbounded.
 */
public final class ExecutionWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionWatchdog.class);

    /** The watched calls of one thread: {@link #close() close} it when the call ends. */
    public static final class Ticket implements AutoCloseable {
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
        /** How many calls are nested on the thread now (only the thread changes it). */
        private int depth;
        /** The watchdog tick at which the outermost call is late; written before {@link #state} is set. */
        private long deadline;
        /**
         * {@code IDLE}, {@code RUNNING}, {@code FIRING} (the watchdog is interrupting the thread) or {@code FIRED}.
         * The thread moves IDLE→RUNNING (a release write, after the deadline) and RUNNING→IDLE (a compare-and-set);
         * the watchdog moves RUNNING→FIRING→FIRED, so an interrupt never lands after the call ended.
         */
        private volatile int state;

        private Ticket(Thread thread) {
            this.thread = thread;
        }

        /** Whether the deadline passed and the thread was interrupted. */
        public boolean fired() {
            int s = state;
            return s == FIRING || s == FIRED;
        }

        private void begin(long deadline) {
            this.deadline = deadline;
            STATE.setRelease(this, RUNNING);
        }

        /** The watchdog's side: interrupts the thread if this call is still running past its deadline. */
        private void fireIfLate(long tick) {
            if (state == RUNNING && tick - deadline >= 0 && STATE.compareAndSet(this, RUNNING, FIRING)) {
                try {
                    thread.interrupt();
                } finally {
                    state = FIRED;   // even if the interrupt failed: close() waits for this
                }
            }
        }

        /** Ends one call; the outermost one clears the interrupt if it was the watchdog's. */
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
    private final Duration limit;
    private final long tickMillis;
    /** The limit in ticks, rounded up. */
    private final long limitTicks;
    /** Ticks of the watchdog thread so far: the clock calls are timed by. */
    private volatile long ticks;
    private final Thread thread;
    private volatile boolean closed;
    /** Set when the watchdog's thread ended other than by {@link #close()}. */
    private volatile boolean dead;
    /** Test hook: the watch loop ends with an error at its next tick, as if something killed it. */
    private volatile boolean crash;
    private boolean failureLogged;

    /**
     * A watchdog interrupting calls that run longer than {@code limit}; its thread, named {@code threadName}, starts
     * now and ends at {@link #close()}.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public ExecutionWatchdog(Duration limit, String threadName) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the execution time limit must be positive, got " + describe(limit));
        }
        this.limit = limit;
        long limitNanos = limit.toNanos();
        this.tickMillis = Math.max(1, Math.min(100, limitNanos / 10 / 1_000_000));
        this.limitTicks = (limitNanos + tickMillis * 1_000_000 - 1) / (tickMillis * 1_000_000);
        Thread w = new Thread(this::watch, threadName);
        w.setDaemon(true);
        w.start();
        this.thread = w;
    }

    /** The time limit of each call. */
    public Duration limit() {
        return limit;
    }

    /**
     * Whether the watchdog is watching: false once closed, or if its thread ended for any other reason — then
     * watched calls would run without a limit, and callers should refuse them.
     */
    public boolean isRunning() {
        return !dead && !closed;
    }

    /**
     * Watches the calling thread for the limit from now (or until the deadline of a call it is already in); close
     * the ticket when the call ends. Never throws: check {@link #isRunning()} first.
     */
    public Ticket start() {
        Ticket t = mine.get();
        if (t == null) {
            t = new Ticket(Thread.currentThread());
            mine.set(t);
            tickets.add(t);
        }
        if (t.depth++ == 0) {
            // the tick read may be one behind: one more tick keeps the interrupt from ever coming early
            t.begin(ticks + limitTicks + 1);
        }
        return t;
    }

    private void watch() {
        try {
            while (!closed) {
                try {
                    Thread.sleep(tickMillis);
                } catch (InterruptedException e) {
                    continue;   // only close() ends the watch, and it sets closed first
                }
                if (crash) {
                    throw new Error("watchdog thread killed (test hook)");
                }
                long now = ++ticks;   // only this thread writes it
                for (Ticket t : tickets) {
                    check(t, now);
                }
            }
        } finally {
            if (!closed) {
                dead = true;
                try {
                    LOG.error("the execution watchdog thread {} ended: calls it would watch are refused from now on",
                            Thread.currentThread().getName());
                } catch (Throwable ignored) {
                    // nothing more can be done; isRunning() says it
                }
            }
        }
    }

    /** One ticket's check, which no failure gets out of. */
    private void check(Ticket t, long now) {
        try {
            if (!t.thread.isAlive()) {
                tickets.remove(t);   // its thread ended: nothing left to watch
            } else {
                t.fireIfLate(now);
            }
        } catch (Throwable e) {
            if (!failureLogged) {
                failureLogged = true;
                try {
                    LOG.warn("the execution watchdog could not check thread {}; it goes on watching", t.thread, e);
                } catch (Throwable ignored) {
                    // logging failed too (no memory): the watch goes on regardless
                }
            }
        }
    }

    /** Test hook: ends the watchdog's thread with an error, as an unexpected failure would. */
    void crashForTest() {
        crash = true;
    }

    /** The watchdog's thread (tests). */
    Thread thread() {
        return thread;
    }

    /** Stops the watchdog's thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** {@code d} as people write it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, else in milliseconds. */
    public static String describe(Duration d) {
        long ms = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toString();
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
