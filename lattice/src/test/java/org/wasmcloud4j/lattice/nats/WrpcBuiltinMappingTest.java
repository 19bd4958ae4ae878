package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
 * wasmCloud's built-in interface mapping (notes §4.5): a component's {@code wasi:keyvalue} imports linked to a
 * key-value provider on another host become {@code wrpc:keyvalue/*@0.2.0-draft} calls with the bucket's name, and a
 * {@code wasmcloud:messaging/consumer} link sends {@code publish} / {@code request} to the linked provider. The
 * provider here is plain Java on {@link WrpcServer}, speaking the interfaces as wasmCloud's providers do (WIT below,
 * written from wasmCloud's {@code crates/runtime/wit/wrpc} for v1.9.2).
 */
class WrpcBuiltinMappingTest extends NatsHostsTest {
    private static final String KV = "classpath:org/wasmcloud4j/fixtures/wat-keyvalue-api.component.wasm";
    private static final String KV_COUNTER = "classpath:org/wasmcloud4j/fixtures/wat-kv-counter.component.wasm";
    static final String WRPC_KEYVALUE_WIT = """
            package wrpc:keyvalue@0.2.0-draft;
            interface store {
              variant error { no-such-store, access-denied, other(string) }
              record key-response { keys: list<string>, cursor: option<u64> }
              get: func(bucket: string, key: string) -> result<option<list<u8>>, error>;
              set: func(bucket: string, key: string, value: list<u8>) -> result<_, error>;
              delete: func(bucket: string, key: string) -> result<_, error>;
              exists: func(bucket: string, key: string) -> result<bool, error>;
              list-keys: func(bucket: string, cursor: option<u64>) -> result<key-response, error>;
            }
            interface atomics {
              use store.{error};
              increment: func(bucket: string, key: string, delta: u64) -> result<u64, error>;
            }
            interface batch {
              use store.{error};
              get-many: func(bucket: string, keys: list<string>) -> result<list<option<tuple<string, list<u8>>>>, error>;
              set-many: func(bucket: string, key-values: list<tuple<string, list<u8>>>) -> result<_, error>;
              delete-many: func(bucket: string, keys: list<string>) -> result<_, error>;
            }
            """;

    private Host host(Engine.Mode mode) {
        return host("m", mode);
    }

    /** A key-value provider in plain Java: buckets of sorted keys, every call recorded as {@code instance.function(bucket)}. */
    static final class JavaKeyValueProvider implements AutoCloseable {
        final Map<String, TreeMap<String, byte[]>> buckets = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
        private final WrpcServer server;

        JavaKeyValueProvider(String url, String lattice, String id) throws Exception {
            server = WrpcServer.builder().server(url).lattice(lattice).build();
            serve(id, "store", "get", p -> ok(new Value.OptionValue(Optional.ofNullable(bucket(p).get(str(p, 1)))
                    .map(Value.ListValue::ofBytes))));
            serve(id, "store", "set", p -> {
                bucket(p).put(str(p, 1), ((Value.ListValue) p.get(2)).toByteArray());
                return ok(null);
            });
            serve(id, "store", "delete", p -> {
                bucket(p).remove(str(p, 1));
                return ok(null);
            });
            serve(id, "store", "exists", p -> ok(new Value.Bool(bucket(p).containsKey(str(p, 1)))));
            serve(id, "store", "list-keys", p -> {
                List<Value> keys = new ArrayList<>();
                bucket(p).keySet().forEach(k -> keys.add(new Value.Str(k)));
                Map<String, Value> r = new java.util.LinkedHashMap<>();
                r.put("keys", new Value.ListValue(keys));
                r.put("cursor", new Value.OptionValue(Optional.empty()));
                return ok(new Value.RecordValue(r));
            });
            serve(id, "atomics", "increment", p -> {
                TreeMap<String, byte[]> b = bucket(p);
                synchronized (b) {
                    byte[] old = b.get(str(p, 1));
                    long now;
                    try {
                        now = (old == null ? 0 : Long.parseLong(new String(old, StandardCharsets.UTF_8)))
                                + ((Value.Int) p.get(2)).value();
                    } catch (NumberFormatException e) {
                        return Value.ResultValue.err(new Value.VariantValue("other", Optional.of(
                                new Value.Str("the value of '" + str(p, 1) + "' is not a number"))));
                    }
                    b.put(str(p, 1), Long.toString(now).getBytes(StandardCharsets.UTF_8));
                    return ok(new Value.Int(PrimitiveType.U64, now));
                }
            });
            serve(id, "batch", "get-many", p -> {
                List<Value> out = new ArrayList<>();
                for (Value k : ((Value.ListValue) p.get(1)).elements()) {
                    byte[] v = bucket(p).get(((Value.Str) k).value());
                    out.add(new Value.OptionValue(v == null ? Optional.empty()
                            : Optional.of(new Value.TupleValue(List.of(k, Value.ListValue.ofBytes(v))))));
                }
                return ok(new Value.ListValue(out));
            });
            serve(id, "batch", "set-many", p -> {
                for (Value kv : ((Value.ListValue) p.get(1)).elements()) {
                    List<Value> pair = ((Value.TupleValue) kv).elements();
                    bucket(p).put(((Value.Str) pair.get(0)).value(), ((Value.ListValue) pair.get(1)).toByteArray());
                }
                return ok(null);
            });
            serve(id, "batch", "delete-many", p -> {
                ((Value.ListValue) p.get(1)).elements().forEach(k -> bucket(p).remove(((Value.Str) k).value()));
                return ok(null);
            });
        }

        private void serve(String id, String iface, String function, java.util.function.Function<List<Value>, Value> f) {
            String instance = "wrpc:keyvalue/" + iface + "@0.2.0-draft";
            FuncType type = WitFunctions.function(WRPC_KEYVALUE_WIT, instance, function);
            server.serve(id, instance, function, type, (params, h) -> {
                calls.add(instance + "." + function + "(" + str(params, 0) + ")");
                headers.add(h);
                return List.of(f.apply(params));
            });
        }

        private TreeMap<String, byte[]> bucket(List<Value> params) {
            return buckets.computeIfAbsent(str(params, 0), k -> new TreeMap<>());
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static String str(List<Value> params, int i) {
        return ((Value.Str) params.get(i)).value();
    }

    private static Value ok(Value v) {
        return Value.ResultValue.ok(v);
    }

    private static Value.Str s(String v) {
        return new Value.Str(v);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void keyValueImportsLinkedToAProviderElsewhereBecomeWrpcKeyvalueCalls(Engine.Mode mode) throws Exception {
        JavaKeyValueProvider provider = new JavaKeyValueProvider(nats.url(), "m", "kv-provider");
        closing.add(provider);
        Host a = host(mode);
        a.startComponent("kv", KV, 1);
        a.putLink(new Link("kv", "kv-provider", "default", "wasi", "keyvalue", List.of("store", "atomics", "batch"),
                List.of(), List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);

        // the same script as HostKeyValueTest's against the host's own store: the same answers
        List<String> t = new ArrayList<>();
        Value.ResultValue opened = (Value.ResultValue) a.invoke("kv", "store", "open", List.of(s("b"))).orElseThrow();
        assertThat(opened.isOk()).isTrue();
        assertThat(provider.calls).as("open is answered by the host: the bucket is its name").isEmpty();
        Value bucket = opened.payload().orElseThrow();
        t.add(line(a, "store", "[method]bucket.get", "bucket.get", bucket, s("a")));
        t.add(line(a, "store", "[method]bucket.set", "bucket.set", bucket, s("a"), bytes("hi")));
        t.add(line(a, "store", "[method]bucket.get", "bucket.get", bucket, s("a")));
        t.add(line(a, "store", "[method]bucket.exists", "bucket.exists", bucket, s("a")));
        t.add(line(a, "atomics", "increment", "atomics.increment", bucket, s("count"), u64(5)));
        t.add(line(a, "atomics", "increment", "atomics.increment", bucket, s("count"), u64(2)));
        t.add(line(a, "atomics", "increment", "atomics.increment", bucket, s("a"), u64(1)));
        t.add(line(a, "batch", "set-many", "batch.set-many", bucket, new Value.ListValue(List.of(
                new Value.TupleValue(List.of(s("x"), Value.ListValue.ofBytes(new byte[] {1}))),
                new Value.TupleValue(List.of(s("y"), Value.ListValue.ofBytes(new byte[] {2})))))));
        t.add(line(a, "batch", "get-many", "batch.get-many", bucket,
                new Value.ListValue(List.of(s("x"), s("nope"), s("y")))));
        t.add(line(a, "store", "[method]bucket.list-keys", "bucket.list-keys", bucket,
                new Value.OptionValue(Optional.empty())));
        t.add(line(a, "batch", "delete-many", "batch.delete-many", bucket, new Value.ListValue(List.of(s("x"), s("y")))));
        t.add(line(a, "store", "[method]bucket.delete", "bucket.delete", bucket, s("a")));
        t.add(line(a, "store", "[method]bucket.list-keys", "bucket.list-keys", bucket,
                new Value.OptionValue(Optional.empty())));
        assertThat(String.join("\n", t) + "\n")
                .isEqualTo(Fixtures.text("wat-keyvalue-api.component.expected-responses.txt").orElseThrow());

        // the wire saw wasmCloud's instances and function names, the bucket's name first
        assertThat(provider.calls).startsWith("wrpc:keyvalue/store@0.2.0-draft.get(b)",
                "wrpc:keyvalue/store@0.2.0-draft.set(b)", "wrpc:keyvalue/store@0.2.0-draft.get(b)",
                "wrpc:keyvalue/store@0.2.0-draft.exists(b)", "wrpc:keyvalue/atomics@0.2.0-draft.increment(b)");
        assertThat(provider.calls).contains("wrpc:keyvalue/batch@0.2.0-draft.get-many(b)",
                "wrpc:keyvalue/store@0.2.0-draft.list-keys(b)");
        assertThat(provider.headers).allSatisfy(h -> assertThat(h).containsEntry("source-id", "kv")
                .containsEntry("link-name", "default"));
        assertThat(new String(provider.buckets.get("b").get("count"), StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(a.keyValue("b", "count")).as("the host's own store is not used").isEmpty();
    }

    @Test
    void aRealComponentCountsInAProviderOnAnotherHost() throws Exception {
        JavaKeyValueProvider provider = new JavaKeyValueProvider(nats.url(), "m", "kv-provider");
        closing.add(provider);
        Host a = host(Engine.Mode.COMPILED);
        a.startComponent("counter", KV_COUNTER, 2);
        a.putLink(new Link("counter", "kv-provider", "default", "wasi", "keyvalue", List.of("store", "atomics"),
                List.of(), List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        for (long expect = 1; expect <= 3; expect++) {
            assertThat(a.invoke("counter", null, "count", List.of(s("visits"))))
                    .contains(new Value.Int(PrimitiveType.U64, expect));
        }
        assertThat(provider.calls).containsExactly("wrpc:keyvalue/atomics@0.2.0-draft.increment(counts)",
                "wrpc:keyvalue/atomics@0.2.0-draft.increment(counts)",
                "wrpc:keyvalue/atomics@0.2.0-draft.increment(counts)");
        assertThat(new String(provider.buckets.get("counts").get("visits"), StandardCharsets.UTF_8)).isEqualTo("3");

        // the provider goes away: the component's increment gets an error (this component traps on it), nothing
        // hangs, the host keeps serving
        provider.close();
        closing.remove(provider);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> a.invoke("counter", null, "count", List.of(s("visits"))))).isNotNull();
        // unlinked: the host's own store again
        a.deleteLink("counter", "default", "wasi", "keyvalue");
        NatsLatticeTest.await("link gone", () -> a.links().isEmpty());
        assertThat(a.invoke("counter", null, "count", List.of(s("visits"))))
                .contains(new Value.Int(PrimitiveType.U64, 1));
    }

    /**
     * A typed Java provider on one host ({@code Host.putProvider} with the functions' types) is served over wRPC under
     * its id, as wasmCloud's providers are: a component on another host whose {@code wasi:keyvalue} is linked to it
     * reaches it through the built-in mapping.
     */
    @Test
    void aTypedJavaProviderOnAnotherHostIsServedOverWrpc() throws Exception {
        Map<String, byte[]> store = new ConcurrentHashMap<>();
        String instance = "wrpc:keyvalue/store@0.2.0-draft";
        Map<String, FuncType> types = new java.util.HashMap<>();
        for (String f : List.of("get", "set")) {
            types.put(f, WitFunctions.function(WRPC_KEYVALUE_WIT, instance, f));
        }
        Host b = host(Engine.Mode.INTERPRETER);
        b.putProvider("kv-java", instance, types, Map.of(
                "get", p -> ok(new Value.OptionValue(Optional.ofNullable(store.get(str(p, 0) + "/" + str(p, 1)))
                        .map(Value.ListValue::ofBytes))),
                "set", p -> {
                    store.put(str(p, 0) + "/" + str(p, 1), ((Value.ListValue) p.get(2)).toByteArray());
                    return ok(null);
                }));
        Host a = host(Engine.Mode.INTERPRETER);
        a.startComponent("kv", KV, 1);
        a.putLink(new Link("kv", "kv-java", "default", "wasi", "keyvalue", List.of("store"), List.of(), List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        Value bucket = ((Value.ResultValue) a.invoke("kv", "store", "open", List.of(s("b"))).orElseThrow())
                .payload().orElseThrow();
        assertThat(a.invoke("kv", "store", "[method]bucket.set", List.of(bucket, s("k"), bytes("v"))))
                .contains(Value.ResultValue.ok(null));
        assertThat(store).containsKey("b/k");
        assertThat(Wave.print(a.invoke("kv", "store", "[method]bucket.get", List.of(bucket, s("k"))).orElseThrow()))
                .isEqualTo("ok(some([118]))");
        // a function the provider does not implement: an error for the component, not a hang
        Value.ResultValue missing = (Value.ResultValue) a.invoke("kv", "store", "[method]bucket.exists",
                List.of(bucket, s("k"))).orElseThrow();
        assertThat(missing.isOk()).isFalse();
        // stopped: gone from the wire too
        b.stopProvider("kv-java");
        Value.ResultValue gone = (Value.ResultValue) a.invoke("kv", "store", "[method]bucket.get",
                List.of(bucket, s("k"))).orElseThrow();
        assertThat(gone.isOk()).isFalse();
        assertThat(Wave.print(gone)).contains("kv-java");
    }

    @Test
    void aMalformedReplyFromTheProviderIsAnErrorTheComponentSees() throws Exception {
        // a "provider" whose get answers with the wrong type (a bare string, not a result)
        try (WrpcServer liar = WrpcServer.builder().server(nats.url()).lattice("m").build()) {
            FuncType wrong = WitFunctions.function("package x:y@0.1.0;\ninterface store {\n  get: func(bucket: string,"
                    + " key: string) -> string;\n}\n", "x:y/store@0.1.0", "get");
            liar.serve("liar", "wrpc:keyvalue/store@0.2.0-draft", "get", wrong,
                    p -> List.of(s("\u0000\u0001 not a result")));
            Host a = host(Engine.Mode.INTERPRETER);
            a.startComponent("kv", KV, 1);
            a.putLink(new Link("kv", "liar", "default", "wasi", "keyvalue", List.of("store"), List.of(), List.of()));
            NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
            Value bucket = ((Value.ResultValue) a.invoke("kv", "store", "open", List.of(s("b"))).orElseThrow())
                    .payload().orElseThrow();
            Value.ResultValue r = (Value.ResultValue) a.invoke("kv", "store", "[method]bucket.get",
                    List.of(bucket, s("k"))).orElseThrow();
            assertThat(r.isOk()).isFalse();
            assertThat(Wave.print(r)).contains("other").contains("liar");
            // and the host still answers
            assertThat(a.invoke("kv", "store", "open", List.of(s("c")))).isPresent();
        }
    }

    static final String MESSAGING_WIT = """
            package wasmcloud:messaging@0.2.0;
            interface types {
              record broker-message { subject: string, body: list<u8>, reply-to: option<string> }
            }
            interface handler {
              use types.{broker-message};
              handle-message: func(msg: broker-message) -> result<_, string>;
            }
            interface consumer {
              use types.{broker-message};
              request: func(subject: string, body: list<u8>, timeout-ms: u32) -> result<broker-message, string>;
              publish: func(msg: broker-message) -> result<_, string>;
            }
            """;

    /**
     * A messaging provider elsewhere (as wasmCloud's NATS messaging provider is): it delivers a message to the
     * component's {@code wasmcloud:messaging/handler@0.2.0.handle-message} over wRPC, and the component's reply,
     * published through its consumer link, reaches the provider as {@code wasmcloud:messaging/consumer@0.2.0.publish}.
     */
    @Test
    void aMessagingProviderElsewhereDeliversToAHandlerAndGetsItsConsumerCalls() throws Exception {
        FuncType publish = WitFunctions.function(MESSAGING_WIT, "wasmcloud:messaging/consumer@0.2.0", "publish");
        FuncType handle = WitFunctions.function(MESSAGING_WIT, "wasmcloud:messaging/handler@0.2.0", "handle-message");
        List<Value> published = new CopyOnWriteArrayList<>();
        List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
        try (WrpcServer provider = WrpcServer.builder().server(nats.url()).lattice("m").build();
                org.wasmcloud4j.lattice.wrpc.WrpcClient client = org.wasmcloud4j.lattice.wrpc.WrpcClient.builder()
                        .server(nats.url()).lattice("m").build()) {
            provider.serve("msg-provider", "wasmcloud:messaging/consumer@0.2.0", "publish", publish, (p, h) -> {
                published.add(p.get(0));
                headers.add(h);
                return List.of(Value.ResultValue.ok(null));
            });
            Host a = host(Engine.Mode.INTERPRETER);
            a.startComponent("echo", "classpath:org/wasmcloud4j/fixtures/wat-echo-handler.component.wasm", 2);
            a.putLink(new Link("echo", "msg-provider", "default", "wasmcloud", "messaging", List.of("consumer"),
                    List.of(), List.of()));
            NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
            Map<String, Value> msg = new java.util.LinkedHashMap<>();
            msg.put("subject", s("orders.new"));
            msg.put("body", bytes("ping"));
            msg.put("reply-to", new Value.OptionValue(Optional.of(s("_INBOX.r1"))));
            List<Value> r = client.invoke("echo", "wasmcloud:messaging/handler@0.2.0", "handle-message", handle,
                    List.of(new Value.RecordValue(msg)), org.wasmcloud4j.lattice.wrpc.InvokeOptions.builder()
                            .sourceId("msg-provider").build());
            assertThat(r).containsExactly(Value.ResultValue.ok(null));
            assertThat(published).hasSize(1);
            Value.RecordValue reply = (Value.RecordValue) published.get(0);
            assertThat(reply.fields().get("subject")).isEqualTo(s("_INBOX.r1"));
            assertThat(((Value.ListValue) reply.fields().get("body")).toByteArray())
                    .isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
            assertThat(headers.get(0)).containsEntry("source-id", "echo").containsEntry("link-name", "default");
        }
    }

    /**
     * An outgoing request of a component linked to an HTTP client provider elsewhere goes there as
     * {@code wrpc:http/outgoing-handler@0.1.0.handle}; the link is the permission (the host's allow-list is for its own
     * client). When the provider is gone the component's request fails cleanly.
     */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void outgoingHttpLinkedToAClientProviderElsewhereGoesOutAsWrpcHttp(Engine.Mode mode) throws Exception {
        List<Value.RecordValue> seen = new CopyOnWriteArrayList<>();
        List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
        WrpcServer provider = WrpcServer.builder().server(nats.url()).lattice("m").build();
        closing.add(provider);
        provider.serve("http-client", WrpcOutgoingHttp.INSTANCE, WrpcOutgoingHttp.FUNCTION, WrpcOutgoingHttp.HANDLE,
                (p, h) -> {
                    Value.RecordValue req = (Value.RecordValue) p.get(0);
                    seen.add(req);
                    headers.add(h);
                    String path = ((Value.Str) ((Value.OptionValue) req.fields().get("path-with-query")).value()
                            .orElseThrow()).value();
                    Map<String, Value> resp = new java.util.LinkedHashMap<>();
                    resp.put("body", bytes("pong: " + path));
                    resp.put("trailers", new Value.OptionValue(Optional.of(new Value.OptionValue(Optional.empty()))));
                    resp.put("status", new Value.Int(PrimitiveType.U16, 201));
                    resp.put("headers", WrpcHttpTypes.fields(List.of(Map.entry("content-type",
                            "text/plain".getBytes(StandardCharsets.US_ASCII)))));
                    return List.of(Value.ResultValue.ok(new Value.RecordValue(resp)));
                });
        Host a = host(mode);
        a.startComponent("fetcher", "classpath:org/wasmcloud4j/fixtures/wat-http-client.component.wasm", 2);
        a.putLink(new Link("fetcher", "http-client", "default", "wasi", "http", List.of("outgoing-handler"),
                List.of(), List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        Value.TupleValue r = (Value.TupleValue) a.invoke("fetcher", null, "fetch",
                List.of(s("api.example.com"), s("/ping?n=1"))).orElseThrow();
        assertThat(r.elements().get(0)).isEqualTo(new Value.Int(PrimitiveType.U16, 201));
        assertThat(new String(((Value.ListValue) r.elements().get(1)).toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("pong: /ping?n=1");
        assertThat(seen).hasSize(1);
        Map<String, Value> req = seen.get(0).fields();
        assertThat(req.get("method")).isEqualTo(new Value.VariantValue("get", Optional.empty()));
        assertThat(req.get("authority")).isEqualTo(new Value.OptionValue(Optional.of(s("api.example.com"))));
        assertThat(headers.get(0)).containsEntry("source-id", "fetcher").containsEntry("link-name", "default");

        provider.close();
        closing.remove(provider);
        Value.TupleValue failed = (Value.TupleValue) a.invoke("fetcher", null, "fetch",
                List.of(s("api.example.com"), s("/"))).orElseThrow();
        assertThat(failed.elements().get(0)).as("the component's answer to a failed request")
                .isEqualTo(new Value.Int(PrimitiveType.U16, 0));
    }

    private static String line(Host h, String iface, String fn, String label, Value bucket, Value... rest) {
        List<Value> args = new ArrayList<>();
        args.add(bucket);
        args.addAll(Arrays.asList(rest));
        return label + "(" + String.join(", ", Arrays.stream(rest).map(Wave::print).toList()) + ") -> "
                + Wave.print(h.invoke("kv", iface, fn, args).orElseThrow());
    }

    private static Value bytes(String s) {
        return Value.ListValue.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }
}
