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

    /**
     * This thread's current-store slot, for callers that set and restore it themselves (as {@link #enter} does)
     * rather than allocate a lambda per call.
     */
    static Store[] currentSlot() {
        return CURRENT.get();
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

    /** The embedder's data: set at instantiation, replaced by {@link Instance#reset}. */
    Object data;
    /** Whether linear memories remember their writes ({@code TrackedMemory}): for instances made to be reset. */
    boolean trackWrites;
    /** The state right after instantiation, for instances made to be reset; else {@code null}. */
    InstanceSnapshot snapshot;
    final Map<Object, Object> attachments = new ConcurrentHashMap<>();
    /** The handle table of each (nested) component instance, by the instance's frame. */
    final Map<Object, HandleTable> tables = new java.util.IdentityHashMap<>();
    /** Why calls are refused: {@code null} (they are not), the poisoning trap's message, or {@link #CLOSED}. */
    private volatile Object unusable;
    private static final Object CLOSED = new Object();
    private boolean poisoned;
    /** The pages of this store's linear memories, charged to the engine's budget; {@code null} until the first. */
    private volatile MemoryBudget.Reservation memory;

    Store(Object data) {
        this.data = data;
    }

    /** The account this store's memories are charged to (opened on first use, on the instantiating thread). */
    MemoryBudget.Reservation memoryAccount(MemoryBudget budget) {
        MemoryBudget.Reservation r = memory;
        if (r == null) {
            r = budget.open(this);
            memory = r;
        }
        return r;
    }

    synchronized void poison(String reason) {
        if (unusable == null) {
            unusable = reason;
            poisoned = true;
        }
    }

    /**
     * Closes the store: owning handles of resources implemented outside it are dropped (their destructors run), and
     * every later call fails. Idempotent.
     */
    synchronized void close() {
        if (unusable == CLOSED) {
            return;
        }
        unusable = CLOSED;
        try {
            for (HandleTable t : tables.values()) {
                t.dropOwned(type -> !tables.containsKey(type.owner()));
            }
        } finally {
            if (memory != null) {
                memory.release();   // the memories' pages go back to the budget (their growth fails from here on)
            }
        }
    }

    /**
     * Returns the instance to its state right after instantiation with new embedder data; false (and nothing
     * changed) if it has no snapshot, is poisoned, closed, or cannot be restored exactly.
     */
    synchronized boolean reset(Object newData) {
        if (snapshot == null || unusable != null || !snapshot.restore(this)) {
            return false;
        }
        data = newData;
        return true;
    }

    synchronized boolean poisoned() {
        return poisoned;
    }

    /** One volatile read on the call path. */
    void checkNotPoisoned() {
        Object u = unusable;
        if (u != null) {
            if (u == CLOSED) {
                throw new IllegalStateException("the instance is closed");
            }
            throw new Trap("the instance is poisoned by an earlier trap and cannot be used: " + u);
        }
    }
}
