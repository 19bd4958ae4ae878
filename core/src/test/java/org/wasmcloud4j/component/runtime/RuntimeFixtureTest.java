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

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void composedQuickJsComponentRuns(Engine.Mode mode) {
        GoldenCalls.replayQuickJsGreeter(load(mode, "js-greeter.qjs"));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aTrapPoisonsTheInstanceAndOthersAreUnaffected(Engine.Mode mode) {
        Component c = load(mode, "wat-fixture.component");
        Linker linker = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    if (((Value.Str) args.get(0)).value().equals("boom")) {
                        throw new IllegalStateException("host failure");
                    }
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hi");
        InstancePre pre = linker.instantiatePre(c);
        Instance bad = pre.instantiate();
        Instance good = pre.instantiate();
        Func greet = bad.func("example:fixtures/api@0.1.0", "greet").orElseThrow();
        assertThatThrownBy(() -> greet.callJava("boom")).isInstanceOf(Trap.class).hasMessageContaining("host failure");
        assertThat(bad.isPoisoned()).isTrue();
        assertThatThrownBy(() -> greet.callJava("again")).isInstanceOf(Trap.class).hasMessageContaining("poisoned");
        assertThat(good.func("example:fixtures/api@0.1.0", "greet").orElseThrow().callJava("ok")).isEqualTo("Hi, ok");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void reentranceIsRefused(Engine.Mode mode) {
        Component c = load(mode, "wat-fixture.component");
        Instance[] self = new Instance[1];
        Linker linker = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    self[0].func("example:fixtures/api@0.1.0", "negate").orElseThrow().callJava(true);
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hi");
        self[0] = linker.instantiatePre(c).instantiate();
        assertThatThrownBy(() -> self[0].func("example:fixtures/api@0.1.0", "greet").orElseThrow().callJava("x"))
                .isInstanceOf(Trap.class).hasMessageContaining("re-entrance");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void badHostResultsAndBadArgumentsAreCleanErrors(Engine.Mode mode) {
        Component c = load(mode, "wat-fixture.component");
        Linker linker = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> null)
                .defineFunction("example:fixtures/host@0.1.0", "get-greeting", args -> new Value.Bool(true));
        Instance i = linker.instantiatePre(c).instantiate();
        Func greet = i.func("example:fixtures/api@0.1.0", "greet").orElseThrow();
        assertThatThrownBy(() -> greet.call(new Value.Bool(false))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 'name'");
        assertThatThrownBy(() -> greet.callJava()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 1 argument(s), got 0");
        assertThat(i.isPoisoned()).isFalse();
        assertThatThrownBy(() -> greet.callJava("x")).isInstanceOf(Trap.class)
                .hasMessageContaining("returned a bad value");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void guestResourcesOwnBorrowAndDestructors(Engine.Mode mode) {
        Component c = load(mode, "wat-resources.component");
        Instance i = withHostBlob(new Linker(c.engine()), new ArrayList<>()).instantiatePre(c).instantiate();
        String api = "example:resources/api@0.1.0";
        Func ctor = i.func(api, "[constructor]counter").orElseThrow();
        Func increment = i.func(api, "[method]counter.increment").orElseThrow();
        Func get = i.func(api, "[method]counter.get").orElseThrow();
        Func consume = i.func(api, "consume").orElseThrow();
        Func drops = i.func(api, "drops").orElseThrow();
        var golden = GoldenCalls.golden("wat-resources.component");

        Value a = ctor.callJava(5) instanceof Value v ? v : null;
        assertThat(a).isInstanceOf(Value.Handle.class);
        // the guest's resource type carries its WIT name (from the export), for messages
        assertThat(((Value.Handle) a).resource().type().name()).isEqualTo("counter");
        assertThat(increment.callJava(a)).isEqualTo(golden.get("a=counter(5); a.increment()").asLong());
        assertThat(increment.callJava(a)).isEqualTo(golden.get("a.increment()").asLong());
        Value b = (Value) ctor.callJava(100);
        assertThat(get.callJava(b)).isEqualTo(golden.get("b=counter(100); b.get()").asLong());
        assertThat(get.callJava(a)).isEqualTo(golden.get("a.get()").asLong());
        assertThat(drops.callJava()).isEqualTo(golden.get("drops() before consume").asLong());
        assertThat(consume.callJava(a)).isEqualTo(golden.get("consume(a)").asLong());
        assertThat(drops.callJava()).isEqualTo(golden.get("drops() after consume").asLong());

        // a moved handle cannot be used again, and that is the caller's error, not a trap
        assertThatThrownBy(() -> get.callJava(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already moved");
        assertThat(i.isPoisoned()).isFalse();
        // the host drops its own handle: the guest's destructor runs
        ((Value.Handle) b).resource().drop();
        assertThat(drops.callJava()).isEqualTo(2L);

        // a handle to another resource type (a host blob) where a counter is expected: the caller's error, refused
        // before the call, without poisoning
        Value blob = hostBlob(c);
        assertThatThrownBy(() -> consume.call(blob)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource blob").hasMessageContaining("resource counter");
        assertThat(i.isPoisoned()).isFalse();
    }

    /** A host-created blob handle, made by calling the host constructor directly. */
    private static Value hostBlob(Component c) {
        Linker linker = new Linker(c.engine());
        HostResource<int[]> blob = linker.defineResource("example:resources/host@0.1.0", "blob", x -> { });
        return blob.create(new int[] {1});
    }

    /** The host side of {@code example:resources/host}: a blob holds twice its initial value. */
    private static Linker withHostBlob(Linker linker, List<int[]> destroyed) {
        String host = "example:resources/host@0.1.0";
        HostResource<int[]> blob = linker.defineResource(host, "blob", destroyed::add);
        return linker
                .defineFunction(host, "[constructor]blob", args -> blob.create(
                        new int[] {2 * (int) ((Value.Int) args.get(0)).value()}))
                .defineFunction(host, "[method]blob.read", args -> new Value.Int(
                        org.wasmcloud4j.component.types.PrimitiveType.U32, blob.get(args.get(0))[0]));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void hostResourcesBehindHandles(Engine.Mode mode) {
        Component c = load(mode, "wat-resources.component");
        List<int[]> destroyed = new ArrayList<>();
        Instance i = withHostBlob(new Linker(c.engine()), destroyed).instantiatePre(c).instantiate();
        assertThat(i.func("roundtrip").orElseThrow().callJava(21))
                .isEqualTo(GoldenCalls.golden("wat-resources.component").get("roundtrip(21)").asLong());
        // the guest dropped its owned handle: the host destructor got the object
        assertThat(destroyed).hasSize(1);
        assertThat(destroyed.get(0)[0]).isEqualTo(42);

        assertThatThrownBy(() -> new Linker(c.engine()).instantiatePre(c)).isInstanceOf(LinkException.class)
                .hasMessageContaining("example:resources/host@0.1.0: resource 'blob' not defined");
    }

    @org.junit.jupiter.api.Test
    void memoryLimitOfTheEngine() {
        // wat-fixture declares one page and grows with memory.grow in its allocator; two pages are plenty for a
        // short string, but a 200 KiB argument needs more than the limit: the guest's allocator traps
        Engine small = Engine.builder().mode(Engine.Mode.INTERPRETER).maxMemoryPages(2).build();
        Component c = Component.fromBytes(small, Fixtures.bytes("wat-fixture.component"));
        Linker linker = new Linker(small).defineFunction("example:fixtures/host@0.1.0", "log", args -> null)
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hi");
        Instance i = linker.instantiatePre(c).instantiate();
        Func greet = i.func("example:fixtures/api@0.1.0", "greet").orElseThrow();
        assertThat(greet.callJava("ok")).isEqualTo("Hi, ok");
        assertThatThrownBy(() -> greet.callJava("x".repeat(200_000))).isInstanceOf(Trap.class);

        Engine tiny = Engine.builder().maxMemoryPages(1).mode(Engine.Mode.INTERPRETER).build();
        Component big = Component.fromBytes(tiny, Fixtures.bytes("js-greeter.qjs"));
        assertThatThrownBy(() -> new Linker(tiny).defineFunction("example:greeter/logger@0.1.0", "log", a -> null)
                .instantiatePre(big).instantiate()).isInstanceOf(Trap.class).hasMessageContaining("engine's limit");
        assertThatThrownBy(() -> Engine.builder().maxMemoryPages(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void cReactorWithWasiAndAHostImport(Engine.Mode mode) {
        Component c = load(mode, "c-clib.reactor");
        List<List<Object>> logged = new ArrayList<>();
        Linker linker = new Linker(c.engine()).defineJavaFunction("example:clib/host@0.1.0", "log", args -> {
            logged.add(List.of(((Number) args.get(0)).intValue(), args.get(1)));
            return null;
        });
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        org.wasmcloud4j.wasi.Wasi.addToLinker(linker, org.wasmcloud4j.wasi.WasiConfig.builder()
                .env("USER", "fixture").stdout(stdout).build());
        Instance i = linker.instantiatePre(c).instantiate();
        int n = GoldenCalls.replay("c-clib.reactor", (iface, name) -> iface == null ? i.func(name).orElseThrow()
                : i.func("example:clib/" + iface + "@0.1.0", name).orElseThrow());
        assertThat(n).isEqualTo(9);
        var golden = GoldenCalls.golden("c-clib.reactor");
        assertThat(i.func("describe").orElseThrow().callJava())
                .isEqualTo(golden.get("describe() [USER=fixture]").asText());
        Func reverse = i.func("example:clib/strings@0.1.0", "reverse").orElseThrow();
        Object r = null;
        for (int k = 0; k < 1000; k++) {
            r = reverse.callJava(k % 2 == 0 ? "abc" : "cba");
        }
        assertThat(r).isEqualTo(golden.get("1000x reverse(\"abc\")").asText());
        List<List<Object>> expected = new ArrayList<>();
        golden.get("host log(level,msg) calls").forEach(e -> expected.add(List.of(e.get(0).asInt(), e.get(1).asText())));
        assertThat(logged).isEqualTo(expected);
        assertThat(stdout.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(GoldenCalls.guestStdout("c-clib.reactor"));
    }

    @org.junit.jupiter.api.Test
    void concurrentUseOfOneInstanceIsRefusedWithoutPoisoning() throws Exception {
        Component c = load(Engine.Mode.INTERPRETER, "wat-fixture.component");
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Linker linker = new Linker(c.engine())
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hi");
        Instance i = linker.instantiatePre(c).instantiate();
        Func greet = i.func("example:fixtures/api@0.1.0", "greet").orElseThrow();
        Thread t = new Thread(() -> greet.callJava("slow"));
        t.start();
        inside.await();
        assertThatThrownBy(() -> greet.callJava("second")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by thread");
        release.countDown();
        t.join();
        assertThat(i.isPoisoned()).isFalse();
        assertThat(greet.callJava("after")).isEqualTo("Hi, after");
    }
}
