package org.wasmcloud4j.host;

/**
 * How many invocations of one component run at once: at most {@code max}; more wait for a slot. The maximum can
 * change while invocations run (scaling); lowering it lets running ones finish.
 */
final class Limiter {
    private int max;
    private int active;

    Limiter(int max) {
        this.max = max;
    }

    synchronized void setMax(int max) {
        this.max = max;
        notifyAll();
    }

    synchronized int active() {
        return active;
    }

    /** Waits for a slot; false when none came within {@code timeoutMillis}. */
    synchronized boolean acquire(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (active >= max) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        active++;
        return true;
    }

    synchronized void release() {
        active--;
        notifyAll();
    }

    /** Waits until nothing runs, at most until {@code deadlineMillis} (epoch); whether it got there. */
    synchronized boolean awaitIdle(long deadlineMillis) throws InterruptedException {
        while (active > 0) {
            long left = deadlineMillis - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
