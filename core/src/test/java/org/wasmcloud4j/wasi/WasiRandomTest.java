package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** {@code wasi:random} draws from the generators the configuration injects (through {@code wat-http-api}). */
class WasiRandomTest {
    private static Instance instance(WasiConfig config) {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        WasiHttp.addToLinker(linker, config);
        return linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-http-api.component")))
                .instantiate();
    }

    private static Value call(Instance i, String iface, String fn, Value... args) {
        return i.func(iface, fn).orElseThrow().call(args).orElseThrow();
    }

    @Test
    void injectedGeneratorsMakeRunsRepeatable() {
        Value[] first = new Value[4];
        Value[] second = new Value[4];
        for (Value[] run : new Value[][] {first, second}) {
            try (Instance i = instance(WasiConfig.builder().secureRandom(new Random(7)).insecureRandom(new Random(8))
                    .build())) {
                run[0] = call(i, "random", "get-random-bytes", new Value.Int(PrimitiveType.U64, 16));
                run[1] = call(i, "random", "get-random-u64");
                run[2] = call(i, "insecure", "get-insecure-random-bytes", new Value.Int(PrimitiveType.U64, 8));
                run[3] = call(i, "insecure-seed", "insecure-seed");
            }
        }
        assertThat(second).isEqualTo(first);
        byte[] expected = new byte[16];
        new Random(7).nextBytes(expected);
        assertThat(((Value.ListValue) first[0]).toByteArray()).isEqualTo(expected);
        assertThat(((Value.ListValue) first[2]).toByteArray()).hasSize(8);
    }

    @Test
    void byDefaultTheSecureGeneratorIsNotRepeatable() {
        Value a;
        Value b;
        try (Instance i = instance(WasiConfig.builder().build())) {
            a = call(i, "random", "get-random-bytes", new Value.Int(PrimitiveType.U64, 32));
            b = call(i, "random", "get-random-bytes", new Value.Int(PrimitiveType.U64, 32));
        }
        assertThat(a).isNotEqualTo(b);
        assertThat(((Value.ListValue) a).toByteArray()).hasSize(32);
    }
}
