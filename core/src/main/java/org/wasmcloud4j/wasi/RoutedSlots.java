package org.wasmcloud4j.wasi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the outgoing HTTP requests the components of one linker have routed ({@link WasiHttp#routeOutgoing}) and
 * that are not done: each holds threads (the route's send, and its body copy), so a guest that starts requests
 * without end, their bodies left open, must not grow them without end. A request's slot is held until the route has
 * returned and, for a body still being written, until the route closed it; past {@link #DEFAULT_MAX} in flight,
 * {@code handle} fails with an {@code internal-error}.
 */
final class RoutedSlots {
    /** Routed requests in flight per linker by default. */
    static final int DEFAULT_MAX = 1024;

    private final AtomicInteger used = new AtomicInteger();
    private volatile int max = DEFAULT_MAX;

    /** Takes a slot; false (nothing taken) when all are in use. */
    boolean take() {
        if (used.incrementAndGet() > max) {
            used.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One part of a request that holds its slot: the slot is given back once every part is done. */
    final class Part {
        private final AtomicInteger left;
        private final AtomicBoolean done = new AtomicBoolean();

        private Part(AtomicInteger left) {
            this.left = left;
        }

        /** This part is done (idempotent). */
        void done() {
            if (done.compareAndSet(false, true) && left.decrementAndGet() == 0) {
                used.decrementAndGet();
            }
        }
    }

    /** {@code n} parts of a taken slot. */
    Part[] parts(int n) {
        AtomicInteger left = new AtomicInteger(n);
        Part[] p = new Part[n];
        for (int i = 0; i < n; i++) {
            p[i] = new Part(left);
        }
        return p;
    }

    int max() {
        return max;
    }

    /** For tests: another bound. */
    void max(int n) {
        this.max = n;
    }

    int used() {
        return used.get();
    }
}
