package org.wasmcloud4j.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Instantiation of a minimal component ({@code wat-hello}, one core module) from an {@link InstancePre}, against
 * the raw Chicory instantiation of its core module with the same precompiled machine factory (performance.md:
 * target ratio {@code instancePre / rawCoreInstance} at most 1.5).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InstantiateBenchmark {
    private WasmModule module;
    private Function<Instance, Machine> factory;
    private InstancePre pre;

    /** Compiles once. */
    @Setup
    public void setUp() {
        byte[] bytes = Fixtures.bytes("wat-hello.component");
        module = Parser.parse(ComponentDecoder.decode(bytes).coreModules().get(0).bytes().toArray());
        factory = MachineFactoryCompiler.compile(module);
        Engine engine = Engine.defaults();
        pre = new Linker(engine).instantiatePre(Component.fromBytes(engine, bytes));
    }

    /** Baseline: Chicory instantiates the core module. */
    @Benchmark
    public Instance rawCoreInstance() {
        return Instance.builder(module).withMachineFactory(factory).build();
    }

    /** The component runtime instantiates the component. */
    @Benchmark
    public Object instancePre() {
        return pre.instantiate();
    }
}
