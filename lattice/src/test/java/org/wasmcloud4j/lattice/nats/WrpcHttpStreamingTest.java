package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HttpRouter;
import org.wasmcloud4j.http.HttpServerOptions;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcClientCall;

/**
 * HTTP bodies over {@code wrpc:http/incoming-handler@0.1.0.handle} stream in chunks (pending {@code stream<u8>} on
 * {@code params.0.0} and {@code results.0.0}) instead of being held whole: a request body larger than the wRPC
 * buffer bound reaches a component on another host, and a response body that breaks off reaches the HTTP client as
 * a broken response.
 */
class WrpcHttpStreamingTest extends NatsHostsTest {
    private static final String WEB = "classpath:org/wasmcloud4j/fixtures/wat-http.component.wasm";
    private static final String FAULTY = "classpath:org/wasmcloud4j/fixtures/wat-http-faulty.component.wasm";

    private Host host() {
        return host("w", Engine.Mode.INTERPRETER);
    }

    @Test
    void aRequestBodyLargerThanTheWrpcBufferBoundReachesAComponentOnAnotherHost() throws Exception {
        Host b = host();
        b.startComponent("web", WEB, 1);
        Host a = host();
        try (HttpRouter router = a.serveHttp(new InetSocketAddress("127.0.0.1", 0),
                HttpServerOptions.builder().maxBodySize(128L << 20).build())) {
            router.routePath("/", "web");   // web runs on b only
            HttpClient http = HttpClient.newHttpClient();
            byte[] body = new byte[40 << 20];   // was refused with 413 while bodies were held whole (16 MiB)
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + router.address().getPort() + "/up")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello from WAT: /up\n");
        }
    }

    @Test
    void aComponentServedOverWrpcHttpTakesAndGivesPendingBodies() throws Exception {
        Host b = host();
        b.startComponent("web", WEB, 1);
        Map<String, Value> req = new LinkedHashMap<>();
        req.put("body", Value.ListValue.ofBytes(new byte[0]));   // pending
        req.put("trailers", new Value.OptionValue(Optional.empty()));   // pending too: sent after the body
        req.put("method", new Value.VariantValue("post", Optional.empty()));
        req.put("path-with-query", new Value.OptionValue(Optional.of(new Value.Str("/java"))));
        req.put("scheme", new Value.OptionValue(Optional.of(new Value.VariantValue("HTTP", Optional.empty()))));
        req.put("authority", new Value.OptionValue(Optional.of(new Value.Str("x"))));
        req.put("headers", new Value.ListValue(List.of()));
        try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("w").build();
                WrpcClientCall call = client.start("web", WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                        WrpcHttpMapping.HANDLE, List.of(new Value.RecordValue(req)), InvokeOptions.defaults())) {
            try (OutputStream out = call.paramBytes(IndexPath.of(0, 0))) {
                out.write(new byte[20 << 20]);
            }
            call.paramFuture(IndexPath.of(0, 1), new Value.OptionValue(Optional.empty()));
            Value.ResultValue r = (Value.ResultValue) call.results().get(0);
            assertThat(r.isOk()).isTrue();
            Map<String, Value> resp = ((Value.RecordValue) r.payload().orElseThrow()).fields();
            assertThat(resp.get("status")).isEqualTo(new Value.Int(PrimitiveType.U16, 200));
            assertThat(resp.get("body")).isEqualTo(Value.ListValue.ofBytes(new byte[0]));   // pending
            try (InputStream in = call.resultBytes(IndexPath.of(0, 0))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from WAT: /java\n");
            }
        }
    }

    @Test
    void aResponseBodyThatBreaksOffOnHostBReachesTheHttpClientAsABrokenResponse() throws Exception {
        Host b = host();
        b.startComponent("faulty", FAULTY, 1);
        Host a = host();
        try (HttpRouter router = a.serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            router.routePath("/", "faulty");
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + router.address().getPort());
            // the component sets 200, writes "partial" and traps: the body must not look complete
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(base.resolve("/trap"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            HttpResponse<String> fine = http.send(HttpRequest.newBuilder(base.resolve("/fine"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fine.statusCode()).isEqualTo(200);
        }
    }
}
