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
        ValType u = t.unwrap();
        if (u instanceof HandleType h) {
            return h.borrow();
        }
        if (u instanceof ListType l) {
            return anyBorrowIn(l.element());
        }
        if (u instanceof OptionType o) {
            return anyBorrowIn(o.some());
        }
        if (u instanceof ResultType r) {
            return r.ok().map(HandleType::anyBorrowIn).orElse(false) || r.err().map(HandleType::anyBorrowIn).orElse(false);
        }
        if (u instanceof TupleType tt) {
            return tt.elements().stream().anyMatch(HandleType::anyBorrowIn);
        }
        if (u instanceof RecordType r) {
            return r.fields().stream().anyMatch(f -> anyBorrowIn(f.type()));
        }
        if (u instanceof VariantType v) {
            return v.cases().stream().anyMatch(c -> c.type().map(HandleType::anyBorrowIn).orElse(false));
        }
        return false;
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
