package org.wasmcloud4j.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.binary.ComponentDecoder;
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

/**
 * Baseline for the canonical-ABI targets (performance.md T2–T5): the hand-written raw Chicory sequence of a
 * {@code greet(string) -> string} call on the {@code wat-hello} fixture's core module — {@code cabi_realloc},
 * write UTF-8, call, read the return area, decode, post-return. {@code componentGreet} is the same call through the
 * component runtime, measured in the same run: report {@code componentGreet / rawGreet} per size and mode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RawCabiGreetBenchmark {
    /** {@code compiled} (Chicory runtime compiler) or {@code interpreter}. */
    @Param({"compiled", "interpreter"})
    public String mode;

    /** Argument size in bytes (ASCII). */
    @Param({"16", "1024"})
    public int size;

    private Instance instance;
    private Memory memory;
    private ExportFunction realloc;
    private ExportFunction greet;
    private ExportFunction postReturn;
    private String argument;
    private Func componentGreet;
    private Value.Str argumentValue;

    /** Instantiates the core module once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        WasmModule module = Parser.parse(ComponentDecoder.decode(
                org.wasmcloud4j.fixtures.Fixtures.bytes("wat-hello.component")).coreModules().get(0).bytes().toArray());
        Instance.Builder builder = Instance.builder(module);
        if (mode.equals("compiled")) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        instance = builder.build();
        memory = instance.memory();
        realloc = instance.export("cabi_realloc");
        greet = instance.export("greet");
        postReturn = instance.export("cabi_post_greet");
        argument = "x".repeat(size);
        Engine engine = Engine.builder().mode(mode.equals("compiled") ? Engine.Mode.COMPILED : Engine.Mode.INTERPRETER)
                .build();
        Component component = Component.fromBytes(engine,
                org.wasmcloud4j.fixtures.Fixtures.bytes("wat-hello.component"));
        componentGreet = new Linker(engine).instantiatePre(component).instantiate().func("greet").orElseThrow();
        argumentValue = new Value.Str(argument);
    }

    /** The same call through the component runtime ({@link Func#call}, dynamic values). */
    @Benchmark
    public Object componentGreet() {
        return componentGreet.call(argumentValue);
    }

    /** One raw canonical-ABI call; returns the decoded result so JMH consumes it. */
    @Benchmark
    public String rawGreet() {
        byte[] utf8 = argument.getBytes(StandardCharsets.UTF_8);
        int ptr = (int) realloc.apply(0, 0, 1, utf8.length)[0];
        memory.write(ptr, utf8);
        int ret = (int) greet.apply(ptr, utf8.length)[0];
        int resultPtr = memory.readInt(ret);
        int resultLen = memory.readInt(ret + 4);
        String result = new String(memory.readBytes(resultPtr, resultLen), StandardCharsets.UTF_8);
        postReturn.apply(ret);
        return result;
    }
}
