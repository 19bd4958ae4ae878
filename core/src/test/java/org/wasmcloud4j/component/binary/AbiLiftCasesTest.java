package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.wasmcloud4j.component.abi.CanonicalLayout;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.wit.WitLoader;

/** Runs {@code lift-cases.txt}: chosen guest bytes lift to the expected value or trap with the expected message. */
class AbiLiftCasesTest {
    private static final Engine ENGINE = Engine.builder().mode(Engine.Mode.INTERPRETER).build();

    @TestFactory
    Stream<DynamicTest> liftCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String defs = "";
        int lineNo = 0;
        for (String line : read().split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("defs ")) {
                defs = defs + "\n" + l.substring(5);
                continue;
            }
            String currentDefs = defs;
            int n = lineNo;
            tests.add(DynamicTest.dynamicTest("line " + n + ": " + l, () -> run(currentDefs, l)));
        }
        assertThat(tests).hasSizeGreaterThan(35);
        return tests.stream();
    }

    private static void run(String defs, String line) {
        int arrow = line.lastIndexOf("=>");
        String expect = line.substring(arrow + 2).strip();
        String[] parts = line.substring(0, arrow).split("\\|");
        ValType type = WitLoader.defaults().parse("case.wit", "package t:t;\ninterface i {\n" + defs
                + "\ntype case-type = " + parts[0].strip() + ";\n}\n").packages().get(0).interfaces().get("i")
                .types().get("case-type") instanceof org.wasmcloud4j.component.types.NamedType nt ? nt : null;
        TupleType wrapped = new TupleType(List.of(type, PrimitiveType.BOOL));
        int boolOffset = CanonicalLayout.fieldOffsets(wrapped.elements())[1];
        int tupleSize = CanonicalLayout.size(wrapped);
        int extraAddress = EchoComponents.FIXED_ADDRESS + tupleSize;
        byte[] head = hex(parts[1], extraAddress);
        byte[] extra = parts.length > 2 ? hex(parts[2], extraAddress) : new byte[0];
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(head);
        while (data.size() < boolOffset) {
            data.write(0);
        }
        data.write(1);
        while (data.size() < tupleSize) {
            data.write(0);
        }
        data.writeBytes(extra);

        Instance instance = new Linker(ENGINE).instantiatePre(Component.fromBytes(ENGINE,
                EchoComponents.fixed(type, data.toByteArray()))).instantiate();
        Func echo = instance.func("echo").orElseThrow();
        Value arg = new Value.TupleValue(List.of(Wave.parse(sample(type), type), new Value.Bool(false)));
        Value pad = new Value.TupleValue(java.util.Collections.nCopies(17, new Value.Int(PrimitiveType.U8, 0)));
        if (expect.startsWith("trap:")) {
            assertThatThrownBy(() -> echo.call(arg, pad)).isInstanceOf(Trap.class)
                    .hasMessageContaining(expect.substring(5).strip());
            assertThat(instance.isPoisoned()).isTrue();
        } else {
            Value.TupleValue result = (Value.TupleValue) echo.call(arg, pad).orElseThrow();
            assertThat(result.elements().get(0)).isEqualTo(Wave.parse(expect, type));
            assertThat(result.elements().get(1)).isEqualTo(new Value.Bool(true));
        }
    }

    @org.junit.jupiter.api.Test
    void loweringTrapsWhenReallocReturnsABadPointer() {
        ValType str = PrimitiveType.STRING;
        Value pad = new Value.TupleValue(java.util.Collections.nCopies(17, new Value.Int(PrimitiveType.U8, 0)));
        Value arg = new Value.TupleValue(List.of(new Value.Str("hello"), new Value.Bool(true)));
        for (int[] c : new int[][] {{0x7fff_fff0, 0}, {3, 1}}) {
            Instance instance = new Linker(ENGINE).instantiatePre(Component.fromBytes(ENGINE,
                    EchoComponents.badRealloc(str, c[0]))).instantiate();
            Func echo = instance.func("echo").orElseThrow();
            assertThatThrownBy(() -> echo.call(arg, pad)).isInstanceOf(Trap.class)
                    .hasMessageContaining(c[1] == 0 ? "outside linear memory" : "not aligned");
            assertThat(instance.isPoisoned()).isTrue();
        }
    }

    /** Some value of {@code type} to pass in (the guest ignores it). */
    private static String sample(ValType type) {
        ValType u = type.unwrap();
        if (u instanceof PrimitiveType p) {
            switch (p) {
                case BOOL: return "true";
                case CHAR: return "'x'";
                case STRING: return "\"\"";
                default: return "0";
            }
        }
        if (u instanceof org.wasmcloud4j.component.types.ListType) {
            return "[]";
        }
        if (u instanceof org.wasmcloud4j.component.types.OptionType) {
            return "none";
        }
        if (u instanceof org.wasmcloud4j.component.types.ResultType r) {
            return r.ok().isPresent() ? "ok(" + sample(r.ok().get()) + ")" : "ok";
        }
        if (u instanceof org.wasmcloud4j.component.types.EnumType e) {
            return e.cases().get(0);
        }
        if (u instanceof org.wasmcloud4j.component.types.FlagsType) {
            return "{}";
        }
        if (u instanceof org.wasmcloud4j.component.types.VariantType v) {
            return v.cases().get(0).name() + v.cases().get(0).type().map(t -> "(" + sample(t) + ")").orElse("");
        }
        if (u instanceof org.wasmcloud4j.component.types.RecordType r) {
            List<String> fs = new ArrayList<>();
            r.fields().forEach(f -> fs.add(f.name() + ": " + sample(f.type())));
            return "{" + String.join(", ", fs) + "}";
        }
        List<String> es = new ArrayList<>();
        ((TupleType) u).elements().forEach(t -> es.add(sample(t)));
        return "(" + String.join(", ", es) + ")";
    }

    private static byte[] hex(String text, int extraAddress) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String tok : text.strip().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.startsWith("@")) {
                int address = extraAddress + Integer.parseInt(tok.substring(1));
                out.write(address & 0xff);
                out.write((address >>> 8) & 0xff);
                out.write((address >>> 16) & 0xff);
                out.write((address >>> 24) & 0xff);
            } else {
                out.write(Integer.parseInt(tok, 16));
            }
        }
        return out.toByteArray();
    }

    private static String read() throws IOException {
        try (InputStream in = AbiLiftCasesTest.class.getResourceAsStream("/org/wasmcloud4j/abi/lift-cases.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
