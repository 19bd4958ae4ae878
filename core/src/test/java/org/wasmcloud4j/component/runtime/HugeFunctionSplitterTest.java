package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.fixtures.Fixtures;

/** The huge-function splitter on real components, on functions it must leave alone, and on malformed bytes. */
class HugeFunctionSplitterTest {

    /**
     * The QuickJS greeter with every body over 300 bytes split: the golden calls and host log calls still match,
     * compiled, and in tiered mode both before the switch (interpreting the modules as they are) and after it.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "TIERED"})
    void quickJsSplitToPiecesStillRunsItsGoldenCalls(Engine.Mode mode) {
        byte[] bytes = Fixtures.bytes("js-greeter.qjs");
        int split = 0;
        for (Section.CoreModule m : CompileCacheTest.coreModules(ComponentDecoder.decode(bytes))) {
            split += HugeFunctionSplitter.split(m.bytes().toArray(), 300).functionsSplit();
        }
        assertThat(split).as("functions split in the QuickJS greeter").isGreaterThan(100);
        Engine engine = Engine.builder().mode(mode).noCompileCache().splitLimit(300).build();
        Component c = Component.fromBytes(engine, bytes);
        GoldenCalls.replayQuickJsGreeter(c); // tiered: the interpreter runs the modules as they are
        c.codeSettled().join();
        int pieces = 0;
        for (Section.CoreModule m : CompileCacheTest.coreModules(c.decoded())) {
            pieces += c.module(m).module().functionSection().functionCount() - m.summary().functionTypeIndices().size();
        }
        assertThat(pieces).as("functions added by splitting in the compiled modules").isGreaterThan(10_000);
        GoldenCalls.replayQuickJsGreeter(c); // now compiled from the split modules
    }

    /**
     * On a compiled-code cache hit the compiled functions' bodies are stubs when Chicory parses the module (a few
     * bytes each instead of every instruction), the component still runs its golden calls, and what the runtime reads
     * from bodies (the tables {@code call_indirect} goes through) is what the full module says.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "TIERED"})
    void aCacheHitParsesStubbedBodiesAndStillRuns(Engine.Mode mode, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        byte[] bytes = Fixtures.bytes("js-greeter.qjs");
        Engine first = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(dir).build();
        Component.fromBytes(first, bytes);
        Engine second = Engine.builder().mode(mode).compileCache(dir).build();
        Component c = Component.fromBytes(second, bytes);
        assertThat(second.compileCache().hits.get()).isPositive();
        int stubbed = 0;
        for (Section.CoreModule m : CompileCacheTest.coreModules(c.decoded())) {
            com.dylibso.chicory.wasm.WasmModule parsed = c.module(m).module();
            com.dylibso.chicory.wasm.WasmModule full = Parser.parse(
                    HugeFunctionSplitter.split(m.bytes().toArray()).bytes());
            assertThat(parsed.codeSection().functionBodies()).hasSameSizeAs(full.codeSection().functionBodies());
            assertThat(BridgingTable.indirectTables(parsed)).isEqualTo(BridgingTable.indirectTables(full));
            byte[] kept = second.compileCache().load(CoreModuleLoader.cacheKey(m)).orElseThrow().module();
            assertThat(kept).as("the entry keeps the stubbed module").isNotEmpty();
            for (var body : parsed.codeSection().functionBodies()) {
                if (body.instructions().get(0).opcode() == com.dylibso.chicory.wasm.types.OpCode.UNREACHABLE) {
                    stubbed++;
                }
            }
        }
        assertThat(stubbed).as("stubbed bodies").isGreaterThan(1000);
        GoldenCalls.replayQuickJsGreeter(c);
    }

    /**
     * Without a cache, a large module compiled here (compiled mode at load, tiered mode at the switch) runs on its
     * stubbed copy too: the full parse is let go once its classes exist, and the golden calls still pass.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "TIERED"})
    void aLargeModuleCompiledWithoutACacheRunsOnItsStubbedCopy(Engine.Mode mode) {
        byte[] bytes = Fixtures.bytes("js-greeter.qjs");
        Component c = Component.fromBytes(Engine.builder().mode(mode).noCompileCache().build(), bytes);
        c.codeSettled().join();
        int large = 0;
        for (Section.CoreModule m : CompileCacheTest.coreModules(c.decoded())) {
            long stubs = startingUnreachable(c.module(m).module());
            long inFull = startingUnreachable(Parser.parse(HugeFunctionSplitter.split(m.bytes().toArray()).bytes()));
            if (m.bytes().length() >= CoreModuleLoader.SLIM_MIN_BYTES) {
                large++;
                assertThat(stubs - inFull).as("stubbed bodies of the large module").isGreaterThan(1000);
            } else {
                assertThat(stubs).as("a small module keeps its full parse").isEqualTo(inFull);
            }
        }
        assertThat(large).as("QuickJS's main module is over the threshold").isEqualTo(1);
        GoldenCalls.replayQuickJsGreeter(c);
    }

    private static long startingUnreachable(com.dylibso.chicory.wasm.WasmModule module) {
        return java.util.Arrays.stream(module.codeSection().functionBodies())
                .filter(b -> b.instructions().get(0).opcode() == com.dylibso.chicory.wasm.types.OpCode.UNREACHABLE)
                .count();
    }

    /** A function the cache entry says runs interpreted keeps its body; the others become stubs that validate. */
    @Test
    void stubsKeepInterpretedBodiesAndValidate() throws FunctionCode.Unsupported {
        byte[] m = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(3));
        byte[] stubbed = HugeFunctionSplitter.stubBodies(m, java.util.Set.of(1));
        com.dylibso.chicory.wasm.WasmModule parsed = Parser.parse(stubbed);
        assertThat(parsed.codeSection().getFunctionBody(0).instructions().get(0).opcode())
                .isEqualTo(com.dylibso.chicory.wasm.types.OpCode.UNREACHABLE);
        assertThat(parsed.codeSection().getFunctionBody(1).instructions().get(0).opcode())
                .isEqualTo(com.dylibso.chicory.wasm.types.OpCode.LOCAL_GET);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> com.dylibso.chicory.runtime.Instance.builder(parsed).build().export("f").apply(1, 2))
                .as("the stub traps if it ever runs").isInstanceOf(com.dylibso.chicory.wasm.ChicoryException.class);
    }

    /**
     * A function too large for one JVM method (30 000 statements, about 180 KB of code) falls back to Chicory's
     * interpreter as it is; split, every function compiles, and the result is the same.
     */
    @Test
    void aFunctionTooLargeForTheCompilerCompilesOnceSplit() {
        byte[] code = tooLargeBody();
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 1, new byte[] {1, 0x60, 0, 1, 0x7f});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 3, new byte[] {1, 0});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 7, new byte[] {1, 1, 'f', 0, 0});
        java.io.ByteArrayOutputStream cs = new java.io.ByteArrayOutputStream();
        cs.write(1);
        HugeFunctionSplitterProperties.RandomFunctions.leb(cs, code.length);
        cs.writeBytes(code);
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 10, cs.toByteArray());
        byte[] original = m.toByteArray();

        com.dylibso.chicory.wasm.WasmModule whole = Parser.parse(original);
        CoreModuleLoader.Compiled before = CoreModuleLoader.compiled(whole, 0);
        assertThat(before.entry().interpreted()).as("falls back as it is").containsExactly(0);
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original);
        com.dylibso.chicory.wasm.WasmModule parts = Parser.parse(split.bytes());
        CoreModuleLoader.Compiled after = CoreModuleLoader.compiled(parts, 0);
        assertThat(split.functionsSplit()).isEqualTo(1);
        assertThat(after.entry().interpreted()).as("nothing left to the interpreter").isEmpty();
        long expected = com.dylibso.chicory.runtime.Instance.builder(whole).withMachineFactory(before.factory()).build()
                .export("f").apply()[0];
        assertThat(com.dylibso.chicory.runtime.Instance.builder(parts).withMachineFactory(after.factory()).build()
                .export("f").apply()[0]).isEqualTo(expected);
    }

    /**
     * A large module (a 1.2 MB data segment) compiled here with a function left to the interpreter (splitting off,
     * 30 000 statements): it runs on its stubbed copy, the interpreted function keeps its body and answers as the
     * full module does, and the compiled one answers although its body is a stub.
     */
    @Test
    void aStubbedCopyKeepsTheBodiesOfInterpretedFunctions() {
        byte[] huge = tooLargeBody();
        byte[] small = {0, 0x41, 42, 0x0b};   // no locals; i32.const 42
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 1, new byte[] {1, 0x60, 0, 1, 0x7f});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 3, new byte[] {2, 0, 0});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 5, new byte[] {1, 0, 20});
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 7, new byte[] {2, 1, 'f', 0, 0, 1, 'g', 0, 1});
        java.io.ByteArrayOutputStream cs = new java.io.ByteArrayOutputStream();
        cs.write(2);
        HugeFunctionSplitterProperties.RandomFunctions.leb(cs, huge.length);
        cs.writeBytes(huge);
        HugeFunctionSplitterProperties.RandomFunctions.leb(cs, small.length);
        cs.writeBytes(small);
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 10, cs.toByteArray());
        byte[] data = new byte[1_200_000];
        java.util.Arrays.fill(data, (byte) 7);
        java.io.ByteArrayOutputStream ds = new java.io.ByteArrayOutputStream();
        ds.writeBytes(new byte[] {1, 0, 0x41, 0, 0x0b});
        HugeFunctionSplitterProperties.RandomFunctions.leb(ds, data.length);
        ds.writeBytes(data);
        HugeFunctionSplitterProperties.RandomFunctions.section(m, 11, ds.toByteArray());
        byte[] core = m.toByteArray();
        assertThat(core.length).isGreaterThanOrEqualTo(CoreModuleLoader.SLIM_MIN_BYTES);
        java.io.ByteArrayOutputStream component = new java.io.ByteArrayOutputStream();
        component.writeBytes(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0});
        HugeFunctionSplitterProperties.RandomFunctions.section(component, 1, core);
        Section.CoreModule section = CompileCacheTest.coreModules(ComponentDecoder.decode(component.toByteArray()))
                .get(0);

        com.dylibso.chicory.wasm.WasmModule whole = Parser.parse(core);
        CoreModuleLoader.Loaded loaded = CoreModuleLoader.compile(section, new CoreModuleLoader.Parsed(whole, null),
                null, false, true);
        assertThat(loaded.module()).as("runs on a stubbed copy").isNotSameAs(whole);
        assertThat(loaded.module().codeSection().getFunctionBody(1).instructions().get(0).opcode())
                .isEqualTo(com.dylibso.chicory.wasm.types.OpCode.UNREACHABLE);
        assertThat(loaded.module().codeSection().getFunctionBody(0).instructions())
                .as("the interpreted body is kept").hasSameSizeAs(whole.codeSection().getFunctionBody(0).instructions());
        com.dylibso.chicory.runtime.Instance slim = com.dylibso.chicory.runtime.Instance.builder(loaded.module())
                .withMachineFactory(loaded.factory()).build();
        long expected = com.dylibso.chicory.runtime.Instance.builder(whole).build().export("f").apply()[0];
        assertThat(slim.export("f").apply()[0]).isEqualTo(expected);
        assertThat(slim.export("g").apply()[0]).isEqualTo(42);
        assertThat(slim.memory().read(1_199_999)).as("the data segment is there").isEqualTo((byte) 7);
    }

    /**
     * The body of {@code () -> i32} with 30 000 statements (about 180 KB of code), too large for one JVM method: two
     * i32 locals, {@code local0 = local0 * 3 + i; local1 ^= local0} for each {@code i}, returning {@code local1}.
     */
    private static byte[] tooLargeBody() {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(1); // one local group: two i32
        body.write(2);
        body.write(0x7f);
        for (int i = 0; i < 30_000; i++) {
            body.writeBytes(new byte[] {0x20, 0, 0x41, 3, 0x6c, 0x41});
            HugeFunctionSplitterProperties.RandomFunctions.sleb(body, i % 1000);
            body.writeBytes(new byte[] {0x6a, 0x22, 0, 0x20, 1, 0x73, 0x21, 1});
        }
        body.writeBytes(new byte[] {0x20, 1, 0x0b});
        return body.toByteArray();
    }

    @Test
    void aModuleWithoutLargeBodiesIsReturnedAsItIs() {
        byte[] small = Fixtures.bytes("wat-hello.component");
        for (Section.CoreModule m : CompileCacheTest.coreModules(ComponentDecoder.decode(small))) {
            byte[] b = m.bytes().toArray();
            HugeFunctionSplitter.Split s = HugeFunctionSplitter.split(b);
            assertThat(s.bytes()).isSameAs(b);
            assertThat(s.functionsSplit()).isZero();
        }
    }

    /** One expression of 40 000 adds never comes back to an empty stack: no region to outline, left as it is. */
    @Test
    void aBodyWithNoPlaceToCutIsLeftAsItIs() {
        byte[] m = InterpreterFallbackLogTest.moduleWithHugeFunction();
        HugeFunctionSplitter.Split s = HugeFunctionSplitter.split(m);
        assertThat(s.bytes()).isSameAs(m);
    }

    /** A body with an instruction the splitter does not know (a SIMD one) is left as it is. */
    @Test
    void aBodyWithAnUnknownOpcodeIsLeftAsItIs() {
        byte[] m = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(7));
        HugeFunctionSplitter.Split before = HugeFunctionSplitter.split(m, 60);
        assertThat(before.functionsSplit()).isPositive();
        // replace the function's final i32.xor (0x73) before its end with a v128 opcode prefix: no longer decodable
        byte[] bad = m.clone();
        int end = lastIndexOf(bad, (byte) 0x73);
        bad[end] = (byte) 0xFD;
        HugeFunctionSplitter.Split s = HugeFunctionSplitter.split(bad, 60);
        assertThat(s.bytes()).isSameAs(bad);
    }

    /**
     * Guest-controlled bytes: any single-byte change or truncation of a splittable module never makes the splitter
     * throw, hang or grow past three times its size and a MiB, and whatever Chicory makes of the split module, it makes of the original too
     * (the splitter turns no invalid module into a valid one).
     */
    @Property(tries = 300)
    void mutatedModulesNeverBreakTheSplitter(@ForAll @IntRange(min = 0, max = 1_000_000) int at,
            @ForAll @IntRange(min = 0, max = 255) int value, @ForAll boolean truncate) {
        byte[] m = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(at));
        int pos = at % m.length;
        byte[] bad = truncate ? java.util.Arrays.copyOf(m, pos) : m.clone();
        if (!truncate) {
            bad[pos] = (byte) value;
        }
        HugeFunctionSplitter.Split s = HugeFunctionSplitter.split(bad, 60);
        assertThat(s.bytes().length).isLessThanOrEqualTo(3 * bad.length + (1 << 20));
        if (s.bytes() != bad) {
            boolean splitValid = parses(s.bytes());
            if (splitValid) {
                assertThat(parses(bad)).as("the original of a valid split module is valid").isTrue();
            }
        }
    }

    /** Whether Chicory takes {@code b}; it refuses some malformed code with an assertion (tests run with -ea). */
    private static boolean parses(byte[] b) {
        try {
            Parser.parse(b);
            return true;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return false;
        }
    }

    private static int lastIndexOf(byte[] b, byte v) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new AssertionError("no such byte");
    }
}
