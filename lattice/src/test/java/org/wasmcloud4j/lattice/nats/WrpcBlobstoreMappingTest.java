package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * wasmCloud's built-in mapping of {@code wasi:blobstore} (notes §4.5): a component's blobstore imports linked to a
 * blobstore provider on another host become {@code wrpc:blobstore/blobstore@0.2.0} calls (what wasmCloud v1.9.2's
 * blobstore providers serve), made again on {@code @0.1.0} when nothing serves that; containers by name. The
 * provider is plain Java on {@link WrpcServer}, speaking the interface as wasmCloud's providers do (WITs below,
 * written from wasmCloud v1.9.2 {@code crates/runtime/wit/wrpc/deps/blobstore-wrpc} (0.1.0) and
 * {@code crates/provider-blobstore-fs/wit/deps/blobstore-wrpc} (0.2.0)).
 */
class WrpcBlobstoreMappingTest extends NatsHostsTest {
    private static final String GUEST = "classpath:org/wasmcloud4j/fixtures/wat-blobstore-guest.component.wasm";
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-blobstore-api.component.wasm";
    private static final String INSTANCE = "wrpc:blobstore/blobstore@0.1.0";
    private static final String CURRENT = "wrpc:blobstore/blobstore@0.2.0";

    /** The wire's WIT, as the provider in main states it (its functions' types are what a wasmCloud host calls). */
    static final String WRPC_BLOBSTORE_WIT = org.wasmcloud4j.lattice.provider.BlobstoreFsProvider.WIT_0_1_0;

    /** 0.2.0 (wasmCloud 1.9's providers): the three transfers carry a status future; the rest as in 0.1.0. */
    static final String WRPC_BLOBSTORE_0_2_WIT = org.wasmcloud4j.lattice.provider.BlobstoreFsProvider.WIT_0_2_0;

    /** A blobstore provider in plain Java: containers of sorted objects; every call recorded with its first param. */
    static final class JavaBlobstoreProvider implements AutoCloseable {
        final Map<String, TreeMap<String, byte[]>> containers = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
        private final WrpcServer server;
        /** Serves {@code @0.2.0} (else only {@code @0.1.0}). */
        private final boolean current;
        /** The status the 0.2.0 transfers report (ok unless a test sets it). */
        volatile Value status = ok(null);

        JavaBlobstoreProvider(String url, String lattice, String id) throws Exception {
            this(url, lattice, id, true);
        }

        JavaBlobstoreProvider(String url, String lattice, String id, boolean current) throws Exception {
            this.current = current;
            server = WrpcServer.builder().server(url).lattice(lattice).build();
            serve(id, "create-container", p -> {
                if (str(p.get(0)).isEmpty()) {
                    return err("invalid container name ''");
                }
                containers.putIfAbsent(str(p.get(0)), new TreeMap<>());
                return ok(null);
            });
            serve(id, "container-exists", p -> ok(new Value.Bool(containers.containsKey(str(p.get(0))))));
            serve(id, "delete-container", p -> {
                containers.remove(str(p.get(0)));
                return ok(null);
            });
            serve(id, "clear-container", p -> withContainer(str(p.get(0)), c -> {
                c.clear();
                return ok(null);
            }));
            serve(id, "get-container-info", p -> withContainer(str(p.get(0)), c -> ok(record("created-at", u64(7)))));
            serve(id, "list-container-objects", p -> withContainer(str(p.get(0)), c -> {
                List<Value> names = new ArrayList<>();
                c.keySet().forEach(k -> names.add(new Value.Str(k)));
                return transfer(new Value.ListValue(names));
            }));
            serve(id, "write-container-data", p -> withContainer(container(p.get(0)), c -> {
                c.put(object(p.get(0)), ((Value.ListValue) p.get(1)).toByteArray());
                return current ? ok(new Value.OptionValue(Optional.of(status))) : ok(null);
            }));
            serve(id, "get-container-data", p -> withContainer(container(p.get(0)), c -> {
                byte[] v = c.get(object(p.get(0)));
                if (v == null) {
                    return err("no object " + object(p.get(0)));
                }
                long start = ((Value.Int) p.get(1)).value();
                long end = ((Value.Int) p.get(2)).value();
                int from = (int) Math.min(start, v.length);
                int to = Long.compareUnsigned(end, v.length) >= 0 ? v.length : (int) end + 1;
                return transfer(Value.ListValue.ofBytes(java.util.Arrays.copyOfRange(v, from, Math.max(from, to))));
            }));
            serve(id, "has-object", p -> withContainer(container(p.get(0)),
                    c -> ok(new Value.Bool(c.containsKey(object(p.get(0)))))));
            serve(id, "get-object-info", p -> withContainer(container(p.get(0)), c -> {
                byte[] v = c.get(object(p.get(0)));
                return v == null ? err("no object " + object(p.get(0)))
                        : ok(record("created-at", u64(9), "size", u64(v.length)));
            }));
            serve(id, "delete-objects", p -> withContainer(str(p.get(0)), c -> {
                ((Value.ListValue) p.get(1)).elements().forEach(n -> c.remove(str(n)));
                return ok(null);
            }));
            serve(id, "copy-object", p -> copy(p, false));
            serve(id, "move-object", p -> copy(p, true));
        }

