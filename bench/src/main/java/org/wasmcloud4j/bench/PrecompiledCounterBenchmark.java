package org.wasmcloud4j.bench;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.Host;

/**
 * The QuickJS counter ({@code js-counter.qjs}) through the host in a fresh JVM: build the host, start the component,
 * answer the first {@code count("visits")}. Each fork measures one cold start. Baseline: compiled without a cache.
 * Against it: compiled from a warm cache directory, compiled and tiered with the compiled classes in the application's
 * jar on the class path (as the {@code wasmcloud4j-maven-plugin} packages them: a jar under
 * {@code META-INF/wasmcloud4j/compiled/}, found through the context class loader with no configuration), and tiered
 * without either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PrecompiledCounterBenchmark {
    private static final String REF = "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm";

    private Path warmCache;
    private URL appJar;
    private Host host;

    /** Fills a cache directory in a separate engine and packs its entries into a jar; nothing of it is loaded yet. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        PrecompiledFixture p = PrecompiledFixture.of(Fixtures.bytes("js-counter.qjs"), "w4j-bench-counter");
        warmCache = p.cacheDir();
        appJar = p.jar();
    }

    @TearDown(Level.Iteration)
    public void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    private Object firstCount(Host.Builder b) {
        host = b.build();
        host.startComponent("counter", REF, 1);
        return host.invoke("counter", "example:counter/counter@0.1.0", "count", List.of(new Value.Str("visits")))
                .orElseThrow();
    }

    /** The host built with the application's jar as the context class loader, as in an application. */
    private Object firstCountWithAppJar(Host.Builder b) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        URLClassLoader app = new URLClassLoader(new URL[] {appJar}, before);
        t.setContextClassLoader(app);
        try {
            return firstCount(b);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** Baseline: compiled, no cache (compiles the modules at start). */
    @Benchmark
    public Object compiledCold() {
        return firstCount(Host.builder().engineMode(Engine.Mode.COMPILED).noCompileCache());
    }

    /** Compiled from the warm cache directory. */
    @Benchmark
    public Object compiledFromCache() {
        return firstCount(Host.builder().engineMode(Engine.Mode.COMPILED).compileCache(warmCache));
    }

    /** Compiled from the class path: no cache directory, no configuration. */
    @Benchmark
    public Object compiledFromClassPath() {
        return firstCountWithAppJar(Host.builder().engineMode(Engine.Mode.COMPILED).noCompileCache());
    }

    /** The default mode from the class path: compiled code at once. */
    @Benchmark
    public Object tieredFromClassPath() {
        return firstCountWithAppJar(Host.builder().noCompileCache());
    }

    /** The default mode without a cache: interpreter at once, compilation in the background. */
    @Benchmark
    public Object tieredCold() {
        return firstCount(Host.builder().noCompileCache());
    }
}
