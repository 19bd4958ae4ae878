package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * {@code wat-outer-aliases} (outer aliases of counts 0, 1 and 2, every sort they may name) and
 * {@code wat-inferred-exports} (core modules and components aliased out of child instances, instance exports whose
 * types follow from what they are): typed by the validator and run, in both engine modes.
 */
class AliasAndInferenceTest {
    private static Instance instantiate(Engine.Mode mode, String fixture) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes(fixture));
        return new Linker(c.engine()).instantiatePre(c).instantiate();
    }

    private static ComponentType typeOf(String fixture) {
        return ComponentTypes.of(ComponentDecoder.decode(Fixtures.bytes(fixture)));
    }

    @Test
    void outerAliasesOfEveryCountAreTyped() {
        ComponentType t = typeOf("wat-outer-aliases.component");
        assertThat(t.exports().keySet())
                .containsExactly("double", "leaf-run", "inner-run", "mid-leaf-run", "k-run", "k2-run");
        t.exports().values().forEach(f -> assertThat(f).hasToString("func(x: u32) -> u32"));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void outerAliasesOfEveryCountRun(Engine.Mode mode) {
        Instance i = instantiate(mode, "wat-outer-aliases.component");
        for (String f : List.of("double", "leaf-run", "inner-run", "mid-leaf-run", "k-run", "k2-run")) {
            assertThat(i.func(f).orElseThrow().callJava(21)).as(f).isEqualTo(42L);
        }
    }

    @Test
    void exportsOfInstancesAreInferred() {
        ComponentType t = typeOf("wat-inferred-exports.component");
        for (String name : List.of("inc", "adder", "wrapped", "tripled")) {
            InterfaceType it = (InterfaceType) t.exports().get("example:inferred/" + name + "@0.1.0");
            assertThat(it).as(name).isNotNull();
            assertThat(it.function("run")).as(name).hasValueSatisfying(
                    f -> assertThat(f).hasToString("func(x: u32) -> u32"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void modulesAndComponentsAliasedOutOfChildInstancesRun(Engine.Mode mode) {
        Instance i = instantiate(mode, "wat-inferred-exports.component");
        assertThat(i.func("example:inferred/inc@0.1.0", "run").orElseThrow().callJava(41)).isEqualTo(42L);
        assertThat(i.func("example:inferred/adder@0.1.0", "run").orElseThrow().callJava(1)).isEqualTo(2L);
        assertThat(i.func("example:inferred/wrapped@0.1.0", "run").orElseThrow().callJava(9)).isEqualTo(10L);
        assertThat(i.func("example:inferred/tripled@0.1.0", "run").orElseThrow().callJava(5)).isEqualTo(15L);
    }
}
