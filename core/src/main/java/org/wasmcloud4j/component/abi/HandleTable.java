package org.wasmcloud4j.component.abi;

import java.util.ArrayList;
import java.util.List;
import org.wasmcloud4j.component.runtime.Trap;

/**
 * One component instance's table of resource handles, with the canonical ABI's own/borrow rules. Index 0 is never
 * valid; freed slots are reused. Not thread-safe: an instance is used by one invocation at a time.
 */
public final class HandleTable {
    /** Largest number of live handles a table holds (the canonical ABI's limit). */
    public static final int MAX_LENGTH = (1 << 28) - 1;

    private final List<Handle> entries = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();

    /** Creates an empty table. */
    public HandleTable() {
        entries.add(null);
    }

    /** A handle in a table. */
    static final class Handle {
        final ResourceRuntimeType type;
        final int rep;
        final boolean own;
        final CallScope scope;
        int lends;

        Handle(ResourceRuntimeType type, int rep, boolean own, CallScope scope) {
            this.type = type;
            this.rep = rep;
            this.own = own;
            this.scope = scope;
        }
    }

    /**
     * Lays an empty table out afresh, so that the next handles get the indices a new table would give (1, 2, ...).
     *
     * @throws IllegalStateException if a handle is still live
     */
    public void clear() {
        if (size() != 0) {
            throw new IllegalStateException(size() + " handle(s) still live");
        }
        entries.subList(1, entries.size()).clear();
        free.clear();
    }

    /** Number of live handles. */
    public int size() {
        return entries.size() - 1 - free.size();
    }

    private int add(Handle h) {
        if (!free.isEmpty()) {
            int i = free.remove(free.size() - 1);
            entries.set(i, h);
            return i;
        }
        if (entries.size() > MAX_LENGTH) {
            throw new Trap("resource table is full (" + MAX_LENGTH + " handles)");
        }
        entries.add(h);
        return entries.size() - 1;
    }

    private Handle get(long index, ResourceRuntimeType type) {
        if (index <= 0 || index >= entries.size() || entries.get((int) index) == null) {
            throw new Trap("unknown handle index " + index);
        }
        Handle h = entries.get((int) index);
        if (type != null && h.type != type) {
            throw new Trap("handle " + index + " is a " + h.type + ", expected a " + type);
        }
        return h;
    }

    private Handle remove(long index, ResourceRuntimeType type) {
        Handle h = get(index, type);
        entries.set((int) index, null);
        free.add((int) index);
        return h;
    }

    /** {@code canon resource.new}: a new owning handle for {@code rep}. */
    public int newOwn(ResourceRuntimeType type, int rep) {
        return add(new Handle(type, rep, true, null));
    }

    /** {@code canon resource.rep}: the representation behind a handle of this instance's own resource type. */
    public int rep(long index, ResourceRuntimeType type) {
        return get(index, type).rep;
    }

    /**
     * Lifts an {@code own<T>} argument or result: takes the handle out of the table.
     *
     * @return the representation
     * @throws Trap if the handle is unknown, of another type, a borrow, or currently lent out
     */
    public int liftOwn(long index, ResourceRuntimeType type) {
        Handle h = get(index, type);
        if (!h.own) {
            throw new Trap("handle " + index + " is a borrow, but an own<" + type.name() + "> is required");
        }
        if (h.lends != 0) {
            throw new Trap("handle " + index + " cannot be moved while it is lent to " + h.lends + " call(s)");
        }
        remove(index, type);
        return h.rep;
    }

    /**
     * Lifts an {@code own<T>} into a host-side handle (taking it out of the table), checking its type when
     * {@code expected} is known ({@code null}: any type).
     *
     * @throws Trap if the handle is unknown, of another type than {@code expected}, a borrow, or lent out
     */
    public ResourceHandle liftOwnAny(long index, ResourceRuntimeType expected) {
        Handle h = get(index, expected);
        return new ResourceHandle(h.type, liftOwn(index, h.type), false);
    }

    /** Lifts a {@code borrow<T>} whose type the caller does not track; lent for the duration of {@code scope}. */
    public ResourceHandle liftBorrowAny(long index, CallScope scope) {
        return liftBorrowAny(index, scope, null);
    }

    /** As {@link #liftBorrowAny(long, CallScope)}, checking the handle's type when {@code expected} is known. */
    public ResourceHandle liftBorrowAny(long index, CallScope scope, ResourceRuntimeType expected) {
        Handle h = get(index, expected);
        return new ResourceHandle(h.type, liftBorrow(index, h.type, scope), true);
    }

    /** Lifts a {@code borrow<T>}: the handle stays, and is lent for the duration of {@code scope}. */
    public int liftBorrow(long index, ResourceRuntimeType type, CallScope scope) {
        Handle h = get(index, type);
        if (h.own) {
            scope.lend(h);
        }
        return h.rep;
    }

    /** Lowers a host-held owned handle into this table, moving it (the handle object can no longer be used). */
    public int lowerOwn(ResourceHandle handle) {
        return lowerOwn(handle.type(), handle.moveOut());
    }

    /** Lowers an {@code own<T>} into this table. */
    public int lowerOwn(ResourceRuntimeType type, int rep) {
        return add(new Handle(type, rep, true, null));
    }

    /**
     * Lowers a {@code borrow<T>} into this table for the call {@code scope}. When this instance implements the
     * resource ({@code selfOwner}), the representation itself is passed, as the canonical ABI says.
     */
    public int lowerBorrow(ResourceRuntimeType type, int rep, CallScope scope, Object selfOwner) {
        if (type.owner() != null && type.owner() == selfOwner) {
            return rep;
        }
        scope.borrowCreated();
        return add(new Handle(type, rep, false, scope));
    }

    /**
     * {@code canon resource.drop}: drops a handle; the last owning handle runs the destructor.
     *
     * @throws Trap if the handle is unknown, of another type, or an owning handle that is lent out
     */
    public void drop(long index, ResourceRuntimeType type) {
        Handle h = get(index, type);
        if (h.own && h.lends != 0) {
            throw new Trap("handle " + index + " cannot be dropped while it is lent to " + h.lends + " call(s)");
        }
        remove(index, type);
        if (h.own) {
            type.destructor().ifPresent(d -> d.accept(h.rep));
        } else {
            h.scope.borrowDropped();
        }
    }

    /**
     * Drops every owning handle whose resource type {@code release} selects, running its destructor, and returns how
     * many were dropped: used when an instance is closed, for resources implemented outside it (by the host or by
     * another instance). Handles lent out at that moment are dropped too — the instance is going away.
     */
    public int dropOwned(java.util.function.Predicate<ResourceRuntimeType> release) {
        int dropped = 0;
        for (int i = 1; i < entries.size(); i++) {
            Handle h = entries.get(i);
            if (h != null && h.own && release.test(h.type)) {
                entries.set(i, null);
                free.add(i);
                h.type.destructor().ifPresent(d -> d.accept(h.rep));
                dropped++;
            }
        }
        return dropped;
    }
}
