package org.wasmcloud4j.bench;

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
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Component decoding speed on the largest committed fixture (the composed QuickJS component, 1.6 MB, 24 nested
 * components). Baseline in the same run: Chicory parsing the component's largest core module, which every
 * instantiation path needs anyway. Report {@code decodeComponent / parseLargestCoreModule}; time per MB is
 * {@code decodeComponent / (size / 2^20)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {
    private byte[] component;
    private byte[] largestCoreModule;

    /** Loads the fixture and finds its largest core module. */
    @Setup
    public void setUp() {
        component = Fixtures.bytes("js-greeter.qjs");
        largestCoreModule = largest(ComponentDecoder.decode(component)).bytes().toArray();
    }

    private static Section.CoreModule largest(DecodedComponent c) {
        Section.CoreModule best = null;
        for (Section.CoreModule m : c.coreModules()) {
            if (best == null || m.bytes().length() > best.bytes().length()) {
                best = m;
            }
        }
        for (Section.Component nested : c.sections(Section.Component.class)) {
            Section.CoreModule inner = largest(nested.component());
            if (inner != null && (best == null || inner.bytes().length() > best.bytes().length())) {
                best = inner;
            }
        }
        return best;
    }

    /** Decodes the whole component (all sections, nested components, core module summaries). */
    @Benchmark
    public DecodedComponent decodeComponent() {
        return ComponentDecoder.decode(component);
    }

    /** Baseline: Chicory parses the largest core module. */
    @Benchmark
    public WasmModule parseLargestCoreModule() {
        return Parser.parse(largestCoreModule);
    }
}
