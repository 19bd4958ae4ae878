package org.wasmcloud4j.host;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many invocations of one component run at once: at most {@code max}; more wait for a slot. The maximum can
 * change while invocations run (scaling); lowering it lets running ones finish. Taking and giving back a free slot
 * is one compare-and-set each; only callers that have to wait take the lock.
 */
final class Limiter {
    private volatile int max;
    private final AtomicInteger active = new AtomicInteger();
    /** Threads waiting in {@link #acquire} or {@link #awaitIdle}; changed under the lock, read without it. */
    private volatile int waiting;

    Limiter(int max) {
        this.max = max;
    }

    void setMax(int max) {
        this.max = max;
        synchronized (this) {
            notifyAll();
        }
    }

    int active() {
        return active.get();
    }

    private boolean tryAcquire() {
        for (;;) {
            int a = active.get();
            if (a >= max) {
                return false;
            }
            if (active.compareAndSet(a, a + 1)) {
                return true;
            }
        }
    }

    /** Waits for a slot; false when none came within {@code timeoutMillis}. */
    boolean acquire(long timeoutMillis) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        synchronized (this) {
            return waitFor(this::tryAcquire, System.currentTimeMillis() + timeoutMillis);
        }
    }

    void release() {
        active.decrementAndGet();
        if (waiting > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until nothing runs, at most until {@code deadlineMillis} (epoch); whether it got there. */
    synchronized boolean awaitIdle(long deadlineMillis) throws InterruptedException {
        return waitFor(() -> active.get() == 0, deadlineMillis);
    }

    /**
     * Under the lock: waits until {@code done} or the deadline (epoch millis); whether done. Counted as a waiter
     * before the first check, so a release from then on notifies.
     */
    private boolean waitFor(java.util.function.BooleanSupplier done, long deadlineMillis)
            throws InterruptedException {
        waiting++;
        try {
            while (!done.getAsBoolean()) {
                long left = deadlineMillis - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        } finally {
            waiting--;
        }
    }
}
