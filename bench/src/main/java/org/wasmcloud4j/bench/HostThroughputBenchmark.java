package org.wasmcloud4j.bench;

import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.Link;

/**
 * Host throughput (issue 6): 128 concurrent callers invoking {@code greet} on {@code wat-hello} (max_instances 128)
 * on the machine's cores, and a component-to-component call through a link ({@code wat-relay} → {@code wat-leaf},
 * 1 KiB string) against calling the leaf directly, compiled; with pooled, reset instances ({@code reuse=true}, the
 * default) and with a new instance per invocation. {@code resetEcho1KiB} is the floor: the leaf's function called on
 * one reusable instance that is reset after each call, with no host in between (the leaf's bump allocator never frees,
 * so a kept instance without resets would run out of memory).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostThroughputBenchmark {
    private static final String HOP = "example:relay/hop@0.1.0";
    private Host host;
    private org.wasmcloud4j.component.runtime.Instance leafInstance;
    private org.wasmcloud4j.component.runtime.Func leafHop;

    /** Pooled, reset instances (true) or a new instance per invocation (false). */
    @Param({"true", "false"})
    public boolean reuse;
    private final Value.Str small = new Value.Str("x".repeat(16));
    private final List<Value> kib = List.of(new Value.Str("y".repeat(1024)));

    /** A host with the three components and the link. */
    @Setup(Level.Trial)
    public void setUp() {
        host = Host.builder().instanceReuse(reuse).build();
        host.startComponent("hello", "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm", 128);
        host.startComponent("leaf", "classpath:org/wasmcloud4j/fixtures/wat-leaf.component.wasm", 128);
        host.startComponent("relay", "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm", 128);
        host.putLink(Link.of("relay", "leaf", "example:relay", "hop"));
        // the same relay whose import is answered by Java code at once: what the relay itself costs
        host.startComponent("relay-java", "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm", 128);
        host.putProvider("java-echo", "example:relay/hop", java.util.Map.of("hop", args -> args.get(0)));
        host.putLink(Link.of("relay-java", "java-echo", "example:relay", "hop"));
        org.wasmcloud4j.component.runtime.Engine engine = org.wasmcloud4j.component.runtime.Engine.defaults();
        org.wasmcloud4j.component.runtime.Component leaf = org.wasmcloud4j.component.runtime.Component.fromBytes(
                engine, org.wasmcloud4j.fixtures.Fixtures.bytes("wat-leaf.component"));
        leafInstance = new org.wasmcloud4j.component.runtime.Linker(engine).instantiatePre(leaf)
                .instantiateReusable(null);
        leafHop = leafInstance.func(HOP, "hop").orElseThrow();
    }

    /** Stops the host. */
    @TearDown(Level.Trial)
    public void tearDown() {
        host.close();
    }

    /** Invocations per second with 128 callers. */
    @Benchmark
    @Threads(128)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object invoke128Callers() {
        return host.invoke("hello", "greet", small);
    }

    /** One call through the relay: two invocations, the second reached through the link. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object linkedEcho1KiB() {
        return host.invoke("relay", HOP, "hop", kib);
    }

    /**
     * Baseline for the component-to-component hop: the relay with its import answered by Java code. The hop itself
     * is {@code linkedEcho1KiB} minus this.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object relayToJava1KiB() {
        return host.invoke("relay-java", HOP, "hop", kib);
    }

    /** Baseline: the leaf called directly (one invocation). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object directEcho1KiB() {
        return host.invoke("leaf", HOP, "hop", kib);
    }

    /** Floor: the leaf's function on one instance, reset after each call, no host. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object resetEcho1KiB() {
        Object r = leafHop.call(kib);
        if (!leafInstance.reset(null)) {
            throw new IllegalStateException("reset refused");
        }
        return r;
    }
}
