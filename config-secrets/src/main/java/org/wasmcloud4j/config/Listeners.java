package org.wasmcloud4j.config;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listener registry every provider of this package shares: per-name and all-names registrations. */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

    private final class Registration implements Subscription {
        final String name;
        final ConfigListener listener;
        volatile boolean closed;

        Registration(String name, ConfigListener listener) {
            this.name = name;
            this.listener = listener;
        }

        @Override
        public void close() {
            closed = true;
            registrations.remove(this);
        }
    }

    Subscription add(String name, ConfigListener listener) {
        Registration r = new Registration(name, Objects.requireNonNull(listener, "listener"));
        registrations.add(r);
        return r;
    }

    /** Tells the listeners of {@code name} and of all names; {@code value} null means deleted. */
    void fire(String name, Map<String, String> value) {
        ConfigChange change = new ConfigChange(name, value);
        for (Registration r : registrations) {
            if (r.closed || (r.name != null && !r.name.equals(name))) {
                continue;
            }
            try {
                r.listener.changed(change);
            } catch (RuntimeException e) {
                LOG.warn("config listener for '{}' failed: {}", name, e.getClass().getName());
            }
        }
    }
}
