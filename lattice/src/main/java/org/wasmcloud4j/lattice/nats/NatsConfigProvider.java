package org.wasmcloud4j.lattice.nats;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.config.ConfigChange;
import org.wasmcloud4j.config.ConfigListener;
import org.wasmcloud4j.config.ConfigProvider;
import org.wasmcloud4j.config.Subscription;

/**
 * The named configurations of a NATS lattice ({@code CONFIGDATA_{lattice}}, protocol notes §3, §5.1) as a
 * {@link ConfigProvider}: {@link #get} reads the lattice's watched view (no request per read), listeners hear every
 * change, whoever made it (this process, another host, {@code wash config put}). Secret references
 * ({@code SECRET_*}) are not configuration: {@code get} never returns them and they notify no one. Listeners run
 * one at a time, on the thread that saw the change (a NATS watch thread or the writer's); one that throws is logged
 * (name and exception class) and the others still run. Closing stops the notifications.
 */
public final class NatsConfigProvider implements ConfigProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConfigProvider.class);

    private record Entry(String name, ConfigListener listener) {}

    private final NatsLattice lattice;
    private final List<Entry> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable registration;

    private NatsConfigProvider(NatsLattice lattice) {
        this.lattice = lattice;
        this.registration = lattice.onConfigChanged(this::changed);
    }

    /** The configurations of {@code lattice}, while it is connected. */
    public static NatsConfigProvider of(NatsLattice lattice) {
        return new NatsConfigProvider(Objects.requireNonNull(lattice, "lattice"));
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        return name.startsWith(LatticeState.SECRET_PREFIX) ? Optional.empty() : lattice.config(name);
    }

    @Override
    public Subscription subscribe(String name, ConfigListener listener) {
        return add(new Entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public Subscription subscribeAll(ConfigListener listener) {
        return add(new Entry(null, Objects.requireNonNull(listener, "listener")));
    }

    private Subscription add(Entry e) {
        listeners.add(e);
        return () -> listeners.remove(e);
    }

    private synchronized void changed(String name) {
        ConfigChange change = ConfigChange.of(name, lattice.config(name));
        for (Entry e : listeners) {
            if (e.name() == null || e.name().equals(name)) {
                try {
                    e.listener().changed(change);
                } catch (RuntimeException ex) {
                    LOG.warn("config listener of {} failed: {}", name, ex.getClass().getName());
                }
            }
        }
    }

    @Override
    public void close() {
        listeners.clear();
        try {
            registration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "NatsConfigProvider[" + lattice.name() + "]";
    }
}
