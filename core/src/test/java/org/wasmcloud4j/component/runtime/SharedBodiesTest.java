package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.fixtures.Fixtures;

/** The split module parsed with the unsplit parse's bodies shared is the module a full parse gives. */
class SharedBodiesTest {
    /**
     * Every QuickJS core module the splitter changes (at the default limit, and at 300 bytes where most bodies change):
     * the same bodies as a full parse of the split bytes, the unchanged ones the very objects of the unsplit parse, and
     * the same sections otherwise.
     */
    @ParameterizedTest
    @ValueSource(ints = {HugeFunctionSplitter.DEFAULT_LIMIT, 300})
    void theSplitQuickJsModulesMatchAFullParse(int limit) {
        int modules = 0;
        int shared = 0;
        for (Section.CoreModule m : CompileCacheTest.coreModules(ComponentDecoder.decode(
                Fixtures.bytes("js-greeter.qjs")))) {
            byte[] original = m.bytes().toArray();
            HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, limit);
            if (split.functionsSplit() == 0) {
                continue;
            }
            modules++;
            WasmModule whole = Parser.parse(original);
            WasmModule full = Parser.parse(split.bytes());
            WasmModule assembled = SharedBodies.parse(original, whole, split.bytes(), CoreModuleLoader.CUSTOM_PARSERS);
            assertThat(assembled).isNotNull();
            FunctionBody[] a = assembled.codeSection().functionBodies();
            FunctionBody[] f = full.codeSection().functionBodies();
            assertThat(a).hasSameSizeAs(f);
            for (int i = 0; i < f.length; i++) {
                assertThat(a[i].localTypes()).isEqualTo(f[i].localTypes());
                assertThat(shape(a[i])).as("body %d", i).isEqualTo(shape(f[i]));
                if (i < whole.codeSection().functionBodyCount() && a[i] == whole.codeSection().getFunctionBody(i)) {
                    shared++;
                }
            }
            assertThat(assembled.functionSection().functionCount()).isEqualTo(full.functionSection().functionCount());
            assertThat(assembled.typeSection().typeCount()).isEqualTo(full.typeSection().typeCount());
            assertThat(assembled.exportSection().exportCount()).isEqualTo(full.exportSection().exportCount());
            assertThat(assembled.dataSection().dataSegmentCount()).isEqualTo(full.dataSection().dataSegmentCount());
            assertThat(assembled.elementSection().elementCount()).isEqualTo(full.elementSection().elementCount());
            assertThat(assembled.customSections()).hasSameSizeAs(full.customSections());
            if (full.nameSection() != null) {
                assertThat(assembled.nameSection().functionNameCount())
                        .isEqualTo(full.nameSection().functionNameCount());
            }
        }
        assertThat(modules).isPositive();
        assertThat(shared).as("bodies shared with the unsplit parse").isGreaterThan(100);
    }

    /**
     * A body as what runs: each instruction's opcode, operands, depth and branch targets (Chicory also records the
     * byte address an instruction was read at, which differs between the two parses and is only compared within one
     * body).
     */
    static java.util.List<String> shape(FunctionBody b) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var ins : b.instructions()) {
            out.add(ins.opcode() + Arrays.toString(ins.operands()) + "/" + ins.depth() + "/" + ins.labelTrue() + "/"
                    + ins.labelFalse() + "/" + ins.labelTable() + "/" + ins.catches()
                    + "/" + (ins.scope() == null ? "-" : ins.scope().opcode()));
        }
        return out;
    }

    /** A parse of other bytes, and bytes that do not scan, are not taken: the caller parses in full. */
    @Test
    void modulesThatDoNotLineUpAreRefused() {
        byte[] original = HugeFunctionSplitterProperties.RandomFunctions.module(new Random(5));
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, 60);
        assertThat(split.functionsSplit()).isPositive();
        WasmModule whole = Parser.parse(original);
        assertThat(SharedBodies.parse(original, whole, split.bytes(), CoreModuleLoader.CUSTOM_PARSERS)).isNotNull();
        WasmModule other = Parser.parse(split.bytes());   // more bodies than the original has: not its parse
        assertThat(SharedBodies.parse(original, other, split.bytes(), CoreModuleLoader.CUSTOM_PARSERS)).isNull();
        byte[] truncated = Arrays.copyOf(split.bytes(), split.bytes().length - 3);
        assertThat(SharedBodies.parse(original, whole, truncated, CoreModuleLoader.CUSTOM_PARSERS)).isNull();
    }
}
