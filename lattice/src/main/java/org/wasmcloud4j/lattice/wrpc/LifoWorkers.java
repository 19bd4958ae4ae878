package org.wasmcloud4j.lattice.wrpc;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's call threads: at most {@code maxThreads} run calls, at most {@code maxQueued} more wait, and a call
 * past both is refused. Threads are daemons, started on demand, and end after the keep-alive.
 *
 * <p><b>Patient hand-over.</b> Waking a parked thread for each call cost more CPU than most calls do (a context switch
 * on each side: 20 % of a call's CPU at 64 callers on 2 cores, by async-profiler). So while some thread is running a
 * call, a new call waits in the queue, and the threads running calls take queued ones as they finish, without parking.
 * A queued call gets a thread of its own once it has waited {@code patience} (a thread that is running a long or
 * blocking call cannot hold the others up for longer): every thread that takes a call, and a promoter thread that
 * ticks every {@code patience} while calls are about, hand each call queued that long to an idle thread or a new one,
 * within {@code maxThreads}. A call that arrives when no thread is running one starts at once, on the thread that
 * became idle last (a stack: under load a few threads take every call while their caches are warm).
 */
final class LifoWorkers {
    /** How long a queued call waits for a running thread before it gets its own, by default. */
    static final long DEFAULT_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Promoter ticks without any queued call after which it parks until a call is queued. */
    private static final int QUIET_TICKS = 32;

    private final int maxThreads;
    private final int maxQueued;
    private final long keepAliveNanos;
    private final long patienceNanos;
    private final String namePrefix;
    private final Object lock = new Object();
    /** Idle threads, the last to become idle on top. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Queued calls, oldest first, with when each was queued. */
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private int threads;
    private int started;
    private boolean shutdown;
    /** The promoter thread (null until a call is first queued, and after it ended at shutdown). */
    private Thread promoter;
    /** Whether the promoter is parked until {@link #execute} queues a call (it is quiet otherwise ticking). */
    private boolean promoterAsleep;

    private record Queued(Runnable task, long at) {}

    private final class Worker implements Runnable {
        /** The next call, handed over by {@link #execute}; read by this worker only after it is unparked. */
        private volatile Runnable task;
        private Thread thread;

        @Override
        public void run() {
            Runnable next = task;
            task = null;
            while (next != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    // a call's failure is its own; the thread takes the next call
                } catch (Error e) {
                    synchronized (lock) {
                        threads--;
                    }
                    throw e;
                }
                next = nextTask();
            }
        }

        /** The next call for this thread, waiting up to the keep-alive; null when the thread should end. */
        private Runnable nextTask() {
            Thread wake = null;
            Queued q;
            synchronized (lock) {
                q = queued.poll();
                if (q != null) {
                    wake = promoteLocked(System.nanoTime());   // what waited behind it too long gets its own thread
                } else {
                    if (shutdown) {
                        threads--;
                        return null;
                    }
                    idle.push(this);
                }
            }
            if (q != null) {
                unpark(wake);
                return q.task();
            }
            long deadline = System.nanoTime() + keepAliveNanos;
            while (true) {
                Runnable t = task;
                if (t != null) {
                    task = null;
                    return t;
                }
                long left = deadline - System.nanoTime();
                synchronized (lock) {
                    if (task == null && (left <= 0 || shutdown)) {
                        if (idle.remove(this)) {   // not being handed a call: end
                            threads--;
                            return null;
                        }
                    }
                }
                if (task == null) {
                    LockSupport.parkNanos(this, Math.max(left, TimeUnit.MILLISECONDS.toNanos(1)));
                }
            }
        }
    }

    LifoWorkers(int maxThreads, int maxQueued, long keepAlive, TimeUnit unit, String namePrefix) {
        this(maxThreads, maxQueued, keepAlive, unit, namePrefix, DEFAULT_PATIENCE_NANOS);
    }

    LifoWorkers(int maxThreads, int maxQueued, long keepAlive, TimeUnit unit, String namePrefix, long patienceNanos) {
        this.maxThreads = maxThreads;
        this.maxQueued = maxQueued;
        this.keepAliveNanos = unit.toNanos(keepAlive);
        this.namePrefix = namePrefix;
        this.patienceNanos = Math.max(1, patienceNanos);
    }

    /**
     * Runs {@code task}: at once on an idle thread (the last to become idle) or a new one when no thread is running a
     * call, else after the running threads' calls or once it has waited the patience (see the class comment).
     *
     * @throws RejectedExecutionException if {@code maxThreads} calls run, {@code maxQueued} wait, or after shutdown
     */
    void execute(Runnable task) {
        Thread wake;
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("shut down");
            }
            boolean someoneRuns = threads > idle.size();
            if (someoneRuns && queued.size() < maxQueued) {
                queued.add(new Queued(task, System.nanoTime()));
                wake = wakePromoterLocked();
            } else {
                Worker w = handOverLocked(task);
                if (w == null) {
                    if (queued.size() < maxQueued) {
                        queued.add(new Queued(task, System.nanoTime()));
                        wake = wakePromoterLocked();
                    } else {
                        throw new RejectedExecutionException(maxThreads + " calls running and " + maxQueued
                                + " waiting");
                    }
                } else {
                    wake = w.thread;
                }
            }
        }
        unpark(wake);
    }

    /**
     * Gives {@code task} to the idle thread on top, or to a new thread (started here) within the bound; the worker,
     * whose thread the caller unparks after leaving the lock (harmless for a new one), or null when neither is possible.
     *
     * @throws RejectedExecutionException if a thread is needed and cannot be started (the slot is given back)
     */
    private Worker handOverLocked(Runnable task) {
        Worker w = idle.poll();
        if (w != null) {
            w.task = task;
            return w;
        }
        if (threads >= maxThreads) {
            return null;
        }
        threads++;
        started++;
        w = new Worker();
        w.task = task;
        Thread t = new Thread(w, namePrefix + started);
        t.setDaemon(true);
        w.thread = t;
        try {
            t.start();
        } catch (OutOfMemoryError | RuntimeException e) {   // no native thread to be had: refused, not lost
            threads--;
            throw new RejectedExecutionException("cannot start a call thread: " + e, e);
        }
        return w;
    }

    /**
     * Hands every call queued for at least the patience to a thread of its own, while threads are to be had; the one
     * thread to unpark after leaving the lock (the others are unparked here; unparking under the lock is safe, only
     * slower), or null.
     */
    private Thread promoteLocked(long now) {
        Thread first = null;
        while (!queued.isEmpty() && now - queued.peek().at() >= patienceNanos
                && (!idle.isEmpty() || threads < maxThreads)) {
            Worker w;
            try {
                w = handOverLocked(queued.peek().task());
            } catch (RejectedExecutionException e) {
                return first;   // no thread now: the call stays queued for a running thread
            }
            queued.poll();
            if (first == null) {
                first = w.thread;
            } else {
                LockSupport.unpark(w.thread);
            }
        }
        return first;
    }

    /** Starts the promoter, or the thread to unpark when it sleeps; null when it is ticking already. */
    private Thread wakePromoterLocked() {
        if (promoter == null) {
            Thread t = new Thread(this::promote, namePrefix + "promoter");
            t.setDaemon(true);
            try {
                t.start();
            } catch (OutOfMemoryError | RuntimeException e) {
                // no thread to be had: the call is queued all the same, for the running threads (and the next call
                // queued tries again)
                return null;
            }
            promoter = t;
            promoterAsleep = false;
            return null;
        }
        if (promoterAsleep) {
            promoterAsleep = false;
            return promoter;
        }
        return null;
    }

    /** The promoter: every patience, promotes what has waited that long; sleeps when no call was queued for a while. */
    private void promote() {
        int quiet = 0;
        while (true) {
            Thread wake;
            boolean sleep;
            synchronized (lock) {
                if (shutdown && queued.isEmpty()) {
                    promoter = null;
                    return;
                }
                quiet = queued.isEmpty() ? quiet + 1 : 0;
                sleep = quiet >= QUIET_TICKS;
                promoterAsleep = sleep;
                wake = promoteLocked(System.nanoTime());
            }
            unpark(wake);
            if (sleep) {
                quiet = 0;
                LockSupport.park(this);   // until a call is queued (or shutdown)
            } else {
                LockSupport.parkNanos(this, patienceNanos);
            }
        }
    }

    private static void unpark(Thread t) {
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Calls waiting for a thread. */
    int queued() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /** Idle threads now; for tests. */
    int idleThreads() {
        synchronized (lock) {
            return idle.size();
        }
    }

    /** Threads now (running or idle); for tests. */
    int threads() {
        synchronized (lock) {
            return threads;
        }
    }

    /** Refuses new calls; running and queued calls finish, idle threads end. */
    void shutdown() {
        synchronized (lock) {
            shutdown = true;
            for (Worker w : idle) {
                LockSupport.unpark(w.thread);
            }
            if (promoter != null) {
                LockSupport.unpark(promoter);
            }
        }
    }

    /** Waits until every thread has ended or the time is up; true if all ended. */
    boolean awaitTermination(long time, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(time);
        while (true) {
            synchronized (lock) {
                if (threads == 0 && promoter == null) {
                    return true;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
    }
}
