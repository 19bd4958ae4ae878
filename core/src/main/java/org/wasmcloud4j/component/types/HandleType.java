package org.wasmcloud4j.component.types;

import java.util.Objects;

/** A resource handle: {@code own<R>} or {@code borrow<R>}. */
public record HandleType(ResourceType resource, boolean borrow) implements ValType {
    /**
     * @param resource the resource type
     * @param borrow {@code true} for {@code borrow<R>}, {@code false} for {@code own<R>}
     */
    public HandleType {
        Objects.requireNonNull(resource, "resource");
    }

    /** {@code own<R>}. */
    public static HandleType own(ResourceType resource) {
        return new HandleType(resource, false);
    }

    /** {@code borrow<R>}. */
    public static HandleType borrow(ResourceType resource) {
        return new HandleType(resource, true);
    }

    /**
     * Whether a {@code borrow<...>} handle occurs anywhere in values of {@code t}, looking through names (a
     * function result may not hold one).
     */
    public static boolean anyBorrowIn(ValType t) {
        return t.anyWithin(u -> u instanceof HandleType h && h.borrow());
    }

    @Override
    public boolean containsHandles() {
        return true;
    }

    @Override
    public String toString() {
        return (borrow ? "borrow<" : "own<") + resource.name() + ">";
    }
}