        /** {@code ok(data)}, with its status future in 0.2.0. */
        private Value transfer(Value data) {
            return current ? ok(new Value.TupleValue(List.of(data, new Value.OptionValue(Optional.of(status)))))
                    : ok(data);
        }

        private Value copy(List<Value> p, boolean move) {
            TreeMap<String, byte[]> src = containers.get(container(p.get(0)));
            TreeMap<String, byte[]> dest = containers.get(container(p.get(1)));
            if (src == null || dest == null || !src.containsKey(object(p.get(0)))) {
                return err("no such source or destination");
            }
            dest.put(object(p.get(1)), move ? src.remove(object(p.get(0))) : src.get(object(p.get(0))));
            return ok(null);
        }

        private Value withContainer(String name, Function<TreeMap<String, byte[]>, Value> f) {
            TreeMap<String, byte[]> c = containers.get(name);
            if (c == null) {
                return err("container '" + name + "' does not exist");
            }
            synchronized (c) {
                return f.apply(c);
            }
        }

        private void serve(String id, String function, Function<List<Value>, Value> f) {
            String instance = current ? CURRENT : INSTANCE;
            FuncType type = WitFunctions.function(current ? WRPC_BLOBSTORE_0_2_WIT : WRPC_BLOBSTORE_WIT, instance,
                    function);
            server.serve(id, instance, function, type, (params, h) -> {
                Value first = params.get(0);
                calls.add(function + "(" + (first instanceof Value.Str s ? s.value()
                        : container(first) + "/" + object(first)) + ")");
                headers.add(h);
                return List.of(f.apply(params));
            });
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static String container(Value id) {
        return str(((Value.RecordValue) id).fields().get("container"));
    }

    private static String object(Value id) {
        return str(((Value.RecordValue) id).fields().get("object"));
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }

    private static Value ok(Value v) {
        return Value.ResultValue.ok(v);
    }

    private static Value err(String message) {
        return Value.ResultValue.err(new Value.Str(message));
    }

    static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }

