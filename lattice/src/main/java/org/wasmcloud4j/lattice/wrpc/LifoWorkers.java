package org.wasmcloud4j.lattice.wrpc;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's call threads: at most {@code maxThreads} run calls, at most {@code maxQueued} more wait, and a call
 * past both is refused. An idle thread waits on its own; a new call goes to the thread that became idle last (a
 * stack, where a {@link java.util.concurrent.ThreadPoolExecutor} wakes the one idle longest). Under load a few threads
 * then take every call while their caches are warm, instead of each call waking a thread that has not run for 63
 * calls; the others stay parked and end after the keep-alive. Threads are daemons, started on demand.
 */
final class LifoWorkers {
    private final int maxThreads;
    private final int maxQueued;
    private final long keepAliveNanos;
    private final String namePrefix;
    private final Object lock = new Object();
    /** Idle threads, the last to become idle on top. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private int threads;
    private int started;
    private boolean shutdown;

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
            synchronized (lock) {
                Runnable q = queued.poll();
                if (q != null) {
                    return q;
                }
                if (shutdown) {
                    threads--;
                    return null;
                }
                idle.push(this);
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
        this.maxThreads = maxThreads;
        this.maxQueued = maxQueued;
        this.keepAliveNanos = unit.toNanos(keepAlive);
        this.namePrefix = namePrefix;
    }

    /**
     * Runs {@code task} on an idle thread (the last to become idle), a new one, or later when one is free.
     *
     * @throws RejectedExecutionException if {@code maxThreads} calls run, {@code maxQueued} wait, or after shutdown
     */
    void execute(Runnable task) {
        Worker w;
        boolean start = false;
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("shut down");
            }
            w = idle.poll();
            if (w == null) {
                if (threads < maxThreads) {
                    threads++;
                    started++;
                    w = new Worker();
                    start = true;
                } else if (queued.size() < maxQueued) {
                    queued.add(task);
                    return;
                } else {
                    throw new RejectedExecutionException(maxThreads + " calls running and " + maxQueued + " waiting");
                }
            }
            w.task = task;
            if (start) {
                Thread t = new Thread(w, namePrefix + started);
                t.setDaemon(true);
                w.thread = t;
                try {
                    t.start();
                } catch (OutOfMemoryError | RuntimeException e) {   // no native thread to be had: refused, not lost
                    threads--;
                    throw new RejectedExecutionException("cannot start a call thread: " + e, e);
                }
                return;
            }
        }
        LockSupport.unpark(w.thread);
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
        }
    }

    /** Waits until every thread has ended or the time is up; true if all ended. */
    boolean awaitTermination(long time, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(time);
        while (true) {
            synchronized (lock) {
                if (threads == 0) {
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
