package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.host.lattice.Link;

/**
 * The interface versions a wasmCloud 1.9 host serves beside the ones other tests cover (see docs/interfaces.md):
 * {@code wasi:config/store@0.2.0-rc.1}, the unversioned {@code wasi:logging/logging} and
 * {@code wasmcloud:bus/lattice@2.0.x}, through the {@code wat-wasmcloud-api} component, in both engine modes.
 */
class HostWasmCloudInterfacesTest {
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-wasmcloud-api.component.wasm";

    private static String call(Host h, String iface, String fn, Value... args) {
        return Wave.print(h.invoke("api", iface, fn, List.of(args)).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void configRc1IsServedFromTheMergedNamedConfiguration(Engine.Mode mode) {
        try (Host h = Host.builder().engineMode(mode).build()) {
            h.putConfig("base", Map.of("color", "red", "size", "large"));
            h.putConfig("override", Map.of("color", "blue"));
            h.startComponent("api", API, 1, Map.of(), List.of("base", "override"));
            String transcript = "config-rc1.get(\"color\") -> " + call(h, "config-rc1", "get", new Value.Str("color"))
                    + "\nconfig-rc1.get(\"missing\") -> " + call(h, "config-rc1", "get", new Value.Str("missing"))
                    + "\nconfig-rc1.get-all() -> " + call(h, "config-rc1", "get-all") + "\n";
            assertThat(transcript).isEqualTo(org.wasmcloud4j.fixtures.Fixtures
                    .text("wat-wasmcloud-api.component.expected-responses.txt").orElseThrow());
            h.putConfig("override", Map.of("color", "green"));
            assertThat(call(h, "config-rc1", "get", new Value.Str("color"))).isEqualTo("ok(some(\"green\"))");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void unversionedLoggingGoesToTheComponentsLogger(Engine.Mode mode) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Host h = Host.builder().engineMode(mode).build()) {
            h.startComponent("api", API, 1);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            h.invoke("api", "logging", "log", List.of(new Value.EnumValue("warn"), new Value.Str("ctx"),
                    new Value.Str("unversioned")));
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("WARN wasmcloud4j.component.api - [ctx] unversioned");
    }

    /** bus 2.0: set-link-name is refused, naming the interface, when the component has no link of that name. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void busTwoRefusesALinkNameWithoutALink(Engine.Mode mode) {
        try (Host h = Host.builder().engineMode(mode).build()) {
            h.startComponent("api", API, 1);
            h.startComponent("other", API, 1);
            assertThat(setLinkName(h, "alt", "example", "relay", "hop"))
                    .isEqualTo("err(\"interface `example:relay/hop` does not have an existing link with name `alt`\")");
            h.putLink(Link.of("api", "other", "example:relay", "hop").withName("alt"));
            assertThat(setLinkName(h, "alt", "example", "relay", "hop")).isEqualTo("ok");
            assertThat(setLinkName(h, "default", "example", "relay", "hop")).startsWith("err(");
            h.putLink(Link.of("api", "other", "example:relay", "hop"));
            assertThat(setLinkName(h, "default", "example", "relay", "hop")).isEqualTo("ok");
        }
    }

    private static String setLinkName(Host h, String name, String ns, String pkg, String iface) {
        Value target = h.invoke("api", "bus2", "[constructor]call-target-interface",
                List.of(new Value.Str(ns), new Value.Str(pkg), new Value.Str(iface))).orElseThrow();
        return call(h, "bus2", "set-link-name", new Value.Str(name), new Value.ListValue(List.of(target)));
    }
}
