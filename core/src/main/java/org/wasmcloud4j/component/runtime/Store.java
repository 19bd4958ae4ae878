package org.wasmcloud4j.component.runtime;

import java.util.Map;
import org.wasmcloud4j.component.abi.HandleTable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State shared by every (nested) component instance of one top-level {@link Instance}: poisoning, the embedder's
 * data, and per-instance state that host implementations attach ({@link CallContext}).
 */
final class Store {
    /**
     * Slot 0 holds the store whose guest code is running on this thread, if any. A mutable slot rather than
     * {@code ThreadLocal.set}: entering and leaving a host call (twice per call) is then two array writes.
     */
    private static final ThreadLocal<Store[]> CURRENT = ThreadLocal.withInitial(() -> new Store[1]);

    /** The store whose guest code is running on this thread, or {@code null}. */
    static Store current() {
        return CURRENT.get()[0];
    }

    /** Runs {@code call} with this store as the current one (see {@link CallContext}). */
    <T> T enter(java.util.function.Supplier<T> call) {
        Store[] slot = CURRENT.get();
        Store previous = slot[0];
        slot[0] = this;
        try {
            return call.get();
        } finally {
            slot[0] = previous;
        }
    }

    final Object data;
    final Map<Object, Object> attachments = new ConcurrentHashMap<>();
    /** The handle table of each (nested) component instance, by the instance's frame. */
    final Map<Object, HandleTable> tables = new java.util.IdentityHashMap<>();
    private volatile String poisonedBy;
    private volatile boolean closed;

    Store(Object data) {
        this.data = data;
    }

    void poison(String reason) {
        if (poisonedBy == null) {
            poisonedBy = reason;
        }
    }

    /**
     * Closes the store: owning handles of resources implemented outside it are dropped (their destructors run), and
     * every later call fails. Idempotent.
     */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HandleTable t : tables.values()) {
            t.dropOwned(type -> !tables.containsKey(type.owner()));
        }
    }

    boolean poisoned() {
        return poisonedBy != null;
    }

    void checkNotPoisoned() {
        if (closed) {
            throw new IllegalStateException("the instance is closed");
        }
        String p = poisonedBy;
        if (p != null) {
            throw new Trap("the instance is poisoned by an earlier trap and cannot be used: " + p);
        }
    }
}
