package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.fixtures.Fixtures;

/** {@link ParallelParse}: the module Chicory's parser makes, and nothing Chicory refuses. */
class ParallelParseTest {
    /** Every core module of the QuickJS greeter, cut into runs of 4 KiB of bodies: the same module as a plain parse. */
    @Test
    void theQuickJsModulesParseAsChicoryParsesThem() {
        int modules = 0;
        for (Section.CoreModule m : CompileCacheTest.coreModules(ComponentDecoder.decode(
                Fixtures.bytes("js-greeter.qjs")))) {
            byte[] bytes = m.bytes().toArray();
            WasmModule plain = Parser.builder().withCustomParsers(CoreModuleLoader.CUSTOM_PARSERS).build()
                    .parse(() -> new java.io.ByteArrayInputStream(bytes));
            WasmModule parallel = ParallelParse.parse(bytes, CoreModuleLoader.CUSTOM_PARSERS, 0, 4096);
            if (plain.codeSection().functionBodyCount() == 0) {
                assertThat(parallel).isNull();   // nothing to cut
                continue;
            }
            modules++;
            assertSameModule(parallel, plain);
        }
        assertThat(modules).isGreaterThan(3);
    }

    /** Random modules with one function body made ill-typed: refused, so that Chicory's parser reports the fault. */
    @Test
    void anInvalidBodyAnywhereIsRefused() {
        for (int seed = 0; seed < 20; seed++) {
            byte[] valid = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(seed));
            assertThat(ParallelParse.parse(valid, CoreModuleLoader.CUSTOM_PARSERS, 0, 16)).as("seed %d", seed)
                    .isNotNull();
            byte[] invalid = withLastBodyReturningNothing(valid);
            assertThatThrownBy(() -> Parser.parse(invalid)).as("Chicory refuses seed %d", seed)
                    .isInstanceOf(RuntimeException.class);
            assertThat(ParallelParse.parse(invalid, CoreModuleLoader.CUSTOM_PARSERS, 0, 16)).as("seed %d", seed)
                    .isNull();
        }
    }

    /**
     * Validating an assembled module that is invalid fails with the error Chicory's own validation gives, word for
     * word: the parallel validation decides nothing, and on a fault the plain validation speaks.
     */
    @Test
    void anInvalidAssembledModuleFailsWithChicorysOwnError() {
        byte[] invalid = withLastBodyReturningNothing(HugeFunctionSplitterProperties.RandomFunctions.module(
                new Random(3)));
        String plainMessage;
        try {
            Parser.parse(invalid);
            throw new AssertionError("Chicory accepted it");
        } catch (RuntimeException e) {
            plainMessage = e.getMessage();
        }
        assertThat(ParallelParse.Validation.AVAILABLE).as("Chicory's validator reachable on the class path").isTrue();
        WasmModule.Builder b = unvalidated(invalid);
        byte[] valid = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(3));
        assertThat(ParallelParse.validated(unvalidated(valid)).codeSection().functionBodyCount()).isEqualTo(2);
        assertThatThrownBy(() -> ParallelParse.validated(b)).hasMessage(plainMessage);
    }

    /** A second code section, or bytes after the last body, are not re-assembled: Chicory's parser sees them. */
    @Test
    void unusualCodeSectionsAreLeftToChicory() throws FunctionCode.Unsupported {
        byte[] valid = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(11));
        SharedBodies.Layout l = SharedBodies.layout(valid);
        int[] code = l.section(10);
        byte[] twice = new byte[valid.length + (code[2] - code[1])];
        System.arraycopy(valid, 0, twice, 0, code[2]);
        System.arraycopy(valid, code[1], twice, code[2], code[2] - code[1]);
        System.arraycopy(valid, code[2], twice, code[2] + (code[2] - code[1]), valid.length - code[2]);
        assertThat(ParallelParse.parse(twice, CoreModuleLoader.CUSTOM_PARSERS, 0, 16)).isNull();

        // one more byte inside the code section, after its last body (the section's size grown by one)
        byte[] trailing = withCodeSectionPadding(valid, code);
        assertThat(ParallelParse.parse(trailing, CoreModuleLoader.CUSTOM_PARSERS, 0, 16)).isNull();
    }

    /** Every task runs exactly once, also with many more tasks than threads. */
    @Test
    void runAllRunsEachTaskOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        ParallelParse.runAll(1000, k -> runs.incrementAndGet(k));
        for (int i = 0; i < 1000; i++) {
            assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
        }
    }

    /** A failing task's exception reaches the caller once every claimed task has finished. */
    @Test
    void runAllRethrowsTheFirstFailure() {
        assertThatThrownBy(() -> ParallelParse.runAll(50, k -> {
            if (k == 17) {
                throw new IllegalArgumentException("task 17");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 17");
    }

    /** With every common-pool thread busy elsewhere, the caller does all the work itself and does not wait for help. */
    @Test
    void runAllFinishesOnTheCallerWhenThePoolIsBusy() throws Exception {
        int pool = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(pool);
        List<java.util.concurrent.ForkJoinTask<?>> blockers = new ArrayList<>();
        for (int i = 0; i < pool; i++) {
            blockers.add(ForkJoinPool.commonPool().submit(() -> {
                busy.countDown();
                release.await();
                return null;
            }));
        }
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            Thread caller = Thread.currentThread();
            AtomicIntegerArray elsewhere = new AtomicIntegerArray(1);
            ParallelParse.runAll(200, k -> {
                if (Thread.currentThread() != caller) {
                    elsewhere.incrementAndGet(0);
                }
            });
            assertThat(elsewhere.get(0)).isZero();
        } finally {
            release.countDown();
            for (var b : blockers) {
                b.get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A builder holding every section of {@code bytes}, as Chicory decodes them without validating. */
    private static WasmModule.Builder unvalidated(byte[] bytes) {
        WasmModule.Builder b = WasmModule.builder();
        Parser.builder().withValidation(false).build().parse(new java.io.ByteArrayInputStream(bytes), s -> {
            if (s instanceof com.dylibso.chicory.wasm.types.CodeSection c) {
                b.setCodeSection(c);
            } else {
                SharedBodies.put(b, s);
            }
        });
        return b;
    }

    static void assertSameModule(WasmModule parallel, WasmModule plain) {
        assertThat(parallel).isNotNull();
        FunctionBody[] a = parallel.codeSection().functionBodies();
        FunctionBody[] p = plain.codeSection().functionBodies();
        assertThat(a).hasSameSizeAs(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(a[i].localTypes()).as("locals of body %d", i).isEqualTo(p[i].localTypes());
            assertThat(SharedBodiesTest.shape(a[i])).as("body %d", i).isEqualTo(SharedBodiesTest.shape(p[i]));
        }
        assertThat(parallel.codeSection().isRequiresDataCount()).isEqualTo(plain.codeSection().isRequiresDataCount());
        assertThat(parallel.functionSection().functionCount()).isEqualTo(plain.functionSection().functionCount());
        assertThat(parallel.typeSection().typeCount()).isEqualTo(plain.typeSection().typeCount());
        assertThat(parallel.importSection().importCount()).isEqualTo(plain.importSection().importCount());
        assertThat(parallel.exportSection().exportCount()).isEqualTo(plain.exportSection().exportCount());
        assertThat(parallel.dataSection().dataSegmentCount()).isEqualTo(plain.dataSection().dataSegmentCount());
        assertThat(parallel.elementSection().elementCount()).isEqualTo(plain.elementSection().elementCount());
        assertThat(parallel.globalSection().globalCount()).isEqualTo(plain.globalSection().globalCount());
        assertThat(parallel.customSections()).hasSameSizeAs(plain.customSections());
        if (plain.nameSection() != null) {
            assertThat(parallel.nameSection().functionNameCount()).isEqualTo(plain.nameSection().functionNameCount());
        }
    }

    /**
     * {@code valid} with its last function body replaced by one of the same size that ends with an empty stack, where
     * the random functions' type returns a value: a fault only the validator finds.
     */
    static byte[] withLastBodyReturningNothing(byte[] valid) {
        SharedBodies.Layout l = SharedBodies.layout(valid);
        int n = l.bodyStart().length;
        int from = l.bodyStart()[n - 1];
        int to = l.bodyEnd()[n - 1];
        byte[] out = valid.clone();
        // no locals, then nops, then end
        out[from] = 0;
        for (int i = from + 1; i < to - 1; i++) {
            out[i] = 0x01;
        }
        out[to - 1] = 0x0b;
        return out;
    }

    /** {@code valid} with one byte (a nop that belongs to no body) added at the end of its code section. */
    private static byte[] withCodeSectionPadding(byte[] valid, int[] code) throws FunctionCode.Unsupported {
        FunctionOutliner.Out out = new FunctionOutliner.Out();
        out.bytes(valid, 0, code[1]);
        int[] pos = {code[1] + 1};
        long size = FunctionCode.u32(valid, pos, valid.length);
        FunctionOutliner.Out body = new FunctionOutliner.Out();
        body.bytes(valid, pos[0], (int) (pos[0] + size));
        body.u8(0x01);
        out.section(10, body);
        out.bytes(valid, code[2], valid.length);
        return out.toArray();
    }
}
