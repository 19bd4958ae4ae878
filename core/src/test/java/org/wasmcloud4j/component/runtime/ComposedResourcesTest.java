package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * {@code wat-composed}: a consumer child imports an instance with an abstract resource, satisfied by another
 * child's resource through a bundling instance (type substitution through instantiation arguments); handles
 * then travel host → consumer → provider and back, with the handle-table and borrow rules of each child.
 */
class ComposedResourcesTest {
    private static final String THINGS = "example:composed/things@0.1.0";
    private static final String OTHERS = "example:composed/other-things@0.1.0";
    private static final String CONSUMER = "example:composed/consumer@0.1.0";

    @Test
    void resourceTypesAreSubstitutedThroughInstantiationArguments() {
        var type = ComponentTypes.of(ComponentDecoder.decode(Fixtures.bytes("wat-composed.component")));
        InterfaceType consumer = (InterfaceType) type.exports().get(CONSUMER);
        ResourceType thing = (ResourceType) consumer.type("thing").orElseThrow();
        assertThat(consumer.function("make").orElseThrow().result()).contains(HandleType.own(thing));
        assertThat(consumer.function("peek").orElseThrow().params().get(0).type()).isEqualTo(HandleType.borrow(thing));
        assertThat(type.exports().get(THINGS)).isInstanceOf(InterfaceType.class);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void handlesPassBetweenChildren(Engine.Mode mode) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes("wat-composed.component"));
        Instance i = new Linker(c.engine()).instantiatePre(c).instantiate();
        Func make = i.func(CONSUMER, "make").orElseThrow();
        Func peek = i.func(CONSUMER, "peek").orElseThrow();
        Func take = i.func(CONSUMER, "take").orElseThrow();
        Func drops = i.func(THINGS, "drops").orElseThrow();
        Func ctor = i.func(THINGS, "[constructor]thing").orElseThrow();
        Func value = i.func(THINGS, "[method]thing.value").orElseThrow();

        // made by the consumer through the provider's constructor, handed out to the host
        Value h = (Value) make.callJava(5);
        assertThat(((Value.Handle) h).resource().type().name()).isEqualTo("thing");
        assertThat(peek.callJava(h)).isEqualTo(5L);       // host lends to the consumer, which lends to the provider
        assertThat(value.callJava(h)).isEqualTo(5L);      // and straight to the provider
        assertThat(drops.callJava()).isEqualTo(0L);
        assertThat(take.callJava(h)).isEqualTo(5L);       // ownership moves to the consumer, which drops it
        assertThat(drops.callJava()).isEqualTo(1L);
        assertThatThrownBy(() -> peek.callJava(h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already moved");

        // made by the provider directly, consumed by the consumer
        Value g = (Value) ctor.callJava(7);
        assertThat(peek.callJava(g)).isEqualTo(7L);
        assertThat(take.callJava(g)).isEqualTo(7L);
        assertThat(drops.callJava()).isEqualTo(2L);
        // made, lent and dropped inside the guest
        assertThat(i.func(CONSUMER, "roundtrip").orElseThrow().callJava(9)).isEqualTo(9L);
        assertThat(drops.callJava()).isEqualTo(3L);
        assertThat(i.isPoisoned()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aChildThatKeepsABorrowedHandleTraps(Engine.Mode mode) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes("wat-composed.component"));
        Instance i = new Linker(c.engine()).instantiatePre(c).instantiate();
        Value h = (Value) i.func(CONSUMER, "make").orElseThrow().callJava(4);
        assertThatThrownBy(() -> i.func(CONSUMER, "leak").orElseThrow().callJava(h)).isInstanceOf(Trap.class)
                .hasMessageContaining("borrowed handle(s) were not dropped");
        assertThat(i.isPoisoned()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void handlesOfAnotherInstancesResourceAreRefused(Engine.Mode mode) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes("wat-composed.component"));
        Instance i = new Linker(c.engine()).instantiatePre(c).instantiate();
        // the same component instantiated twice defines two resource types: a handle of one is not the other
        Value other = (Value) i.func(OTHERS, "[constructor]thing").orElseThrow().callJava(3);
        assertThatThrownBy(() -> i.func(CONSUMER, "take").orElseThrow().callJava(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thing");
        assertThatThrownBy(() -> i.func(CONSUMER, "peek").orElseThrow().callJava(other))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(i.isPoisoned()).isFalse();
        // the handle is still the host's, usable where it belongs
        assertThat(i.func(OTHERS, "[method]thing.value").orElseThrow().callJava(other)).isEqualTo(3L);
        ((Value.Handle) other).resource().drop();
        assertThat(i.func(OTHERS, "drops").orElseThrow().callJava()).isEqualTo(1L);
        assertThat(i.func(THINGS, "drops").orElseThrow().callJava()).isEqualTo(0L);
    }
}
