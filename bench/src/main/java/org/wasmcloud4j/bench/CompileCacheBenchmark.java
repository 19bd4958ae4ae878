package org.wasmcloud4j.bench;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * First call of the QuickJS greeter ({@code js-greeter.qjs}) in a fresh JVM: load ({@code Component.fromBytes}),
 * instantiate, one {@code greet}. Each fork measures one cold start. Baseline: the compiled mode without a cache
 * (what every start cost before the cache); against it the compiled mode from a warm cache (filled in the fork's
 * setup by {@link Engine#precompile}, as an application shipping a precompiled cache would be), the compiled and the
 * tiered mode with the same entries on the class path instead (in a jar under {@code META-INF/wasmcloud4j/compiled/},
 * as the {@code wasmcloud4j-maven-plugin} packages them; no cache directory), the default tiered mode without a cache
 * (first call on the interpreter, compilation in the background) and the interpreter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CompileCacheBenchmark {
    /** The fixture: the QuickJS greeter (QuickJS engine + a JS script, one large core module). */
    @Param({"js-greeter.qjs"})
    public String fixture;

    private byte[] bytes;
    private Path warmCache;
    /** A jar with {@link #warmCache}'s entries as class path resources, not opened before the measured call. */
    private URL appJar;

    /** Fills a fresh cache directory in a separate engine, so the measured start finds it warm. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        bytes = Fixtures.bytes(fixture);
        PrecompiledFixture p = PrecompiledFixture.of(bytes, "w4j-bench-cache");
        warmCache = p.cacheDir();
        appJar = p.jar();
    }

    private Object firstCall(Engine engine) {
        Component c = Component.fromBytes(engine, bytes);
        return new Linker(engine).defineJavaFunction("example:greeter/logger@0.1.0", "log", args -> null)
                .instantiatePre(c).instantiate().func("greet").orElseThrow().callJava("World");
    }

    /** Baseline: compiled, no cache (compiles the module at load). */
    @Benchmark
    public Object compiledCold() {
        return firstCall(Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache().build());
    }

    /** Compiled from the warm cache: the classes are read, verified and defined instead of compiled. */
    @Benchmark
    public Object compiledFromCache() {
        return firstCall(Engine.builder().mode(Engine.Mode.COMPILED).compileCache(warmCache).build());
    }

    /** Compiled from the class path: the entries read from the application's jar, no cache directory. */
    @Benchmark
    public Object compiledFromClassPath() throws IOException {
        try (URLClassLoader app = new URLClassLoader(new URL[] {appJar}, null)) {
            return firstCall(Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache()
                    .precompiledClassesFrom(app).build());
        }
    }

    /** The default mode with the entries on the class path: compiled code at once, nothing left to compile. */
    @Benchmark
    public Object tieredFromClassPath() throws IOException {
        try (URLClassLoader app = new URLClassLoader(new URL[] {appJar}, null)) {
            return firstCall(Engine.builder().noCompileCache().precompiledClassesFrom(app).build());
        }
    }

    /** The default mode without a cache: interpreter at once, compilation in the background. */
    @Benchmark
    public Object tieredCold() {
        return firstCall(Engine.builder().noCompileCache().build());
    }

    /** The interpreter only. */
    @Benchmark
    public Object interpreter() {
        return firstCall(Engine.builder().mode(Engine.Mode.INTERPRETER).noCompileCache().build());
    }
}
