package org.wasmcloud4j.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Named configurations from environment variables: each mapping gives a prefix and a name, and the
 * configuration of that name holds every variable starting with the prefix.
 *
 * <p>Key mapping: the key is the variable's name with the prefix removed, otherwise unchanged (case kept,
 * nothing translated); with prefix {@code APP_}, {@code APP_DB_URL=x} gives key {@code DB_URL}. A variable
 * equal to the prefix (empty key) is skipped. The environment is read once, when the provider is built; it does
 * not change afterwards, so subscriptions are accepted and never called. A name mapped by no variable still
 * exists, empty.
 */
public final class EnvironmentConfigProvider implements ConfigProvider {
    private final Map<String, Map<String, String>> configs;
    private final Listeners listeners = new Listeners();

    private EnvironmentConfigProvider(Map<String, Map<String, String>> configs) {
        this.configs = Map.copyOf(configs);
    }

    /** A builder over the process environment. */
    public static Builder builder() {
        return new Builder(System.getenv());
    }

    /** A builder over {@code environment} (for tests and custom sources). */
    public static Builder builder(Map<String, String> environment) {
        return new Builder(environment);
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        return Optional.ofNullable(configs.get(Objects.requireNonNull(name, "name")));
    }

    @Override
    public Subscription subscribe(String name, ConfigListener listener) {
        return listeners.add(Objects.requireNonNull(name, "name"), listener);
    }

    @Override
    public Subscription subscribeAll(ConfigListener listener) {
        return listeners.add(null, listener);
    }

    /** Builds an {@link EnvironmentConfigProvider}. */
    public static final class Builder {
        private final Map<String, String> environment;
        private final Map<String, String> prefixes = new LinkedHashMap<>();

        private Builder(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        /** The configuration {@code name} holds the variables starting with {@code prefix}. */
        public Builder prefix(String prefix, String name) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefixes.put(Objects.requireNonNull(name, "name"), prefix) != null) {
                throw new IllegalArgumentException("configuration '" + name + "' is already mapped");
            }
            return this;
        }

        /** The provider. */
        public EnvironmentConfigProvider build() {
            Map<String, Map<String, String>> configs = new HashMap<>();
            prefixes.forEach((name, prefix) -> {
                Map<String, String> config = new HashMap<>();
                environment.forEach((variable, value) -> {
                    if (variable.startsWith(prefix) && variable.length() > prefix.length()) {
                        config.put(variable.substring(prefix.length()), value);
                    }
                });
                configs.put(name, Map.copyOf(config));
            });
            return new EnvironmentConfigProvider(configs);
        }
    }
}
