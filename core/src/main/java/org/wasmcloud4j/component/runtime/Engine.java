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
        /**
         * Chicory's runtime compiler: core modules become JVM bytecode when a {@link Component} is created (taken from
         * the {@linkplain Builder#precompiledClassesFrom class path} or the {@linkplain Builder#compileCache
         * compiled-code cache} when they have them).
         */
        COMPILED,
        /** Chicory's interpreter: no compilation cost, slower calls. */
        INTERPRETER,
        /**
         * The default: compiled code from the {@linkplain Builder#precompiledClassesFrom class path} or the
         * {@linkplain Builder#compileCache cache} when they have the module's, else
         * the interpreter at once while the module compiles in the background (one compiler thread per engine, daemon);
         * instances made after that use the compiled code, and a pooled instance made before it refuses its next
         * {@link Instance#reset reset} so that the pool makes a compiled one. A failed background compilation is
         * logged once and the module stays interpreted. Results are the same in every mode.
         */
        TIERED
    }

    /** Largest linear memory Chicory supports, in 64 KiB pages. */
    public static final int MAX_MEMORY_PAGES = com.dylibso.chicory.wasm.types.MemoryLimits.MAX_PAGES;

    private final Mode mode;
    private final int maxMemoryPages;
    private final MemoryBudget memoryBudget;
    private final Duration maxExecutionTime;
    /** Enforces {@link #maxExecutionTime}; {@code null} when there is no limit. */
    private final ExecutionWatchdog watchdog;
    /** Where compiled code is kept between runs; {@code null} without a cache. */
    private final CompileCache compileCache;
    /** Compiles modules in the background in {@link Mode#TIERED}; made when first needed. */
    private final BackgroundCompiler backgroundCompiler;
    /** Function bodies above this many bytes are split before compiling ({@link HugeFunctionSplitter}). */
    private final int splitLimit;

    private Engine(Builder b) {
        this.mode = b.mode;
        if (b.splitLimit != HugeFunctionSplitter.DEFAULT_LIMIT && !b.cacheOff) {
            throw new IllegalStateException("an engine splitting at another limit must not use the compiled-code cache");
        }
        java.nio.file.Path dir = b.cacheOff ? null : b.cacheDir != null ? b.cacheDir : CompileCache.defaultDirectory();
        // entries on the class path are keyed for the default split limit, like the directory's
        PrecompiledClasses classpath = b.precompiledOff || b.splitLimit != HugeFunctionSplitter.DEFAULT_LIMIT ? null
                : new PrecompiledClasses(b.precompiledLoaders());
        this.compileCache = dir == null && classpath == null ? null
                : CompileCache.forCompilerOnClassPath(dir, b.cacheMaxBytes, classpath).orElse(null);
        this.backgroundCompiler = new BackgroundCompiler();
        this.splitLimit = b.splitLimit;
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
        backgroundCompiler.close();
    }

    /** The compiled-code cache; {@code null} when there is none. */
    CompileCache compileCache() {
        return compileCache;
    }

    int splitLimit() {
        return splitLimit;
    }

    BackgroundCompiler backgroundCompiler() {
        return backgroundCompiler;
    }

    /**
     * The directory of the compiled-code cache, if the engine has one.
     */
    public java.util.Optional<java.nio.file.Path> compileCacheDirectory() {
        return java.util.Optional.ofNullable(compileCache).map(CompileCache::directory);
    }

    /**
     * Compiles the core modules of {@code component} (the bytes of a component) into this engine's compiled-code
     * cache, so that a later start finds them there: run it at build time with the cache directory an application
     * ships, or at install time. Modules already in the cache are only checked. Synchronous, whatever the mode. The
     * {@linkplain Builder#precompiledClassesFrom class path} is not looked at: the directory is filled whatever an
     * application's class path has.
     *
     * @return what happened to each core module, in the order of the component's binary (nested components' modules
     *     where they appear)
     * @throws IllegalStateException if the engine has no compiled-code cache
     * @throws org.wasmcloud4j.component.binary.DecodeException for malformed bytes
     * @throws org.wasmcloud4j.component.validate.ValidationException for an invalid component
     */
    public java.util.List<PrecompiledModule> precompile(byte[] component) {
        java.util.Objects.requireNonNull(component, "component");
        if (compileCache == null || compileCache.directory() == null) {
            throw new IllegalStateException("the engine has no compiled-code cache to fill (see Builder.compileCache)");
        }
        return compileCache.recording(() -> Component.fromBytes(this, component, Mode.COMPILED));
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

    /**
     * An engine with the defaults: tiered mode, compiled code from the class path
     * ({@link Builder#precompiledClassesFrom}) and the compiled-code cache in the user's cache directory.
     */
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
        private Mode mode = Mode.TIERED;
        private java.nio.file.Path cacheDir;
        private boolean cacheOff;
        private long cacheMaxBytes = CompileCache.DEFAULT_MAX_BYTES;
        private boolean precompiledOff;
        /** {@code null}: the default loaders, taken at {@link #build()}. */
        private ClassLoader precompiledLoader;
        private int maxMemoryPages = MAX_MEMORY_PAGES;
        private MemoryBudget memoryBudget = MemoryBudget.jvmDefault();
        private Duration maxExecutionTime = Duration.ZERO;
        private int splitLimit = HugeFunctionSplitter.DEFAULT_LIMIT;

        private Builder() {}

        /** Tests only: split function bodies above {@code bytes} (cache keys assume the default, so no cache). */
        Builder splitLimit(int bytes) {
            this.splitLimit = bytes;
            return this;
        }

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

        /**
         * The directory where compiled code is kept between runs (default {@code $XDG_CACHE_HOME/wasmcloud4j/compiled},
         * else {@code ~/.cache/wasmcloud4j/compiled}). One file per core module, named by its SHA-256 and the Chicory
         * compiler version; written atomically, verified by a checksum when read. <strong>Whoever can write this
         * directory can run code in the JVM</strong>: it must be writable by the current user only — it is created
         * {@code rwx------}, and one owned by another user or writable by group or others is not used (said once in
         * the log). A read-only directory is used for reading only. Its size is bounded by
         * {@link #compileCacheMaxBytes} (least recently used entries are deleted).
         */
        public Builder compileCache(java.nio.file.Path directory) {
            this.cacheDir = java.util.Objects.requireNonNull(directory, "directory");
            this.cacheOff = false;
            return this;
        }

        /**
         * The most bytes the compiled-code cache's entries may take together (default 1 GiB). After compiled code is
         * stored, if the entries in the directory take more, the least recently used are deleted (a file's
         * last-modified time, which loading an entry sets to now) until they fit; the entry just stored is kept even
         * when it alone is larger. Only files named like the cache's entries are deleted, never other files in the
         * directory. The bound applies to the directory, whichever engines or processes share it.
         *
         * @throws IllegalArgumentException if {@code maxBytes} is zero or negative
         */
        public Builder compileCacheMaxBytes(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("compileCacheMaxBytes must be positive, got " + maxBytes);
            }
            this.cacheMaxBytes = maxBytes;
            return this;
        }

        /**
         * No compiled-code cache directory: modules compile on every start (in the background in {@link Mode#TIERED}),
         * unless the {@linkplain #precompiledClassesFrom class path} has their compiled code.
         */
        public Builder noCompileCache() {
            this.cacheOff = true;
            this.cacheDir = null;
            return this;
        }

        /**
         * The class loader in which compiled code shipped with the application is looked for: entries made at build
         * time (the {@code wasmcloud4j-maven-plugin} goal {@code precompile}, or {@link Engine#precompile} into a
         * directory packaged under {@code META-INF/wasmcloud4j/compiled/}), as resources
         * {@code META-INF/wasmcloud4j/compiled/<sha256>-chicory-<version>-f<format>.classes}. In {@link Mode#COMPILED}
         * and {@link Mode#TIERED} a core module's entry there is used before the {@linkplain #compileCache cache
         * directory} is read and instead of compiling; it is read as a stream (a plain jar, a directory, or a jar
         * nested in an executable jar such as Spring Boot's), never written, and verified by its checksum like a
         * directory's entries — a corrupt one is not used (said once in the log) and the module is taken from the
         * directory or compiled. An entry for another Chicory version is simply not found.
         *
         * <p>On by default, with no configuration: the default looks in the thread context class loader of the
         * thread calling {@link #build()} (an application's own class loader, also in servlet containers and Spring
         * Boot), then in the class loader of wasmcloud4j itself. Whoever can put resources on the class path can run
         * code in the JVM anyway; the class path is trusted as the application's own classes are.
         *
         * @param loader where to look (only there)
         */
        public Builder precompiledClassesFrom(ClassLoader loader) {
            this.precompiledLoader = java.util.Objects.requireNonNull(loader, "loader");
            this.precompiledOff = false;
            return this;
        }

        /** Compiled code on the class path is not looked for (see {@link #precompiledClassesFrom}). */
        public Builder noPrecompiledClasses() {
            this.precompiledOff = true;
            this.precompiledLoader = null;
            return this;
        }

        /** The loaders compiled code on the class path is looked for in, in order. */
        private java.util.List<ClassLoader> precompiledLoaders() {
            if (precompiledLoader != null) {
                return java.util.List.of(precompiledLoader);
            }
            java.util.List<ClassLoader> loaders = new java.util.ArrayList<>(2);
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                loaders.add(context);
            }
            ClassLoader own = Engine.class.getClassLoader();
            loaders.add(own != null ? own : ClassLoader.getSystemClassLoader());
            return loaders;
        }

        /** How core modules run (default {@link Mode#TIERED}). */
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
