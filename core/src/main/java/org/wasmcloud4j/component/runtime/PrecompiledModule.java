package org.wasmcloud4j.component.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Engine#precompile} did for one core module of a component: found its compiled code in the cache, or
 * compiled it and stored it there (or could not store it).
 *
 * @param sha256 the hex SHA-256 that names the module's cache entry (of the core module's bytes and the version of the
 *     splitter that prepares large modules for the compiler)
 * @param outcome what happened
 * @param time how long it took: reading and verifying the entry for a hit; looking, compiling and storing otherwise
 */
public record PrecompiledModule(String sha256, Outcome outcome, Duration time) {
    /** What happened to a module's compiled code. */
    public enum Outcome {
        /** The cache had it: read and verified, nothing compiled. */
        HIT,
        /** Compiled and stored in the cache. */
        STORED,
        /** Compiled, but the cache could not store it (a read-only or unusable directory: the log says why, once). */
        NOT_STORED
    }

    /** Checks that no part is missing. */
    public PrecompiledModule {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(time, "time");
    }
}
