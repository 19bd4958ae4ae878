package org.wasmcloud4j.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One change of a named configuration: its new map, or none if it was deleted. Immutable. */
public final class ConfigChange {
    private final String name;
    private final Map<String, String> value;

    ConfigChange(String name, Map<String, String> value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
    }

    /** A change of {@code name} to {@code value} (copied), or its deletion if {@code value} is empty; for providers. */
    public static ConfigChange of(String name, Optional<Map<String, String>> value) {
        return new ConfigChange(name, value.map(Map::copyOf).orElse(null));
    }

    /** The configuration's name. */
    public String name() {
        return name;
    }

    /** The new map, or empty if the configuration was deleted. */
    public Optional<Map<String, String>> value() {
        return Optional.ofNullable(value);
    }

    /** Whether the configuration was deleted. */
    public boolean deleted() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigChange c && name.equals(c.name) && Objects.equals(value, c.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }

    /** Names the configuration and its keys, not their values (a config may hold sensitive text). */
    @Override
    public String toString() {
        return "ConfigChange[" + name + (value == null ? ", deleted]" : ", keys=" + value.keySet() + "]");
    }
}
