package org.wasmcloud4j.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.concurrent.TimeUnit;
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
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * A call without parameters ({@code drops: func() -> u32} of {@code wat-resources}, compiled) through
 * {@link Func#call} against the raw Chicory call of an equivalent core export (a global read) (performance.md: target at most 3x).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoParamCallBenchmark {
    private Func drops;
    private ExportFunction raw;

    /** Instantiates the component (with a host blob) and the raw core module. */
    @Setup
    public void setUp() {
        Engine engine = Engine.defaults();
        Component component = Component.fromBytes(engine, Fixtures.bytes("wat-resources.component"));
        Linker linker = new Linker(engine);
        HostResource<Object> blob = linker.defineResource("example:resources/host@0.1.0", "blob", o -> { });
        linker.defineFunction("example:resources/host@0.1.0", "[constructor]blob", a -> blob.create(new Object()))
                .defineFunction("example:resources/host@0.1.0", "[method]blob.read", a -> null);
        drops = linker.instantiatePre(component).instantiate().func("example:resources/api@0.1.0", "drops")
                .orElseThrow();
        raw = rawDrops();
    }

    /** The same core function on its own: {@code (global (mut i32)) (func (export "drops") (result i32) global.get 0)}. */
    static ExportFunction rawDrops() {
        byte[] module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,                       // type () -> i32
            0x03, 0x02, 0x01, 0x00,                                         // one function
            0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b,                 // global mut i32 = 0
            0x07, 0x09, 0x01, 0x05, 'd', 'r', 'o', 'p', 's', 0x00, 0x00,    // export "drops"
            0x0a, 0x06, 0x01, 0x04, 0x00, 0x23, 0x00, 0x0b};                // global.get 0
        WasmModule m = Parser.parse(module);
        return Instance.builder(m).withMachineFactory(MachineFactoryCompiler.compile(m)).build().export("drops");
    }

    /** Baseline: the core export, called directly on Chicory. */
    @Benchmark
    public long rawCall() {
        return raw.apply()[0];
    }

    /** The component function. */
    @Benchmark
    public Object componentCall() {
        return drops.call();
    }
}
