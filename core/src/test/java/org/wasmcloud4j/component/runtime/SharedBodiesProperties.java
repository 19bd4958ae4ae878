package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link SharedBodies} on random split modules: what a full parse gives, and nothing a full parse refuses. */
class SharedBodiesProperties {
    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** The assembled module computes what the original computes, as the fully parsed split module does. */
    @Property(tries = 60)
    void theAssembledModuleComputesWhatTheOriginalComputes(@ForAll("seeds") long seed) {
        byte[] original = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(seed));
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, 60);
        Assume.that(split.functionsSplit() > 0);
        WasmModule whole = Parser.parse(original);
        WasmModule assembled = SharedBodies.parse(original, whole, split.bytes(), CoreModuleLoader.CUSTOM_PARSERS);
        assertThat(assembled).isNotNull();
        assertThat(assembled.codeSection().functionBodyCount())
                .isEqualTo(Parser.parse(split.bytes()).codeSection().functionBodyCount());
        Random inputs = new Random(seed ^ 0x5DEECE66DL);
        Instance a = Instance.builder(whole).build();
        Instance b = Instance.builder(assembled).build();
        for (int k = 0; k < 4; k++) {
            long x = inputs.nextInt(40) - 5;
            long y = inputs.nextInt(40) - 5;
            assertThat(b.export("f").apply(x, y)).as("f(%d, %d)", x, y).isEqualTo(a.export("f").apply(x, y));
        }
    }

    /**
     * One byte of the split module changed, or the module cut short: an assembled module comes back only when a full
     * parse of the same bytes succeeds too (otherwise null or a failure, which the caller answers with a full parse).
     */
    @Property(tries = 300)
    void mutationsAreNeverAcceptedWhereAFullParseRefuses(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        byte[] original = HugeFunctionSplitterProperties.RandomFunctions.module(r);
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, 60);
        Assume.that(split.functionsSplit() > 0);
        byte[] bytes = split.bytes().clone();
        if (r.nextInt(4) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, 8 + r.nextInt(bytes.length - 8));
        } else {
            bytes[8 + r.nextInt(bytes.length - 8)] = (byte) r.nextInt(256);
        }
        boolean fullParses;
        try {
            Parser.parse(bytes);
            fullParses = true;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            fullParses = false;
        }
        WasmModule assembled;
        try {
            assembled = SharedBodies.parse(original, Parser.parse(original), bytes, CoreModuleLoader.CUSTOM_PARSERS);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            assembled = null;
        }
        if (assembled != null) {
            assertThat(fullParses).as("a full parse of the same bytes succeeds").isTrue();
        }
    }
}
