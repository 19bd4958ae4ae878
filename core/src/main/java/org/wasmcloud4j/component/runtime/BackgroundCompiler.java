package org.wasmcloud4j.component.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.binary.Section;

/**
 * The compiler thread of an engine in {@link Engine.Mode#TIERED}: one daemon thread, started when there is work and
 * gone after a minute without, with a bounded queue of modules. A module whose compilation fails, or that finds the
 * queue full or the engine closed, stays on the interpreter (logged once per component). Thread-safe.
 */
final class BackgroundCompiler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCompiler.class);
    /** Most modules waiting to be compiled; more stay interpreted. */
    static final int QUEUE_CAPACITY = 256;

    private final ThreadPoolExecutor executor;
    private volatile boolean closed;

    BackgroundCompiler() {
        executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
            Thread t = new Thread(r, "wasmcloud4j-compiler");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Compiles {@code pending} (modules of one component) one after another, switching each to its compiled code as
     * it is ready; the future completes when all have their final code, and never fails.
     */
    CompletableFuture<Void> compileAll(List<Section.CoreModule> pending, Map<Section.CoreModule, Component.CoreModule> modules,
            CompileCache cache, int splitLimit, AtomicLong generation) {
        AtomicBoolean warned = new AtomicBoolean();
        CompletableFuture<?>[] all = new CompletableFuture<?>[pending.size()];
        for (int i = 0; i < all.length; i++) {
            Section.CoreModule section = pending.get(i);
            Component.CoreModule m = modules.get(section);
            CompletableFuture<Void> done = new CompletableFuture<>();
            all[i] = done;
            try {
                executor.execute(() -> {
                    if (closed) {
                        failed(warned, section, new IllegalStateException("the engine is closed"));
                        done.complete(null);
                        return;
                    }
                    try {
                        // the interpreter ran the module as it is; the compiler gets it split
                        CoreModuleLoader.Parsed parsed = CoreModuleLoader.parseSplit(section, splitLimit, m.module());
                        if (parsed == null) {
                            parsed = new CoreModuleLoader.Parsed(m.module(), null);
                        }
                        CoreModuleLoader.Loaded compiled = CoreModuleLoader.compile(section, parsed, cache, true, true);
                        Component.switchTo(m, compiled.module(), compiled.factory(), generation);
                    } catch (RuntimeException | Error e) {
                        failed(warned, section, e);
                        if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)
                                && !(e instanceof StackOverflowError)) {
                            throw e;
                        }
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (RejectedExecutionException e) {
                failed(warned, section, new IllegalStateException(executor.isShutdown() ? "the engine is closed"
                        : "more than " + QUEUE_CAPACITY + " modules are waiting to be compiled", e));
                done.complete(null);
            }
        }
        return CompletableFuture.allOf(all);
    }

    private static void failed(AtomicBoolean warned, Section.CoreModule m, Throwable e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("background compilation of the core module at byte {} failed, it stays on the interpreter: {}",
                    m.bytes().offset(), e.toString());
        } else {
            LOG.debug("background compilation of the core module at byte {} failed: {}", m.bytes().offset(), e.toString());
        }
    }

    /** Runs {@code r} on the compiler thread in queue order (tests hold compilation back with it). */
    void enqueue(Runnable r) {
        executor.execute(r);
    }

    /** Stops taking modules; the one being compiled finishes, those waiting stay interpreted. Idempotent. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
    }
}
