package org.wasmcloud4j.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merged view of a list of configuration names of one {@link ConfigProvider}, kept live: wasmCloud's
 * {@code ConfigBundle}, i.e. what a component's {@code wasi:config} sees.
 *
 * <p>Merge: the maps of the names are applied left to right, so for a key in several of them the rightmost
 * name wins; a name listed twice counts at each place. Opening requires every name to exist
 * ({@link ConfigException} naming the first missing one, wasmCloud's "Config X does not exist"). Afterwards
 * the bundle follows the provider: a changed input is merged again and the bundle's listeners get the new
 * merged map, once per input change; a deleted input counts as empty (wasmCloud zeroes it too) and may
 * reappear. {@link #current()} is a volatile read of an immutable map, independent of the number of names.
 * {@link #close()} unsubscribes from the provider.
 */
public final class ConfigBundle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigBundle.class);

    private final List<String> names;
    private final Map<String, Map<String, String>> inputs = new HashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Map<String, String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> current;

    private ConfigBundle(ConfigProvider provider, List<String> names) {
        this.names = List.copyOf(names);
        synchronized (this) {
            // Subscribe first, then read: a change between the two is applied, never lost.
            for (String name : new LinkedHashSet<>(this.names)) {
                subscriptions.add(provider.subscribe(name, this::changed));
            }
            for (String name : new LinkedHashSet<>(this.names)) {
                Optional<Map<String, String>> config = provider.get(name);
                if (config.isEmpty()) {
                    subscriptions.forEach(Subscription::close);
                    throw new ConfigException(name, "Config " + name + " does not exist", null);
                }
                inputs.putIfAbsent(name, config.get());
            }
            current = merge();
        }
    }

    /**
     * Opens the merged view of {@code names} (left to right, rightmost wins).
     *
     * @throws ConfigException if a name does not exist
     */
    public static ConfigBundle open(ConfigProvider provider, List<String> names) {
        return new ConfigBundle(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(names, "names"));
    }

    /** The names, in merge order. */
    public List<String> names() {
        return names;
    }

    /** The merged map now (immutable). */
    public Map<String, String> current() {
        return current;
    }

    /** One key of the merged map now. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(current.get(key));
    }

    /**
     * Calls {@code listener} with the new merged map after each change of an input, until the handle is closed.
     * A listener's exception is logged and does not reach other listeners.
     */
    public Subscription subscribe(Consumer<Map<String, String>> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized void changed(ConfigChange change) {
        inputs.put(change.name(), change.value().orElse(Map.of()));
        Map<String, String> merged = merge();
        current = merged;
        for (Consumer<Map<String, String>> l : listeners) {
            try {
                l.accept(merged);
            } catch (RuntimeException e) {
                LOG.warn("config bundle listener failed after a change of '{}': {}", change.name(),
                        e.getClass().getName());
            }
        }
    }

    private Map<String, String> merge() {
        Map<String, String> merged = new HashMap<>();
        for (String name : names) {
            Map<String, String> input = inputs.get(name);
            if (input != null) {
                merged.putAll(input);
            }
        }
        return Map.copyOf(merged);
    }

    /** Stops following the provider; {@link #current()} keeps the last merged map. */
    @Override
    public synchronized void close() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        listeners.clear();
    }

    @Override
    public String toString() {
        return "ConfigBundle" + names;
    }
}
