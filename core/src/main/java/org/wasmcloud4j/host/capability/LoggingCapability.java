package org.wasmcloud4j.host.capability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:logging/logging@0.1.0-draft} and the unversioned {@code wasi:logging/logging} (both served by wasmCloud 1.9
 * hosts; the same {@code log}) on SLF4J: a component's log lines go to the logger
 * {@code wasmcloud4j.component.<id>}, with the context (when not empty) in brackets before the message;
 * {@code critical} is logged as error.
 */
/** The built-in {@code wasi:logging}, to SLF4J. */
public final class LoggingCapability {
    private LoggingCapability() {
    }

    /** Defines {@code wasi:logging} on {@code linker} for component {@code componentId}. */
    public static void define(Linker linker, String componentId) {
        Logger log = LoggerFactory.getLogger("wasmcloud4j.component." + componentId);
        HostFunction logFn = a -> {
            String level = ((Value.EnumValue) a.get(0)).caseName();
            String context = ((Value.Str) a.get(1)).value();
            String message = ((Value.Str) a.get(2)).value();
            String line = context.isEmpty() ? message : "[" + context + "] " + message;
            switch (level) {
                case "trace" -> log.trace("{}", line);
                case "debug" -> log.debug("{}", line);
                case "info" -> log.info("{}", line);
                case "warn" -> log.warn("{}", line);
                default -> log.error("{}", line);   // error and critical
            }
            return null;
        };
        linker.defineFunction("wasi:logging/logging@0.1.0-draft", "log", logFn);
        linker.defineFunction("wasi:logging/logging", "log", logFn);
    }
}
