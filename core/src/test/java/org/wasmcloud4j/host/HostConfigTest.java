package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.lattice.LatticeEvent;

/** Named configuration through wasi:config, merged left to right and live, via the wat-config-api component. */
class HostConfigTest {
    private static final String CFG = "classpath:org/wasmcloud4j/fixtures/wat-config-api.component.wasm";

    private static String call(Host h, String iface, String fn, Value... args) {
        return iface + "." + fn + "(" + String.join(", ", java.util.Arrays.stream(args).map(Wave::print).toList())
                + ") -> " + Wave.print(h.invoke("cfg", iface, fn, List.of(args)).orElseThrow());
    }

    @Test
    void componentsReadTheirMergedNamedConfigurationAndSeeUpdates() {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add).build()) {
            h.putConfig("base", Map.of("color", "red", "size", "large"));
            h.putConfig("override", Map.of("color", "blue"));
            h.startComponent("cfg", CFG, 1, Map.of(), List.of("base", "override"));
            String transcript = String.join("\n",
                    call(h, "store", "get", new Value.Str("color")),
                    call(h, "store", "get", new Value.Str("size")),
                    call(h, "store", "get", new Value.Str("missing")),
                    call(h, "store", "get-all"),
                    call(h, "runtime", "get", new Value.Str("color"))) + "\n";
            assertThat(transcript)
                    .isEqualTo(Fixtures.text("wat-config-api.component.expected-responses.txt").orElseThrow());

            h.putConfig("override", Map.of("color", "green"));
            assertThat(call(h, "store", "get", new Value.Str("color"))).endsWith("ok(some(\"green\"))");
            h.deleteConfig("override");
            assertThat(call(h, "store", "get", new Value.Str("color"))).endsWith("ok(some(\"red\"))");
            assertThat(h.components().get(0).config()).containsExactly("base", "override");
            assertThat(h.config("base")).contains(Map.of("color", "red", "size", "large"));
        }
        assertThat(events).filteredOn(e -> e.name().startsWith("config_"))
                .extracting(e -> e.name() + ":" + e.field("config_name").asText())
                .containsExactly("config_set:base", "config_set:override", "config_set:override",
                        "config_deleted:override");
    }
}
