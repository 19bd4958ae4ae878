package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.CompilerResult;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** {@link LazyClassCollector}: a compiled module's classes are defined when first used, not at load. */
class LazyClassCollectorTest {
    private static final int FUNCTIONS = 2000;

    /** {@code FUNCTIONS} functions {@code () -> i32}, function i returning i % 64; f0 and f1999 exported. */
    private static byte[] manyFunctions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, new byte[] {0x01, 0x60, 0x00, 0x01, 0x7f});
        ByteArrayOutputStream funcs = new ByteArrayOutputStream();
        leb(funcs, FUNCTIONS);
        for (int i = 0; i < FUNCTIONS; i++) {
            funcs.write(0);
        }
        section(out, 3, funcs.toByteArray());
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        leb(exports, 2);
        export(exports, "f0", 0);
        export(exports, "f1999", FUNCTIONS - 1);
        section(out, 7, exports.toByteArray());
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        leb(code, FUNCTIONS);
        for (int i = 0; i < FUNCTIONS; i++) {
            code.writeBytes(new byte[] {0x04, 0x00, 0x41, (byte) (i % 64), 0x0b});
        }
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    @Test
    void onlyTheClassesOfCalledFunctionsAreDefined() {
        WasmModule module = Parser.parse(manyFunctions());
        CompilerResult result = Compiler.builder(module).withMaxFunctionsPerClass(LazyClassCollector.FUNCTIONS_PER_CLASS)
                .withClassCollectorFactory(LazyClassCollector::new).build().compile();
        LazyClassCollector classes = (LazyClassCollector) result.collector();
        int total = classes.classBytes().size();
        // 2000 functions in groups of 256: at least 8 group classes besides the machine's own
        assertThat(total).isGreaterThan(FUNCTIONS / LazyClassCollector.FUNCTIONS_PER_CLASS);

        Instance instance = Instance.builder(module).withMachineFactory(classes.machineFactory()).build();
        int afterInstantiation = classes.undefined();
        assertThat(afterInstantiation).isLessThan(total);   // the main class is defined
        assertThat(instance.export("f0").apply()[0]).isEqualTo(0L);
        assertThat(instance.export("f1999").apply()[0]).isEqualTo((long) ((FUNCTIONS - 1) % 64));
        // the groups of the other 1 998 functions were never needed
        assertThat(classes.undefined()).isGreaterThan(total / 2).isLessThan(afterInstantiation);

        // a defined class's bytes are let go: a cache entry takes its snapshot before the module runs
        assertThat(classes.classBytes()).hasSize(classes.undefined());
        assertThat(((LazyClassCollector) result.collector()).mainClassName()).isNotBlank();
    }

    private static void export(ByteArrayOutputStream out, String name, int func) {
        leb(out, name.length());
        out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write(0x00);
        leb(out, func);
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] body) {
        HugeFunctionSplitterProperties.RandomFunctions.section(out, id, body);
    }

    private static void leb(ByteArrayOutputStream out, int v) {
        HugeFunctionSplitterProperties.RandomFunctions.leb(out, v);
    }
}
