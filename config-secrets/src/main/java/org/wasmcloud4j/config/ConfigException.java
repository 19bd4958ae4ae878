package org.wasmcloud4j.config;

import java.util.Optional;

/** A named configuration is missing or cannot be read; {@link #configName()} names it when known. */
public final class ConfigException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final String configName;

    ConfigException(String configName, String message, Throwable cause) {
        super(message, cause);
        this.configName = configName;
    }

    /** The configuration at fault, when known. */
    public Optional<String> configName() {
        return Optional.ofNullable(configName);
    }
}
