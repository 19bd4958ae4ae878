package org.wasmcloud4j.config;

/**
 * A listener registration. {@link #close()} ends it (idempotent); a change being delivered at that moment may
 * still reach the listener, later ones do not.
 */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
