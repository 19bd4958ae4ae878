package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.http;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.none;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.ok;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.some;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcClientCall;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * Trailers over {@code wrpc:http@0.1.0} ({@code future<option<fields>>}, field 1 of request and response) both ways:
 * trailers a wRPC caller sends with a request reach a component served as {@code wrpc:http/incoming-handler}
 * through {@code incoming-body.finish} and {@code future-trailers} ({@code wat-http-trailers} hands them back), and
 * its response trailers go out in the results; a component's outgoing request linked to a provider elsewhere sends
 * the trailers it finishes its body with, and gets the response's trailers ({@code wat-http-api}).
 */
class WrpcHttpTrailersTest extends NatsHostsTest {
    private static final String TRAILERS = "classpath:org/wasmcloud4j/fixtures/wat-http-trailers.component.wasm";
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-http-api.component.wasm";

    private static final List<Map.Entry<String, byte[]>> SENT = List.of(
            Map.entry("x-checksum", "c0ffee".getBytes(StandardCharsets.US_ASCII)),
            Map.entry("x-part", "a".getBytes(StandardCharsets.US_ASCII)),
            Map.entry("x-part", "b".getBytes(StandardCharsets.US_ASCII)));

    private static Value.RecordValue request(byte[] readyBody, Value trailers) {
        Map<String, Value> req = new LinkedHashMap<>();
        req.put("body", Value.ListValue.ofBytes(readyBody));   // empty: pending
        req.put("trailers", trailers);
        req.put("method", new Value.VariantValue("post", Optional.empty()));
        req.put("path-with-query", new Value.OptionValue(Optional.of(new Value.Str("/t"))));
        req.put("scheme", new Value.OptionValue(Optional.of(new Value.VariantValue("HTTP", Optional.empty()))));
        req.put("authority", new Value.OptionValue(Optional.of(new Value.Str("x"))));
        req.put("headers", new Value.ListValue(List.of()));
        return new Value.RecordValue(req);
    }

    private static String text(List<Map.Entry<String, byte[]>> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach(e -> b.append(e.getKey()).append('=').append(new String(e.getValue(),
                StandardCharsets.US_ASCII)).append(';'));
        return b.toString();
    }

