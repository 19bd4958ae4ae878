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
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.wit.WitPrinter;

/**
 * Component decoding speed on the largest committed fixture (the composed QuickJS component, 1.6 MB, 24 nested
 * components). Baseline in the same run: Chicory parsing the component's largest core module, which every
 * instantiation path needs anyway. Report {@code decodeComponent / parseLargestCoreModule}; time per MB is
 * {@code decodeComponent / (size / 2^20)}. {@code decodeAndValidateLarge} runs decode and validation on a
 * synthetic 12.8 MB component (the fixture nested 8 times) for the "12 MB well under a second" target.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {
    /** Copies of the QuickJS component nested in the synthetic large component (8 x 1.6 MB = 12.8 MB). */
    static final int LARGE_COPIES = 8;

    private byte[] component;
    private byte[] largestCoreModule;
    private byte[] large;

    /** Loads the fixture and finds its largest core module. */
    @Setup
    public void setUp() {
        component = Fixtures.bytes("js-greeter.qjs");
        largestCoreModule = largest(ComponentDecoder.decode(component)).bytes().toArray();
        large = nestCopies(component, LARGE_COPIES);
    }

    /** A component whose body is {@code copies} nested copies of {@code inner} (component sections, id 4). */
    static byte[] nestCopies(byte[] inner, int copies) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(inner, 0, 8);
        for (int i = 0; i < copies; i++) {
            out.write(4);
            long n = inner.length;
            do {
                int b = (int) (n & 0x7f);
                n >>>= 7;
                out.write(n == 0 ? b : b | 0x80);
            } while (n != 0);
            out.write(inner, 0, inner.length);
        }
        return out.toByteArray();
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

    /** Decodes and validates: the component's full type ({@link ComponentTypes}) as loading needs it. */
    @Benchmark
    public ComponentType decodeAndValidate() {
        return ComponentTypes.of(ComponentDecoder.decode(component));
    }

    /** Decodes and validates a synthetic 12.8 MB component (the fixture nested 8 times). */
    @Benchmark
    public ComponentType decodeAndValidateLarge() {
        return ComponentTypes.of(ComponentDecoder.decode(large));
    }

    /** Prints the component's full WIT (world and every interface body). */
    @Benchmark
    public String printWit() {
        return WitPrinter.printComponent(ComponentTypes.of(ComponentDecoder.decode(component)));
    }

    /** Baseline: Chicory parses the largest core module. */
    @Benchmark
    public WasmModule parseLargestCoreModule() {
        return Parser.parse(largestCoreModule);
    }
}
