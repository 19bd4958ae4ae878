package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Empty strings and lists are lowered through {@code realloc(0, 0, align, 0)} like any other (CanonicalABI.md
 * {@code store_string_copy}, {@code store_list_into_range}): the {@code wat-empty-lists} guest traps unless each
 * pointer it receives is the buffer its realloc last returned, and counts its realloc calls. Host to guest
 * (parameters, flat and spilled) and guest to host (results through a return area), at the top and nested.
 */
class EmptyValueLoweringTest {
    private static final String SOURCE = "example:empty/source@0.1.0";

    private static Instance instance(Engine.Mode mode, List<Value> strings, List<Value> u64s) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes("wat-empty-lists.component"));
        return new Linker(c.engine())
                .defineFunction(SOURCE, "get-string", args -> new Value.Str(""))
                .defineFunction(SOURCE, "get-list", args -> new Value.ListValue(u64s))
                .defineFunction(SOURCE, "get-strings", args -> new Value.ListValue(strings))
                .instantiatePre(c).instantiate();
    }

    private static long call(Instance i, String name, Value... args) {
        return ((Value.Int) i.func(name).orElseThrow().call(args).orElseThrow()).value();
    }

    private static long reallocCalls(Instance i) {
        return call(i, "realloc-calls");
    }

    private static Value str(String s) {
        return new Value.Str(s);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void emptyParametersAreAllocated(Engine.Mode mode) {
        Instance i = instance(mode, List.of(), List.of());
        for (String f : List.of("string-len", "string16-len", "compact-len")) {
            long before = reallocCalls(i);
            assertThat(call(i, f, str(""))).as(f).isZero();
            assertThat(reallocCalls(i) - before).as(f + " realloc calls").isEqualTo(1);
        }
        long before = reallocCalls(i);
        assertThat(call(i, "list-len", new Value.ListValue(List.of()))).isZero();
        assertThat(reallocCalls(i) - before).isEqualTo(1);
        // non-empty values still pass the same checks
        assertThat(call(i, "string-len", str("héllo"))).isEqualTo(6);
        assertThat(call(i, "string16-len", str("✓✓"))).isEqualTo(2);
        assertThat(call(i, "compact-len", str("héllo"))).isEqualTo(5);
        assertThat(call(i, "list-len", new Value.ListValue(List.of(new Value.Int(PrimitiveType.U64, 7))))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void nestedAndSpilledEmptyParametersAreAllocated(Engine.Mode mode) {
        Instance i = instance(mode, List.of(), List.of());
        long before = reallocCalls(i);
        assertThat(call(i, "strings-len", new Value.ListValue(List.of(str(""), str("x"), str(""))))).isEqualTo(3);
        assertThat(reallocCalls(i) - before).as("the list and each element").isEqualTo(4);
        before = reallocCalls(i);
        assertThat(call(i, "strings-len", new Value.ListValue(List.of()))).isZero();
        assertThat(reallocCalls(i) - before).isEqualTo(1);

        Value[] nine = Collections.nCopies(9, str("")).toArray(Value[]::new);
        nine[4] = str("abc");
        before = reallocCalls(i);
        assertThat(call(i, "many", nine)).isEqualTo(3);
        assertThat(reallocCalls(i) - before).as("the spilled tuple and each string").isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void emptyResultsOfHostCallsAreAllocated(Engine.Mode mode) {
        List<Value> strings = new ArrayList<>(List.of(str(""), str("y"), str("")));
        Instance i = instance(mode, strings, List.of());
        long before = reallocCalls(i);
        assertThat(call(i, "fetch-string")).isZero();
        assertThat(reallocCalls(i) - before).isEqualTo(1);
        before = reallocCalls(i);
        assertThat(call(i, "fetch-list")).isZero();
        assertThat(reallocCalls(i) - before).isEqualTo(1);
        before = reallocCalls(i);
        assertThat(call(i, "fetch-strings")).isEqualTo(3);
        assertThat(reallocCalls(i) - before).isEqualTo(4);

        Instance empty = instance(mode, List.of(), List.of());
        before = reallocCalls(empty);
        assertThat(call(empty, "fetch-strings")).isZero();
        assertThat(reallocCalls(empty) - before).isEqualTo(1);
    }
}
