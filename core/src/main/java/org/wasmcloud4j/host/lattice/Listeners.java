package org.wasmcloud4j.host.lattice;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners of one kind for {@link Lattice} implementations (events, messages, link changes): added with a closeable
 * handle, told in order on the caller's thread; one that throws is logged and does not stop the others.
 * Thread-safe.
 *
 * @param <T> the listener type
 */
public final class Listeners<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<T> listeners = new CopyOnWriteArrayList<>();
    private final String what;

    /** Listeners described as {@code what} in log lines (e.g. {@code "lattice default: event listener"}). */
    public Listeners(String what) {
        this.what = Objects.requireNonNull(what, "what");
    }

    /** Adds {@code listener}; closing the handle removes it. */
    public AutoCloseable add(T listener) {
        T l = Objects.requireNonNull(listener, "listener");
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /** Calls {@code tell} with each listener; {@code about} names the occasion in a failure's log line. */
    public void tell(Consumer<T> tell, Object about) {
        for (T l : listeners) {
            try {
                tell.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("{} failed on {}", what, about, e);
            }
        }
    }
}
