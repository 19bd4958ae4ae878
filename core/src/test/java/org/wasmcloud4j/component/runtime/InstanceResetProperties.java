package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Any sequence of calls, each followed by a reset, leaves every memory byte for byte as it was right after
 * instantiation, and each call answers as it would on a fresh instance.
 */
class InstanceResetProperties {
    private static final String API = "example:fixtures/api@0.1.0";
    private static final InstancePre PRE;

    static {
        Component c = Component.fromBytes(Engine.defaults(), Fixtures.bytes("wat-fixture.component"));
        PRE = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> null)
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hello")
                .instantiatePre(c);
    }

    /** One call: a function of the fixture and its argument. */
    record Call(String function, Value arg) {}

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<Call> greet = Arbitraries.strings().ofMaxLength(3000)
                .map(s -> new Call("greet", new Value.Str(s)));
        Arbitrary<Call> sum = Arbitraries.integers().between(0, 1000).list().ofMaxSize(2000)
                .map(xs -> new Call("sum", new Value.ListValue(xs.stream()
                        .<Value>map(x -> new Value.Int(PrimitiveType.U32, x)).toList())));
        Arbitrary<Call> range = Arbitraries.integers().between(0, 9000)
                .map(n -> new Call("range", new Value.Int(PrimitiveType.U32, n)));
        return Arbitraries.oneOf(greet, sum, range);
    }

    @Property(tries = 60)
    void everyResetRestoresTheInitialMemory(@ForAll @Size(max = 12) List<@From("calls") Call> calls) {
        try (Instance reused = PRE.instantiateReusable(null)) {
            for (Call call : calls) {
                Value got = reused.func(API, call.function()).orElseThrow().call(List.of(call.arg())).orElseThrow();
                assertThat(reused.reset(null)).isTrue();
                assertThat(reused.memoriesMatchSnapshot()).isTrue();
                try (Instance fresh = PRE.instantiate()) {
                    assertThat(got).isEqualTo(fresh.func(API, call.function()).orElseThrow()
                            .call(List.of(call.arg())).orElseThrow());
                }
            }
        }
    }
}
