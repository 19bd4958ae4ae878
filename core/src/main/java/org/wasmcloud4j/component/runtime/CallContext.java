package org.wasmcloud4j.component.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a host function can know about the instance that called it: the data the embedder gave
 * {@link InstancePre#instantiate(Object)}, and state that host implementations keep per instance (for example
 * WASI's standard input stream). Available inside host functions called by a component (and during
 * instantiation), on the calling thread.
 */
public final class CallContext {
    private final Store store;

    private CallContext(Store store) {
        this.store = store;
    }

    /** The context of the instance whose code is running on this thread, if any. */
    public static Optional<CallContext> current() {
        Store s = Store.current();
        return s == null ? Optional.empty() : Optional.of(new CallContext(s));
    }

    /**
     * The embedder's data of the instance whose code is running on this thread: {@code current().map(data)} without
     * the allocations, for host functions on hot paths ({@code null} when there is none or no data was given).
     */
    public static Object currentData() {
        Store s = Store.current();
        return s == null ? null : s.data;
    }

    /** The embedder's data for this instance ({@code null} when none was given). */
    public Object data() {
        return store.data;
    }

    /**
     * Per-instance state under {@code key}, created by {@code create} on first use.
     *
     * @param <T> the state's type
     */
    @SuppressWarnings("unchecked")
    public <T> T attachment(Object key, Supplier<T> create) {
        Objects.requireNonNull(key, "key");
        return (T) store.attachments.computeIfAbsent(key, k -> create.get());
    }
}
