package org.wasmcloud4j.component.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State shared by every (nested) component instance of one top-level {@link Instance}: poisoning, the embedder's
 * data, and per-instance state that host implementations attach ({@link CallContext}).
 */
final class Store {
    /** The store whose guest code is running on this thread, if any. */
    static final ThreadLocal<Store> CURRENT = new ThreadLocal<>();

    final Object data;
    final Map<Object, Object> attachments = new ConcurrentHashMap<>();
    private volatile String poisonedBy;

    Store(Object data) {
        this.data = data;
    }

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
