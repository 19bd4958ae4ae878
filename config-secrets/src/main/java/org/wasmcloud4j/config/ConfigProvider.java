package org.wasmcloud4j.config;

import java.util.Map;
import java.util.Optional;

/**
 * Named configurations, the way wasmCloud keeps them: each name maps to an immutable string-to-string map,
 * and whoever uses a name is told when it changes.
 *
 * <p>Implementations here: {@link InMemoryConfigProvider}, {@link PropertiesFileConfigProvider},
 * {@link EnvironmentConfigProvider}; {@link ConfigBundle} merges a list of names of one provider as wasmCloud
 * merges a component's {@code config} list. The NATS one ({@code CONFIGDATA_{lattice}}) lives in the lattice
 * module. Implementations are thread-safe; listeners run on the thread that applies the change, after the new
 * value is visible through {@link #get}, one change at a time per provider.
 */
public interface ConfigProvider {
    /** The configuration named {@code name} (an immutable map), or empty if there is none. */
    Optional<Map<String, String>> get(String name);

    /**
     * Calls {@code listener} on every later change of {@code name} (put, changed or deleted) until the returned
     * handle is closed. An exception thrown by a listener is logged and does not reach other listeners.
     */
    Subscription subscribe(String name, ConfigListener listener);

    /** Calls {@code listener} on every later change of any name until the returned handle is closed. */
    Subscription subscribeAll(ConfigListener listener);
}
