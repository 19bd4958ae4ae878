package org.wasmcloud4j.component.runtime;

import java.time.Duration;

/**
 * Configuration shared by components: how core modules run on Chicory, how much linear memory their instances may
 * hold together ({@link MemoryBudget}), and how long one call may run. Immutable and thread-safe; one engine can
 * serve many components. An engine with an {@linkplain Builder#maxExecutionTime execution time limit} has a daemon
 * thread enforcing it: {@link #close() close} such an engine when done with it.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
 * }</pre>
 */
public final class Engine implements AutoCloseable {
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
    private final MemoryBudget memoryBudget;
    private final Duration maxExecutionTime;
    /** Enforces {@link #maxExecutionTime}; {@code null} when there is no limit. */
    private final ExecutionWatchdog watchdog;

    private Engine(Builder b) {
        this.mode = b.mode;
        this.maxMemoryPages = b.maxMemoryPages;
        this.memoryBudget = b.memoryBudget;
        this.maxExecutionTime = b.maxExecutionTime;
        this.watchdog = b.maxExecutionTime.isZero() ? null
                : new ExecutionWatchdog(b.maxExecutionTime, "wasmcloud4j-engine-watchdog");
    }

    /**
     * Stops the thread enforcing the execution time limit, if the engine has one; calls into its instances are
     * refused from then on. Nothing to do for an engine without a limit. Idempotent.
     */
    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.close();
        }
    }

    /** The budget every linear memory of this engine's instances is charged to. */
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /** The longest one call into an instance may run; {@link Duration#ZERO} for no limit. */
    public Duration maxExecutionTime() {
        return maxExecutionTime;
    }

    ExecutionWatchdog watchdog() {
        return watchdog;
    }

    /**
     * Starts watching a call into guest code on this thread: {@code null} when there is no limit.
     *
     * @throws IllegalStateException if the watchdog is not running (then nothing may run without the limit)
     */
    ExecutionWatchdog.Ticket watch() {
        ExecutionWatchdog w = watchdog;
        if (w == null) {
            return null;
        }
        if (!w.isRunning()) {
            throw new IllegalStateException("the engine's execution watchdog is not running: guest code is refused "
                    + "rather than run without the execution time limit of " + ExecutionWatchdog.describe(maxExecutionTime));
        }
        return w.start();
    }

    /** What a call that failed with {@code t} under {@code ticket} throws: the time limit if the watchdog fired. */
    RuntimeException failed(ExecutionWatchdog.Ticket ticket, Trap t) {
        if (ticket != null && ticket.fired() && !(t instanceof ExecutionTimeoutException)) {
            return new ExecutionTimeoutException("the call exceeded the execution time limit of "
                    + ExecutionWatchdog.describe(maxExecutionTime), t);
        }
        return t;
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
        private MemoryBudget memoryBudget = MemoryBudget.jvmDefault();
        private Duration maxExecutionTime = Duration.ZERO;

        private Builder() {}

        /**
         * The budget the linear memories of all this engine's instances are charged to, together (default
         * {@link MemoryBudget#jvmDefault()}, shared by every engine not given another): {@code memory.grow} beyond it
         * returns -1, an instantiation beyond it fails with {@link MemoryBudgetException}.
         */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = java.util.Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * The longest one call into an instance may run — an exported function called through {@link Func}, or an
         * instantiation (which runs start functions) — after which the guest is interrupted and the call fails with
         * {@link ExecutionTimeoutException}, poisoning the instance. Calls made while another runs on the same thread
         * share its deadline. {@link Duration#ZERO} (the default) sets no limit. An engine with a limit has one
         * daemon thread watching its calls.
         *
         * @throws IllegalArgumentException if {@code limit} is negative
         */
        public Builder maxExecutionTime(Duration limit) {
            if (limit.isNegative()) {
                throw new IllegalArgumentException("maxExecutionTime must not be negative, got " + limit);
            }
            this.maxExecutionTime = limit;
            return this;
        }

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
