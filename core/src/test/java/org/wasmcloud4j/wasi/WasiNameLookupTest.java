package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** The wat-lookup component resolves names through wasi:sockets/ip-name-lookup, only names that are allowed. */
class WasiNameLookupTest {
    @Test
    void resolvesAllowedNamesOnly() {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().allowNameLookup("localhost").allowNameLookup("127.0.0.2")
                .build());
        InstancePre pre = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-lookup.component")));
        List<String> lines = new ArrayList<>();
        lines.add("lookup(\"localhost\") contains 127.0.0.1: " + lookup(pre, "localhost").contains("127.0.0.1"));
        lines.add("lookup(\"127.0.0.2\") -> " + lookup(pre, "127.0.0.2"));
        lines.add("lookup(<not allowed>) -> " + lookup(pre, "example.org"));
        assertThat(String.join("\n", lines) + "\n")
                .isEqualTo(Fixtures.text("wat-lookup.component.expected-responses.txt").orElseThrow());
    }

    private static List<String> lookup(InstancePre pre, String name) {
        Value r = pre.instantiate().func("lookup").orElseThrow().call(new Value.Str(name)).orElseThrow();
        byte[] b = ((Value.ListValue) r).toByteArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 3 < b.length; i += 4) {
            out.add((b[i] & 0xff) + "." + (b[i + 1] & 0xff) + "." + (b[i + 2] & 0xff) + "." + (b[i + 3] & 0xff));
        }
        return out;
    }

}
