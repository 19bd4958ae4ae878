package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.ValueArbitraries;

/** For generated types and values: lowering into a guest and lifting back (through an echo component) is identity. */
class EchoProperties {
    private static final Engine ENGINE = Engine.builder().mode(Engine.Mode.INTERPRETER).build();

    record Case(ValType type, Value value) {}

    @Provide
    Arbitrary<Case> cases() {
        return ValueArbitraries.types().flatMap(t -> ValueArbitraries.values(t).map(v -> new Case(t, v)));
    }

    @Property(tries = 200)
    void lowerThenLiftThroughAGuestIsIdentity(@ForAll("cases") Case c) {
        Component component = Component.fromBytes(ENGINE, EchoComponents.echo(c.type()));
        Func echo = new Linker(ENGINE).instantiatePre(component).instantiate().func("echo").orElseThrow();
        Value wrapped = new Value.TupleValue(List.of(c.value(), new Value.Bool(true)));
        Value pad = new Value.TupleValue(java.util.Collections.nCopies(17, new Value.Int(PrimitiveType.U8, 7)));
        Optional<Value> back = echo.call(wrapped, pad);
        assertThat(back).contains(wrapped);
    }

    /** A guest returning a pointer to the wrong place gives a value or a clean trap, never another failure. */
    @Property(tries = 300)
    void malformedGuestResultsTrapCleanly(@ForAll("cases") Case c,
            @ForAll @net.jqwik.api.constraints.IntRange(min = -64, max = 4096) int delta) {
        Component component = Component.fromBytes(ENGINE, EchoComponents.echo(c.type(), delta));
        org.wasmcloud4j.component.runtime.Instance instance = new Linker(ENGINE).instantiatePre(component)
                .instantiate();
        Func echo = instance.func("echo").orElseThrow();
        Value wrapped = new Value.TupleValue(List.of(c.value(), new Value.Bool(true)));
        Value pad = new Value.TupleValue(java.util.Collections.nCopies(17, new Value.Int(PrimitiveType.U8, 7)));
        try {
            echo.call(wrapped, pad);
            assertThat(instance.isPoisoned()).isFalse();
        } catch (org.wasmcloud4j.component.runtime.Trap t) {
            assertThat(t.getMessage()).isNotBlank();
            assertThat(instance.isPoisoned()).isTrue();
        }
    }
}
