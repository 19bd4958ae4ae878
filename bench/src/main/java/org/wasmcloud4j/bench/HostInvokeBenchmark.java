package org.wasmcloud4j.bench;

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
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.Host;

/**
 * Host invocation overhead (issue 6): {@code Host.invoke} of {@code greet} on {@code wat-hello} (slot accounting,
 * execution-time guard, telemetry, and an instance in a fresh one's state: pooled and reset with {@code reuse=true},
 * new with {@code reuse=false}) against the same work done by hand — instantiate from an {@link InstancePre}, call,
 * close ({@code freshInstanceCall}); call and reset one reusable instance ({@code resetInstanceCall}) — and against
 * a call on a kept instance ({@code directFuncCall}), all compiled, in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostInvokeBenchmark {
    private Host host;
    private InstancePre pre;
    private Func kept;
    private Instance reusable;
    private Func reusableGreet;

    /** Pooled, reset instances in the host (true) or a new instance per invocation (false). */
    @org.openjdk.jmh.annotations.Param({"true", "false"})
    public boolean reuse;
    private final Value.Str arg = new Value.Str("x".repeat(16));

    /** Starts a host with the component, and the by-hand baselines. */
    @Setup(Level.Trial)
    public void setUp() {
        host = Host.builder().instanceReuse(reuse).build();
        host.startComponent("hello", "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm", 64);
        Engine engine = Engine.builder().maxMemoryPages(16384).build();   // the host's default limit
        pre = new Linker(engine).instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-hello.component")));
        kept = pre.instantiate().func("greet").orElseThrow();
        reusable = pre.instantiateReusable(null);
        reusableGreet = reusable.func("greet").orElseThrow();
    }

    /** By hand, with reuse: call, then reset the instance to its post-instantiation state. */
    @Benchmark
    public Object resetInstanceCall() {
        Object r = reusableGreet.call(java.util.List.of(arg));
        if (!reusable.reset(null)) {
            throw new IllegalStateException("reset refused");
        }
        return r;
    }

    /** Stops the host. */
    @TearDown(Level.Trial)
    public void tearDown() {
        host.close();
    }

    /** Through the host. */
    @Benchmark
    public Object hostInvoke() {
        return host.invoke("hello", "greet", arg);
    }

    /** Baseline: what the host does per invocation, by hand. */
    @Benchmark
    public Object freshInstanceCall() {
        try (Instance i = pre.instantiate()) {
            return i.func("greet").orElseThrow().call(arg);
        }
    }

    /** Reference: a call on an instance kept across calls (what a host may not do in general). */
    @Benchmark
    public Object directFuncCall() {
        return kept.call(arg);
    }
}
