package org.wasmcloud4j.component.abi;

import java.util.Objects;
import org.wasmcloud4j.component.runtime.Trap;

/**
 * A resource held outside any component's handle table: by the host, after a guest returned an {@code own<R>} or
 * lent a {@code borrow<R>}. Passing an owned handle back to a component moves it (this object can then no longer
 * be used); {@link #drop()} ends an owned resource, running its destructor. Not thread-safe.
 */
public final class ResourceHandle {
    private final ResourceRuntimeType type;
    private final int rep;
    private final boolean borrowed;
    private boolean gone;

    /**
     * @param type the resource's run-time type
     * @param rep its representation (the implementation's i32)
     * @param borrowed whether this is a borrow, valid only during the call that lent it
     */
    public ResourceHandle(ResourceRuntimeType type, int rep, boolean borrowed) {
        this.type = Objects.requireNonNull(type, "type");
        this.rep = rep;
        this.borrowed = borrowed;
    }

    /** The resource's run-time type. */
    public ResourceRuntimeType type() {
        return type;
    }

    /** The representation (for host resources, the key of the Java object). */
    public int rep() {
        return rep;
    }

    /** Whether this is a borrow rather than an owned handle. */
    public boolean isBorrowed() {
        return borrowed;
    }

    /** Whether the handle was moved into a component or dropped. */
    public boolean isGone() {
        return gone;
    }

    /** The representation, for lending ({@code borrow<R>}); the handle stays usable. */
    int repForBorrow() {
        check();
        return rep;
    }

    /** The representation, giving up ownership ({@code own<R>}). */
    int moveOut() {
        check();
        if (borrowed) {
            throw new Trap("a borrowed " + type.name() + " cannot be passed where an own<" + type.name()
                    + "> is required");
        }
        gone = true;
        return rep;
    }

    /** Ends an owned resource: runs its destructor, if any. */
    public void drop() {
        check();
        if (borrowed) {
            throw new IllegalStateException("a borrowed handle is not dropped by its borrower");
        }
        gone = true;
        type.destructor().ifPresent(d -> d.accept(rep));
    }

    private void check() {
        if (gone) {
            throw new IllegalStateException("the " + type.name() + " handle was already moved or dropped");
        }
    }

    @Override
    public String toString() {
        return (borrowed ? "borrow<" : "own<") + type.name() + ">#" + rep + (gone ? " (gone)" : "");
    }
}