    /** The response of one call: status, the body's first 8 bytes as a little-endian length, the trailers. */
    private static String answer(WrpcClientCall call) throws Exception {
        Value.ResultValue r = (Value.ResultValue) call.results().get(0);
        assertThat(r.isOk()).as("%s", r).isTrue();
        Map<String, Value> resp = ((Value.RecordValue) r.payload().orElseThrow()).fields();
        byte[] body;
        try (InputStream in = call.resultBytes(WrpcHttpMapping.BODY)) {
            body = in.readAllBytes();
        }
        assertThat(resp.get("trailers")).as("the response trailers go pending").isEqualTo(
                WrpcHttpTypes.PENDING_TRAILERS);
        Value trailers = call.resultFuture(WrpcHttpTypes.TRAILERS);
        return ((Value.Int) resp.get("status")).value() + " "
                + ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getLong() + " "
                + text(WrpcHttpTypes.trailerEntries(trailers));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "INTERPRETER"})
    void trailersAWrpcCallerSendsReachTheComponentAndItsResponseTrailersComeBack(Engine.Mode mode) throws Exception {
        Host b = host("t", mode);
        b.startComponent("tr", TRAILERS, 1);
        try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("t").build()) {
            // pending body (3 MiB) and pending trailers, sent after it
            try (WrpcClientCall call = client.start("tr", WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                    WrpcHttpMapping.HANDLE, List.of(request(new byte[0], WrpcHttpTypes.PENDING_TRAILERS)),
                    InvokeOptions.defaults())) {
                try (OutputStream out = call.paramBytes(WrpcHttpMapping.BODY)) {
                    out.write(new byte[3 << 20]);
                }
                call.paramFuture(WrpcHttpTypes.TRAILERS, WrpcHttpTypes.trailers(SENT));
                assertThat(answer(call)).isEqualTo("200 " + (3 << 20) + " x-checksum=c0ffee;x-part=a;x-part=b;");
            }
            // a ready body and ready trailers ("none")
            try (WrpcClientCall call = client.start("tr", WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                    WrpcHttpMapping.HANDLE, List.of(request(new byte[] {1, 2, 3}, WrpcHttpTypes.NO_TRAILERS)),
                    InvokeOptions.defaults())) {
                assertThat(answer(call)).isEqualTo("200 3 ");
            }
            // ready trailers with fields
            try (WrpcClientCall call = client.start("tr", WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                    WrpcHttpMapping.HANDLE, List.of(request(new byte[] {9}, new Value.OptionValue(Optional.of(
                            WrpcHttpTypes.trailers(SENT.subList(0, 1)))))), InvokeOptions.defaults())) {
                assertThat(answer(call)).isEqualTo("200 1 x-checksum=c0ffee;");
            }
        }
    }

    /**
     * The caller goes away after the body, before its trailers: the component's trailers fail (it answers 500 to
     * nobody) instead of waiting for them, its instance is released, and the host keeps serving.
     */
    @Test
    void aCallerThatVanishesBeforeItsTrailersDoesNotHangTheComponent() throws Exception {
        Host b = host("t", Engine.Mode.INTERPRETER);
        b.startComponent("tr", TRAILERS, 1);
        try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("t").build()) {
            WrpcClientCall gone = client.start("tr", WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                    WrpcHttpMapping.HANDLE, List.of(request(new byte[0], WrpcHttpTypes.PENDING_TRAILERS)),
                    InvokeOptions.defaults());
            try (OutputStream out = gone.paramBytes(WrpcHttpMapping.BODY)) {
                out.write(new byte[1000]);
            }
            gone.close();   // the trailers still owed are aborted
            // the one instance slot is free again: the next request is answered
            try (WrpcClientCall call = client.start("tr", WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                    WrpcHttpMapping.HANDLE, List.of(request(new byte[] {1}, WrpcHttpTypes.NO_TRAILERS)),
                    InvokeOptions.defaults())) {
                assertThat(answer(call)).isEqualTo("200 1 ");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "INTERPRETER"})
    void aComponentsOutgoingRequestSendsItsTrailersAndGetsTheResponses(Engine.Mode mode) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        WrpcServer provider = WrpcServer.builder().server(nats.url()).lattice("t").build();
        closing.add(provider);
        provider.serveStreaming("http-client", WrpcOutgoingHttp.INSTANCE, WrpcOutgoingHttp.FUNCTION,
                WrpcOutgoingHttp.HANDLE, call -> {
                    Map<String, Value> req = ((Value.RecordValue) call.params().get(0)).fields();
                    byte[] body;
                    try (InputStream in = call.paramBytes(WrpcHttpMapping.BODY)) {
                        body = in.readAllBytes();
                    }
                    assertThat(req.get("trailers")).isEqualTo(WrpcHttpTypes.PENDING_TRAILERS);
                    seen.add(new String(body, StandardCharsets.UTF_8) + " "
                            + text(WrpcHttpTypes.trailerEntries(call.paramFuture(WrpcHttpTypes.TRAILERS))));
                    Map<String, Value> resp = new LinkedHashMap<>();
                    resp.put("body", Value.ListValue.ofBytes(new byte[0]));
                    resp.put("trailers", WrpcHttpTypes.PENDING_TRAILERS);
                    resp.put("status", new Value.Int(PrimitiveType.U16, 200));
                    resp.put("headers", new Value.ListValue(List.of()));
                    call.sendResults(List.of(Value.ResultValue.ok(new Value.RecordValue(resp))));
                    try (OutputStream out = call.resultBytes(WrpcHttpMapping.BODY)) {
                        out.write("world".getBytes(StandardCharsets.UTF_8));
                    }
                    call.resultFuture(WrpcHttpTypes.TRAILERS, WrpcHttpTypes.trailers(List.of(Map.entry("x-served-by",
                            "java".getBytes(StandardCharsets.US_ASCII)))));
                });
        Host a = host("t", mode);
        a.startComponent("api", API, 1);
        a.putLink(new Link("api", "http-client", "default", "wasi", "http", List.of("outgoing-handler"), List.of(),
                List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);

        Value req = http(a, "[constructor]outgoing-request", http(a, "[constructor]fields"));
        ok(http(a, "[method]outgoing-request.set-method", req, new Value.VariantValue("post", Optional.empty())));
        ok(http(a, "[method]outgoing-request.set-authority", req, some(new Value.Str("upstream.example"))));
        Value body = ok(http(a, "[method]outgoing-request.body", req));
        Value out = ok(http(a, "[method]outgoing-body.write", body));
        Value future = ok(a.invoke("api", "http-handler", "handle", List.of(req, none())).orElseThrow());
        ok(a.invoke("api", "io-streams", "[method]output-stream.blocking-write-and-flush", List.of(out,
                Value.ListValue.ofBytes("hello".getBytes(StandardCharsets.UTF_8)))).orElseThrow());
        ((Value.Handle) out).resource().drop();
        Value trailers = ok(http(a, "[static]fields.from-list", new Value.ListValue(List.of(
                new Value.TupleValue(List.of(new Value.Str("x-sum"), Value.ListValue.ofBytes(new byte[] {'4', '2'})))))));
        ok(http(a, "[static]outgoing-body.finish", body, some(trailers)));

        a.invoke("api", "io-poll", "[method]pollable.block", List.of(http(a,
                "[method]future-incoming-response.subscribe", future)));
        Value response = ok(ok(((Value.OptionValue) http(a, "[method]future-incoming-response.get", future)).value()
                .orElseThrow()));
        Value ibody = ok(http(a, "[method]incoming-response.consume", response));
        Value in = ok(http(a, "[method]incoming-body.stream", ibody));
        StringBuilder got = new StringBuilder();
        while (true) {
            Value.ResultValue r = (Value.ResultValue) a.invoke("api", "io-streams",
                    "[method]input-stream.blocking-read", List.of(in, new Value.Int(PrimitiveType.U64, 1024)))
                    .orElseThrow();
            if (!r.isOk()) {
                assertThat(((Value.VariantValue) r.payload().orElseThrow()).caseName()).isEqualTo("closed");
                break;
            }
            got.append(new String(((Value.ListValue) r.payload().orElseThrow()).toByteArray(),
                    StandardCharsets.UTF_8));
        }
        ((Value.Handle) in).resource().drop();
        Value ftr = http(a, "[static]incoming-body.finish", ibody);
        a.invoke("api", "io-poll", "[method]pollable.block", List.of(http(a, "[method]future-trailers.subscribe",
                ftr)));
        Value fields = ((Value.OptionValue) ok(ok(((Value.OptionValue) http(a, "[method]future-trailers.get", ftr))
                .value().orElseThrow()))).value().orElseThrow();
        Value.ListValue entries = (Value.ListValue) http(a, "[method]fields.entries", fields);
        assertThat(got.toString()).isEqualTo("world");
        assertThat(seen).containsExactly("hello x-sum=42;");
        assertThat(entries.elements()).hasSize(1);
        List<Value> e = ((Value.TupleValue) entries.elements().get(0)).elements();
        assertThat(e.get(0)).isEqualTo(new Value.Str("x-served-by"));
        assertThat(new String(((Value.ListValue) e.get(1)).toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("java");
        // a second get is an error, not the trailers again
        assertThat(((Value.OptionValue) http(a, "[method]future-trailers.get", ftr)).value().map(v ->
                ((Value.ResultValue) v).isOk())).contains(false);
    }

    /**
     * HTTP on host A routed to the component on host B: the chunked request's trailers go over wRPC pending after
     * the body ({@code params.0.1}), and the component's response trailers end A's chunked response.
     */
    @Test
    void anHttpRequestsTrailersCrossToAComponentOnAnotherHostAndItsTrailersComeBack() throws Exception {
        Host b = host("w", Engine.Mode.INTERPRETER);
        b.startComponent("t", TRAILERS, 1);
        Host a = host("w", Engine.Mode.INTERPRETER);
        try (org.wasmcloud4j.host.HttpRouter router = a.serveHttp(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            router.routePath("/", "t");   // t runs on b only
            String r;
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", router.address().getPort())) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("POST /up HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                        + "Transfer-Encoding: chunked\r\nTE: trailers\r\n\r\n"
                        + "3\r\nabc\r\n0\r\nx-checksum: c0ffee\r\nx-part: a\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            assertThat(r).startsWith("HTTP/1.1 200 ").contains("x-checksum: c0ffee\r\n").contains("x-part: a\r\n");
        }
    }
}
