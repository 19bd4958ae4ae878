package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.validate.ValidationException;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * {@code wat-exceptions}: exception-handling tags exported by one core instance and imported by others (directly
 * and through a core instance of exports); a throw in one module is caught in another; an exception that no core
 * code catches leaves the lifted function as a trap, never as a raw Chicory exception. What Chicory 1.7.5 does not
 * run as specified is refused when the component is loaded, with {@code unsupported:}.
 */
class CoreExceptionTagsTest {
    private static Component load(Engine.Mode mode, String fixture) {
        return Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes(fixture));
    }

    private static Instance instantiate(Engine.Mode mode) {
        Component c = load(mode, "wat-exceptions.component");
        return new Linker(c.engine()).instantiatePre(c).instantiate();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void tagsAreSharedBetweenCoreInstances(Engine.Mode mode) {
        Instance i = instantiate(mode);
        assertThat(i.func("catch-imported").orElseThrow().callJava(7)).isEqualTo(2007L);
        assertThat(i.func("self-guard").orElseThrow().callJava(7)).isEqualTo(1007L);
        assertThat(i.func("catch-imported").orElseThrow().callJava(8)).isEqualTo(2008L);
        assertThat(i.isPoisoned()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void anUncaughtExceptionIsATrap(Engine.Mode mode) {
        Instance i = instantiate(mode);
        assertThatThrownBy(() -> i.func("escape").orElseThrow().callJava(3)).isInstanceOf(Trap.class)
                .hasMessageContaining("uncaught exception");
        assertThat(i.isPoisoned()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void exceptionsThroughCrossInstanceIndirectCallsAreRefusedAtLoad(Engine.Mode mode) {
        assertThatThrownBy(() -> load(mode, "wat-exceptions-indirect.component"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("unsupported: ")
                .hasMessageContaining("call_indirect");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void catchesByImportedTagsOfASharedTypeAreRefusedAtLoad(Engine.Mode mode) {
        assertThatThrownBy(() -> load(mode, "wat-exceptions-same-type.component"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("unsupported: ")
                .hasMessageContaining("imported tag");
    }
}
