package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** Every runnable fixture's exports are called from Java with the golden results, interpreted and compiled. */
class RuntimeFixtureTest {
    private static Component load(Engine.Mode mode, String fixture) {
        return Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes(fixture));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void watHello(Engine.Mode mode) {
        Component c = load(mode, "wat-hello.component");
        Instance i = new Linker(c.engine()).instantiatePre(c).instantiate();
        assertThat(GoldenCalls.replay("wat-hello.component", (iface, name) -> i.func(name).orElseThrow()))
                .isEqualTo(3);
        assertThat(i.func("greet").orElseThrow().callJava("Java")).isEqualTo("Hello, Java!");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void watFixtureWithHostImports(Engine.Mode mode) {
        Component c = load(mode, "wat-fixture.component");
        List<String> logged = new ArrayList<>();
        Linker linker = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    logged.add(((Value.Str) args.get(0)).value());
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hello");
        Instance i = linker.instantiatePre(c).instantiate();
        int n = GoldenCalls.replay("wat-fixture.component",
                (iface, name) -> i.func("example:fixtures/api@0.1.0", name).orElseThrow());
        assertThat(n).isEqualTo(21);
        assertThat(logged).containsExactly("Wasm", "héllo ✓");
        assertThat(GoldenCalls.golden("wat-fixture.component").get("host log() calls").size()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void watPrimitives(Engine.Mode mode) {
        Component c = load(mode, "wat-primitives.component");
        Instance i = new Linker(c.engine()).instantiatePre(c).instantiate();
        assertThat(GoldenCalls.replay("wat-primitives.component", (iface, name) -> i.func(name).orElseThrow()))
                .isEqualTo(11);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void missingImportsAreReportedByName(Engine.Mode mode) {
        Component c = load(mode, "wat-fixture.component");
        Linker linker = new Linker(c.engine()).defineFunction("example:fixtures/host@0.1.2", "log", args -> null);
        assertThatThrownBy(() -> linker.instantiatePre(c)).isInstanceOf(LinkException.class)
                .hasMessageContaining("example:fixtures/host@0.1.0: function 'get-greeting' not defined")
                .satisfies(e -> assertThat(((LinkException) e).missing()).hasSize(1));
    }
}
