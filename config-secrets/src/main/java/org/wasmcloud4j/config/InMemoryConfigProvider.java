package org.wasmcloud4j.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named configurations held in memory: a builder for the initial set, {@link #put} and {@link #delete} for
 * changes. A put of an equal map and a delete of a missing name change nothing and notify no one.
 */
public final class InMemoryConfigProvider implements ConfigProvider {
    private final ConcurrentHashMap<String, Map<String, String>> configs = new ConcurrentHashMap<>();
    private final Listeners listeners = new Listeners();

    private InMemoryConfigProvider(Map<String, Map<String, String>> initial) {
        configs.putAll(initial);
    }

    /** An empty provider. */
    public static InMemoryConfigProvider create() {
        return new InMemoryConfigProvider(Map.of());
    }

    /** A builder for the initial configurations. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        return Optional.ofNullable(configs.get(Objects.requireNonNull(name, "name")));
    }

    /** Puts (creates or replaces) a configuration (copied) and notifies its listeners if it changed. */
    public synchronized void put(String name, Map<String, String> config) {
        Objects.requireNonNull(name, "name");
        Map<String, String> copy = Map.copyOf(config);
        if (copy.equals(configs.put(name, copy))) {
            return;
        }
        listeners.fire(name, copy);
    }

    /** Deletes a configuration and notifies its listeners if it existed; returns whether it existed. */
    public synchronized boolean delete(String name) {
        if (configs.remove(Objects.requireNonNull(name, "name")) == null) {
            return false;
        }
        listeners.fire(name, null);
        return true;
    }

    /** The names of the configurations held now. */
    public java.util.Set<String> names() {
        return java.util.Set.copyOf(configs.keySet());
    }

    @Override
    public Subscription subscribe(String name, ConfigListener listener) {
        return listeners.add(Objects.requireNonNull(name, "name"), listener);
    }

    @Override
    public Subscription subscribeAll(ConfigListener listener) {
        return listeners.add(null, listener);
    }

    /** Builds an {@link InMemoryConfigProvider}. */
    public static final class Builder {
        private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();

        private Builder() {}

        /** Adds (or replaces) a configuration; the map is copied. */
        public Builder put(String name, Map<String, String> config) {
            configs.put(Objects.requireNonNull(name, "name"), Map.copyOf(config));
            return this;
        }

        /** The provider. */
        public InMemoryConfigProvider build() {
            return new InMemoryConfigProvider(configs);
        }
    }
}
