package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** {@link Instance#reset}: a reset instance behaves as a fresh one, or the reset is refused. */
class InstanceResetTest {
    private static final String API = "example:fixtures/api@0.1.0";

    private static InstancePre fixture(Engine.Mode mode, List<Object> seenData) {
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(), Fixtures.bytes("wat-fixture.component"));
        return new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    seenData.add(CallContext.current().orElseThrow().data());
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hello")
                .instantiatePre(c);
    }

    private static int rangeSize(Instance i, int n) {
        Value v = i.func(API, "range").orElseThrow().call(List.of(new Value.Int(PrimitiveType.U32, n))).orElseThrow();
        return ((Value.ListValue) v).elements().size();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aResetInstanceStartsAgainFromItsInstantiatedState(Engine.Mode mode) {
        List<Object> data = new ArrayList<>();
        InstancePre pre = fixture(mode, data);
        try (Instance i = pre.instantiateReusable("first")) {
            // range(9000) takes 36 KB of the one-page memory from a bump allocator that never frees: without the
            // heap pointer and memory going back, the second call would have to grow the memory
            for (int round = 0; round < 5; round++) {
                assertThat(rangeSize(i, 9000)).isEqualTo(9000);
                assertThat(i.reset("round " + round)).isTrue();
            }
            // the new data is what host functions see
            i.func(API, "greet").orElseThrow().callJava("Wasm");
            assertThat(data).containsExactly("round 4");

            // two calls without a reset in between grow the memory: that cannot be undone, so the reset is refused
            assertThat(i.reset(null)).isTrue();
            rangeSize(i, 9000);
            rangeSize(i, 9000);
            assertThat(i.reset(null)).isFalse();
            assertThat(rangeSize(i, 10)).isEqualTo(10);   // refused means unchanged: the instance still works
        }
    }

    /** A QuickJS component: passive data segments (dropped by its start code) come back with the reset. */
    @org.junit.jupiter.api.Test
    void aQuickJsComponentWithPassiveDataSegmentsIsResetToo() {
        Component c = Component.fromBytes(Engine.builder().mode(Engine.Mode.INTERPRETER).build(),
                Fixtures.bytes("js-greeter.qjs"));
        List<String> logged = new ArrayList<>();
        InstancePre pre = GoldenCalls.quickJsGreeter(c, logged);
        try (Instance i = pre.instantiateReusable(null)) {
            for (String name : new String[] {"A", "B", "C"}) {
                assertThat(i.func("greet").orElseThrow().callJava(name)).isEqualTo("Hello, " + name + "!");
                assertThat(i.func("greet-logged").orElseThrow().callJava(name)).isEqualTo("Hello, " + name + "!");
                assertThat(i.reset(null)).isTrue();
                assertThat(i.memoriesMatchSnapshot()).isTrue();   // QuickJS: memory.copy/fill, passive segments
            }
        }
        assertThat(logged).hasSize(3);
    }

    /**
     * Only the blocks written since the last reset are copied back: after every call of the golden sequence (strings,
     * lists, records, variants, host calls) and a reset, each memory is byte for byte its post-instantiation image.
     */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aResetMemoryIsExactlyItsInitialImage(Engine.Mode mode) {
        InstancePre pre = fixture(mode, new ArrayList<>());
        try (Instance i = pre.instantiateReusable(null)) {
            assertThat(i.memoriesMatchSnapshot()).isTrue();
            int[] calls = {0};
            int n = GoldenCalls.replay("wat-fixture.component", (iface, name) -> {
                if (calls[0]++ > 0) {
                    assertThat(i.reset(null)).isTrue();
                    assertThat(i.memoriesMatchSnapshot()).as("after call %d", calls[0] - 1).isTrue();
                }
                return i.func(API, name).orElseThrow();
            });
            assertThat(n).isEqualTo(21);
            assertThat(i.reset(null)).isTrue();
            i.func(API, "greet").orElseThrow().callJava("someone");
            assertThat(i.memoriesMatchSnapshot()).isFalse();   // a call that writes
            assertThat(i.reset(null)).isTrue();
            assertThat(i.memoriesMatchSnapshot()).isTrue();
        }
    }

    /** A reset asked for while a call runs in the instance (here from a host function it called) is refused. */
    @org.junit.jupiter.api.Test
    void notWhileACallRuns() {
        Component c = Component.fromBytes(Engine.builder().mode(Engine.Mode.INTERPRETER).build(),
                Fixtures.bytes("wat-fixture.component"));
        Instance[] self = new Instance[1];
        List<Boolean> answers = new ArrayList<>();
        InstancePre pre = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    answers.add(self[0].reset(null));
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hello")
                .instantiatePre(c);
        try (Instance i = pre.instantiateReusable(null)) {
            self[0] = i;
            GoldenCalls.replay("wat-fixture.component", (iface, name) -> i.func(API, name).orElseThrow());
            assertThat(answers).isNotEmpty().containsOnly(false);
            assertThat(i.reset(null)).isTrue();
        }
    }

    /** A table entry changed after instantiation (as {@code table.set} would) is put back by the reset. */
    @org.junit.jupiter.api.Test
    void tableEntriesComeBack() {
        Component c = Component.fromBytes(Engine.builder().mode(Engine.Mode.INTERPRETER).build(),
                Fixtures.bytes("js-greeter.qjs"));   // QuickJS and wit-component's shim tables
        InstancePre pre = new Linker(c.engine())
                .defineJavaFunction("example:greeter/logger@0.1.0", "log", args -> null).instantiatePre(c);
        try (Instance i = pre.instantiateReusable(null)) {
            com.dylibso.chicory.runtime.TableInstance table = null;
            for (Object frame : i.store().tables.keySet()) {
                for (Instantiation.CoreInstance ci : ((Instantiation.Frame) frame).coreInstances) {
                    if (ci instanceof Instantiation.ChicoryInstance ch && ch.instance().tableCount() > 0
                            && ch.instance().table(0).size() > 0) {
                        table = ch.instance().table(0);
                    }
                }
            }
            assertThat(table).isNotNull();
            int slot = 0;
            while (table.ref(slot) < 0) {
                slot++;   // the first entry that holds a function
            }
            int before = table.ref(slot);
            com.dylibso.chicory.runtime.Instance owner = table.instance(slot);
            table.setRef(slot, -1, null);   // what table.set of a null reference does
            assertThat(table.ref(slot)).isNotEqualTo(before);
            assertThat(i.reset(null)).isTrue();
            assertThat(table.ref(slot)).isEqualTo(before);
            assertThat(table.instance(slot)).isSameAs(owner);
            assertThat(i.func("greet").orElseThrow().callJava("again")).isEqualTo("Hello, again!");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void resetIsRefusedWhereItCouldNotBeExact(Engine.Mode mode) {
        InstancePre pre = fixture(mode, new ArrayList<>());
        try (Instance plain = pre.instantiate()) {
            assertThat(plain.reset(null)).isFalse();   // not made reusable
        }
        Instance closed = pre.instantiateReusable(null);
        closed.close();
        assertThat(closed.reset(null)).isFalse();

        // a component that hands out handles to its own resources: they would outlive a reset
        Component c = Component.fromBytes(Engine.builder().mode(mode).build(),
                Fixtures.bytes("wat-resources.component"));
        Linker linker = new Linker(c.engine());
        HostResource<Integer> blob = linker.defineResource("example:resources/host@0.1.0", "blob", b -> { });
        linker.defineFunction("example:resources/host@0.1.0", "[constructor]blob",
                a -> blob.create((int) ((Value.Int) a.get(0)).value()));
        linker.defineFunction("example:resources/host@0.1.0", "[method]blob.read",
                a -> new Value.Int(PrimitiveType.U32, blob.get(a.get(0))));
        try (Instance r = linker.instantiatePre(c).instantiateReusable(null)) {
            assertThat(r.reset(null)).isFalse();
        }
    }
}