    private static Value record(Object... kv) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Value) kv[i + 1]);
        }
        return new Value.RecordValue(m);
    }

    static Value.Str s(String v) {
        return new Value.Str(v);
    }

    static Value bytes(String v) {
        return Value.ListValue.ofBytes(v.getBytes(StandardCharsets.UTF_8));
    }

    private static Link link(String source, String target) {
        return new Link(source, target, "default", "wasi", "blobstore", List.of("blobstore", "container", "types"),
                List.of(), List.of());
    }

    private static String roundtrip(Host a, String container, String name, String data) {
        Value.ResultValue r = (Value.ResultValue) a.invoke("guest", null, "roundtrip",
                List.of(s(container), s(name), bytes(data))).orElseThrow();
        return r.isOk() ? "ok(\"" + new String(((Value.ListValue) r.payload().orElseThrow()).toByteArray(),
                StandardCharsets.UTF_8) + "\")" : Wave.print(r);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aComponentsBlobstoreLinkedToAProviderElsewhereGoesOutAsWrpcBlobstore(Engine.Mode mode) throws Exception {
        JavaBlobstoreProvider provider = new JavaBlobstoreProvider(nats.url(), "m", "blob-provider");
        closing.add(provider);
        Host a = linked("guest", GUEST, "blob-provider", mode);

        assertThat(roundtrip(a, "guest", "hello.txt", "hello, blobstore")).isEqualTo("ok(\"hello, blobstore\")");
        assertThat(roundtrip(a, "guest", "hello.txt", "replaced")).isEqualTo("ok(\"replaced\")");
        assertThat(roundtrip(a, "guest", "empty", "")).isEqualTo("ok(\"\")");
        assertThat(new String(provider.containers.get("guest").get("hello.txt"), StandardCharsets.UTF_8))
                .isEqualTo("replaced");
        assertThat(provider.containers.get("guest").get("empty")).isEmpty();
        // wasmCloud's function names and parameters: the container by name, object ids as records
        assertThat(provider.calls.subList(0, 3)).containsExactly("create-container(guest)",
                "write-container-data(guest/hello.txt)", "get-container-data(guest/hello.txt)");
        assertThat(provider.headers).allSatisfy(h -> assertThat(h).containsEntry("source-id", "guest")
                .containsEntry("link-name", "default"));
        // the provider's own errors reach the component as the WASI error string
        assertThat(roundtrip(a, "", "x", "x")).isEqualTo("err(\"invalid container name ''\")");
        assertThat(a.blobstoreRoot().toFile().list()).as("the host's own blobstore is not used")
                .doesNotContain("guest");
        // a value larger than one NATS message, both ways
        byte[] big = new byte[300_000];
        new java.util.Random(2).nextBytes(big);
        Value.ResultValue r = (Value.ResultValue) a.invoke("guest", null, "roundtrip", List.of(s("guest"),
                s("big.bin"), Value.ListValue.ofBytes(big))).orElseThrow();
        assertThat(((Value.ListValue) r.payload().orElseThrow()).toByteArray()).isEqualTo(big);
        assertThat(provider.containers.get("guest").get("big.bin")).isEqualTo(big);
    }

    @Test
    void aContainerOfTheHostsOwnBlobstoreIsRefusedOnceTheLinkPointsElsewhere() throws Exception {
        JavaBlobstoreProvider provider = new JavaBlobstoreProvider(nats.url(), "m", "blob-provider");
        closing.add(provider);
        Host a = host("m", Engine.Mode.INTERPRETER);
        a.startComponent("blob", API, 1);
        Value local = payload(a.invoke("blob", "blobstore", "create-container", List.of(s("here"))).orElseThrow());
        a.putLink(link("blob", "blob-provider"));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        assertThat(line(a, "container", "[method]container.has-object", local, s("x"))).isEqualTo(
                "[method]container.has-object -> err(\"a container opened on the host's own blobstore cannot be used "
                        + "with a blobstore linked to another host: get it again\")");
        Value remote = payload(a.invoke("blob", "blobstore", "create-container", List.of(s("there"))).orElseThrow());
        a.deleteLink("blob", "default", "wasi", "blobstore");
        NatsLatticeTest.await("link gone", () -> a.links().isEmpty());
        assertThat(line(a, "container", "[method]container.has-object", remote, s("x"))).isEqualTo(
                "[method]container.has-object -> err(\"component blob: the container was opened on a blobstore "
                        + "reached over the lattice, and link 'default' for wasi:blobstore/container now is gone: "
                        + "get it again\")");
        assertThat(provider.calls).containsExactly("create-container(there)");
    }

    /** Every function against a provider of wasmCloud 1.9 (0.2.0) and an older one (0.1.0 only: the fallback). */
    @ParameterizedTest(name = "wrpc:blobstore 0.2.0 served: {0}")
    @ValueSource(booleans = {true, false})
    void everyContainerFunctionMapsOntoItsWrpcCall(boolean current) throws Exception {
        JavaBlobstoreProvider provider = new JavaBlobstoreProvider(nats.url(), "m", "blob-provider", current);
        closing.add(provider);
        Host a = linked("blob", API, "blob-provider", Engine.Mode.INTERPRETER);
        List<String> t = new ArrayList<>();
        Value c = openPhotos(a, t);
        writeThroughComponent(a, c, "cat.txt", "hello", t);
        t.add(line(a, "container", "[method]container.has-object", c, s("cat.txt")));
        t.add(line(a, "container", "[method]container.object-info", c, s("cat.txt")));
        Value in = payload(a.invoke("blob", "container", "[method]container.get-data", List.of(c, s("cat.txt"),
                u64(1), u64(3))).orElseThrow());
        t.add(line(a, "types", "[static]incoming-value.incoming-value-consume-sync", in));
        Value names = payload(a.invoke("blob", "container", "[method]container.list-objects", List.of(c))
                .orElseThrow());
        t.add(line(a, "container", "[method]stream-object-names.skip-stream-object-names", names, u64(0)));
        t.add(line(a, "container", "[method]stream-object-names.read-stream-object-names", names, u64(5)));
        ((Value.Handle) names).resource().drop();
        t.add(line(a, "container", "[method]container.delete-object", c, s("cat.txt")));
        t.add(line(a, "container", "[method]container.clear", c));
        t.add(line(a, "blobstore", "delete-container", s("photos")));
        t.add(line(a, "blobstore", "get-container", s("photos")));
        assertThat(String.join("\n", t)).isEqualTo("""
                container-exists -> ok(false)
                get-container -> err("container does not exist")
                [method]container.name -> ok("photos")
                [method]container.info -> ok({name: "photos", created-at: 7})
                [method]container.write-data -> ok
                [static]outgoing-value.finish -> ok
                [method]container.has-object -> ok(true)
                [method]container.object-info -> ok({name: "cat.txt", container: "photos", created-at: 9, size: 5})
                [static]incoming-value.incoming-value-consume-sync -> ok([101, 108, 108])
                [method]stream-object-names.skip-stream-object-names -> ok((0, false))
                [method]stream-object-names.read-stream-object-names -> ok((["cat.txt"], true))
                [method]container.delete-object -> ok
                [method]container.clear -> ok
                delete-container -> ok
                get-container -> err("container does not exist")""");
        assertThat(provider.calls).containsExactly("container-exists(photos)", "container-exists(photos)",
                "create-container(photos)", "get-container-info(photos)", "write-container-data(photos/cat.txt)",
                "has-object(photos/cat.txt)", "get-object-info(photos/cat.txt)", "get-container-data(photos/cat.txt)",
                "list-container-objects(photos)", "delete-objects(photos)", "clear-container(photos)",
                "delete-container(photos)", "container-exists(photos)");
    }

    @Test
    void aFailedStatusFutureIsTheErrorOfTheTransfer() throws Exception {
        JavaBlobstoreProvider provider = new JavaBlobstoreProvider(nats.url(), "m", "blob-provider");
        closing.add(provider);
        Host a = linked("guest", GUEST, "blob-provider", Engine.Mode.INTERPRETER);
        assertThat(roundtrip(a, "guest", "ok.txt", "fine")).isEqualTo("ok(\"fine\")");
        provider.status = err("disk failed mid-transfer");
        // the write's status future failed: that is what finish (and so the round trip) returns
        assertThat(roundtrip(a, "guest", "bad.txt", "lost")).isEqualTo("err(\"disk failed mid-transfer\")");
        // nothing fell back to 0.1.0: the 0.2.0 provider answered every call
        assertThat(provider.calls).containsExactly("create-container(guest)", "write-container-data(guest/ok.txt)",
                "get-container-data(guest/ok.txt)", "create-container(guest)", "write-container-data(guest/bad.txt)");
    }

    @Test
    void aProviderThatIsGoneOrLiesIsAnErrorTheComponentSeesAndTheHostKeepsServing() throws Exception {
        try (WrpcServer liar = WrpcServer.builder().server(nats.url()).lattice("m").build()) {
            FuncType wrong = WitFunctions.function("package x:y@0.1.0;\ninterface b {\n  create-container: func(name:"
                    + " string) -> string;\n}\n", "x:y/b@0.1.0", "create-container");
            liar.serve("liar", INSTANCE, "create-container", wrong, p -> List.of(s("\u0000 not a result")));
            Host a = linked("guest", GUEST, "liar", Engine.Mode.COMPILED);
            String r = roundtrip(a, "guest", "x", "x");
            assertThat(r).startsWith("err(\"guest: " + INSTANCE + ".create-container on liar failed: ");
            // nothing answers at all
            a.deleteLink("guest", "default", "wasi", "blobstore");
            NatsLatticeTest.await("link gone", () -> a.links().isEmpty());
            a.putLink(link("guest", "nobody"));
            NatsLatticeTest.await("link moved", () -> a.links().stream().anyMatch(l -> l.target().equals("nobody")));
            assertThat(roundtrip(a, "guest", "x", "x")).startsWith("err(\"guest: " + INSTANCE
                    + ".create-container on nobody failed: ").contains("(nothing serves " + CURRENT + " either)");
            // unlinked: the host's own blobstore again
            a.deleteLink("guest", "default", "wasi", "blobstore");
            NatsLatticeTest.await("link gone", () -> a.links().isEmpty());
            assertThat(roundtrip(a, "guest", "x", "local")).isEqualTo("ok(\"local\")");
        }
    }

    @Test
    void theProvidersErrorOnWriteIsWhatFinishReturns() throws Exception {
        try (WrpcServer full = WrpcServer.builder().server(nats.url()).lattice("m").build()) {
            serve010(full, "full", "create-container", p -> ok(null));
            serve010(full, "full", "write-container-data", p -> err("disk full after "
                    + ((Value.ListValue) p.get(1)).elements().size() + " bytes"));
            Host a = linked("guest", GUEST, "full", Engine.Mode.INTERPRETER);
            assertThat(roundtrip(a, "guest", "x", "abc")).isEqualTo("err(\"disk full after 3 bytes\")");
        }
    }

    @Test
    void aValueLargerThanTheBoundIsAnError() throws Exception {
        try (WrpcServer huge = WrpcServer.builder().server(nats.url()).lattice("m").build()) {
            serve010(huge, "huge", "create-container", p -> ok(null));
            serve010(huge, "huge", "get-container-data", p -> ok(Value.ListValue.ofBytes(new byte[17 << 20])));
            Host a = linked("blob", API, "huge", Engine.Mode.INTERPRETER);
            Value c = payload(a.invoke("blob", "blobstore", "create-container", List.of(s("c"))).orElseThrow());
            Value.ResultValue r = (Value.ResultValue) a.invoke("blob", "container", "[method]container.get-data",
                    List.of(c, s("o"), u64(0), u64(-1))).orElseThrow();
            assertThat(r.isOk()).isFalse();
            // refused while it arrives (the wRPC call's byte bound), not after 17 MiB were gathered
            assertThat(str(r.payload().orElseThrow())).contains("get-container-data on huge failed")
                    .contains("more than 16777216 bytes for one call");
            // the host keeps serving
            assertThat(line(a, "container", "[method]container.name", c)).isEqualTo(
                    "[method]container.name -> ok(\"c\")");
        }
    }

    /** A host on lattice m running {@code fixture} as {@code component}, its blobstore linked to {@code target}. */
    private Host linked(String component, String fixture, String target, Engine.Mode mode)
            throws InterruptedException {
        Host a = host("m", mode);
        a.startComponent(component, fixture, 1);
        a.putLink(link(component, target));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        return a;
    }

    /** Serves one function of {@code wrpc:blobstore/blobstore@0.1.0} under {@code id}, its type from the WIT above. */
    private static void serve010(WrpcServer server, String id, String function, Function<List<Value>, Value> f) {
        server.serve(id, INSTANCE, function, WitFunctions.function(WRPC_BLOBSTORE_WIT, INSTANCE, function),
                p -> List.of(f.apply(p)));
    }

    /**
     * The opening of both container scripts: component {@code blob} checks for container {@code photos}, gets it
     * (missing), creates it, asks its name and info; the lines go to {@code t}; returns the container handle.
     */
    static Value openPhotos(Host a, List<String> t) {
        t.add(line(a, "blobstore", "container-exists", s("photos")));
        t.add(line(a, "blobstore", "get-container", s("photos")));
        Value c = payload(a.invoke("blob", "blobstore", "create-container", List.of(s("photos"))).orElseThrow());
        t.add(line(a, "container", "[method]container.name", c));
        t.add(line(a, "container", "[method]container.info", c));
        return c;
    }

    /**
     * Component {@code blob} writes {@code text} to object {@code name} of container handle {@code c}: a new
     * outgoing-value, {@code write-data}, its body written and dropped, {@code finish}; the lines of write-data and
     * finish go to {@code t}.
     */
    static void writeThroughComponent(Host a, Value c, String name, String text, List<String> t) {
        Value ov = a.invoke("blob", "types", "[static]outgoing-value.new-outgoing-value", List.of()).orElseThrow();
        t.add(line(a, "container", "[method]container.write-data", c, s(name), ov));
        Value out = payload(a.invoke("blob", "types", "[method]outgoing-value.outgoing-value-write-body",
                List.of(ov)).orElseThrow());
        a.invoke("blob", "streams", "[method]output-stream.blocking-write-and-flush", List.of(out, bytes(text)));
        ((Value.Handle) out).resource().drop();
        t.add(line(a, "types", "[static]outgoing-value.finish", ov));
    }

    static Value payload(Value v) {
        return ((Value.ResultValue) v).payload().orElseThrow();
    }

    static String line(Host a, String iface, String fn, Value... args) {
        return fn + " -> " + Wave.print(a.invoke("blob", iface, fn, List.of(args)).orElse(null))
                .replaceAll("#[0-9]+", "");
    }
}
