package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A function too large for a JVM method runs interpreted, said through SLF4J with its name, not on stderr. */
class InterpreterFallbackLogTest {

    /** A module exporting "small" (returns 7) and "huge" (a body of ~40 000 adds, too large to compile). */
    static byte[] moduleWithHugeFunction() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);                       // no locals
        body.write(0x41); body.write(0);     // i32.const 0
        for (int i = 0; i < 40_000; i++) {
            body.write(0x41); body.write(1); // i32.const 1
            body.write(0x6a);                // i32.add
        }
        body.write(0x0b);
        byte[] huge = body.toByteArray();
        byte[] small = {0, 0x41, 7, 0x0b};
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(m, 1, new byte[] {1, 0x60, 0, 1, 0x7f});                       // type () -> i32
        section(m, 3, new byte[] {2, 0, 0});                                     // two functions of it
        section(m, 7, concat(new byte[] {2}, name("small"), new byte[] {0, 0}, name("huge"), new byte[] {0, 1}));
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(2);
        code.writeBytes(leb(small.length));
        code.writeBytes(small);
        code.writeBytes(leb(huge.length));
        code.writeBytes(huge);
        section(m, 10, code.toByteArray());
        byte[] names = concat(new byte[] {1}, leb(2), new byte[] {0}, name("small_fn"), new byte[] {1}, name("huge_fn"));
        byte[] sub = concat(new byte[] {1}, leb(names.length - 1), java.util.Arrays.copyOfRange(names, 1, names.length));
        section(m, 0, concat(name("name"), sub));
        return m.toByteArray();
    }

    private static void section(ByteArrayOutputStream m, int id, byte[] contents) {
        m.write(id);
        m.writeBytes(leb(contents.length));
        m.writeBytes(contents);
    }

    private static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return concat(leb(b.length), b);
    }

    private static byte[] leb(int v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        do {
            int b = v & 0x7f;
            v >>>= 7;
            o.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return o.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Test
    void theFallbackIsLoggedWithTheFunctionsNameAndNothingGoesToStderrFromChicory() {
        WasmModule module = Parser.builder().withCustomParsers(java.util.Map.of("name", CoreModuleLoader::nameSection))
                .build().parse(moduleWithHugeFunction());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CoreModuleLoader.Compiled c;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            c = CoreModuleLoader.compiled(module, 1234);
        } finally {
            System.setErr(saved);
        }
        String logged = err.toString(StandardCharsets.UTF_8);
        assertThat(logged).doesNotContain("Warning: using interpreted mode");
        assertThat(logged).contains("WARN").contains(CoreModuleLoader.class.getName())
                .contains("core module at byte 1234: 1 functions are too large").contains("1 (huge_fn)");
        assertThat(c.entry().interpreted()).containsExactly(1);
        Instance inst = Instance.builder(module).withMachineFactory(c.factory()).build();
        assertThat(inst.export("small").apply()[0]).isEqualTo(7L);
        assertThat(inst.export("huge").apply()[0]).isEqualTo(40_000L);
    }
}
