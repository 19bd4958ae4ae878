package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ParallelParse} on random modules of many bodies (random functions cut by the huge-function splitter): the
 * module Chicory's parser makes, and for changed or cut bytes nothing that Chicory's parser refuses.
 */
class ParallelParseProperties {
    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static byte[] manyBodies(Random r) {
        byte[] original = HugeFunctionSplitterProperties.RandomFunctions.module(r);
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, 40);
        return split.functionsSplit() > 0 ? split.bytes() : original;
    }

    private static WasmModule plain(byte[] bytes) {
        try {
            return Parser.builder().withCustomParsers(CoreModuleLoader.CUSTOM_PARSERS).build()
                    .parse(() -> new java.io.ByteArrayInputStream(bytes));
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return null;
        }
    }

    private static WasmModule parallel(byte[] bytes, int taskBytes) {
        try {
            return ParallelParse.parse(bytes, CoreModuleLoader.CUSTOM_PARSERS, 0, taskBytes);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw new AssertionError("ParallelParse threw instead of refusing", e);
        }
    }

    /** Cut into runs of any size, a valid module comes back as the plain parse of it. */
    @Property(tries = 50)
    void aValidModuleParsesAsChicoryParsesIt(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        byte[] bytes = manyBodies(r);
        WasmModule p = plain(bytes);
        assertThat(p).isNotNull();
        ParallelParseTest.assertSameModule(parallel(bytes, 1 + r.nextInt(200)), p);
    }

    /**
     * One byte changed, or the module cut short: a module comes back only when Chicory's parser takes the same bytes,
     * and then it is the same module; the parallel parse never throws (it refuses, and the caller parses plainly).
     */
    @Property(tries = 250)
    void changedBytesAreNeverAcceptedWhereChicoryRefuses(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        byte[] bytes = manyBodies(r).clone();
        Assume.that(bytes.length > 9);
        if (r.nextInt(4) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, 8 + r.nextInt(bytes.length - 8));
        } else {
            bytes[8 + r.nextInt(bytes.length - 8)] = (byte) r.nextInt(256);
        }
        WasmModule p = plain(bytes);
        WasmModule q = parallel(bytes, 1 + r.nextInt(200));
        if (q != null) {
            assertThat(p).as("Chicory's parser takes the same bytes").isNotNull();
            ParallelParseTest.assertSameModule(q, p);
        }
    }
}
