package org.wasmcloud4j.component.runtime;

/** State shared by every (nested) component instance of one top-level {@link Instance}: poisoning. */
final class Store {
    private volatile String poisonedBy;

    void poison(String reason) {
        if (poisonedBy == null) {
            poisonedBy = reason;
        }
    }

    void checkNotPoisoned() {
        String p = poisonedBy;
        if (p != null) {
            throw new Trap("the instance is poisoned by an earlier trap and cannot be used: " + p);
        }
    }
}
