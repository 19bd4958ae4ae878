package org.wasmcloud4j.component.runtime;

/**
 * Configuration shared by components: how core modules run on Chicory. Immutable and thread-safe; one engine can
 * serve many components.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
 * }</pre>
 */
public final class Engine {
    /** How core WebAssembly runs. */
    public enum Mode {
        /** Chicory's runtime compiler: core modules become JVM bytecode when a {@link Component} is created. */
        COMPILED,
        /** Chicory's interpreter: no compilation cost, slower calls. */
        INTERPRETER
    }

    private final Mode mode;

    private Engine(Builder b) {
        this.mode = b.mode;
    }

    /** An engine with the defaults (compiled mode). */
    public static Engine defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How core modules run. */
    public Mode mode() {
        return mode;
    }

    /** Configuration for an {@link Engine}. */
    public static final class Builder {
        private Mode mode = Mode.COMPILED;

        private Builder() {}

        /** How core modules run (default {@link Mode#COMPILED}). */
        public Builder mode(Mode mode) {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The engine. */
        public Engine build() {
            return new Engine(this);
        }
    }
}
