package org.wasmcloud4j.config;

/** Told about changes of named configurations ({@link ConfigProvider#subscribe}). */
@FunctionalInterface
public interface ConfigListener {
    /** A configuration was put, changed or deleted. */
    void changed(ConfigChange change);
}
