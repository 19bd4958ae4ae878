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

    /** Largest linear memory Chicory supports, in 64 KiB pages. */
    public static final int MAX_MEMORY_PAGES = com.dylibso.chicory.wasm.types.MemoryLimits.MAX_PAGES;

    private final Mode mode;
    private final int maxMemoryPages;

    private Engine(Builder b) {
        this.mode = b.mode;
        this.maxMemoryPages = b.maxMemoryPages;
    }

    /** Most 64 KiB pages any one linear memory may have; growing beyond fails ({@code memory.grow} returns -1). */
    public int maxMemoryPages() {
        return maxMemoryPages;
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
        private int maxMemoryPages = MAX_MEMORY_PAGES;

        private Builder() {}

        /**
         * Limits every linear memory to {@code pages} 64 KiB pages: a module declaring more initial pages fails to
         * instantiate, and {@code memory.grow} beyond the limit returns -1 as if memory were exhausted.
         */
        public Builder maxMemoryPages(int pages) {
            if (pages < 1 || pages > MAX_MEMORY_PAGES) {
                throw new IllegalArgumentException("maxMemoryPages must be 1.." + MAX_MEMORY_PAGES + ", got " + pages);
            }
            this.maxMemoryPages = pages;
            return this;
        }

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
