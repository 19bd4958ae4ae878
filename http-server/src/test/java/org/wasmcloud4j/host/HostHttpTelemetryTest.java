package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;

/** Trace context through the host's HTTP router, on an OpenTelemetry SDK that records in memory. */
class HostHttpTelemetryTest {
    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    /**
     * W3C trace context crosses the JVM both ways: an incoming request's {@code traceparent} parents the invocation
     * serving it, and a component's outgoing request carries its invocation's trace.
     */
    @Test
    void traceContextArrivesWithHttpRequestsAndLeavesWithOutgoingOnes() throws Exception {
        com.sun.net.httpserver.HttpServer backend = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        backend.createContext("/", ex -> {
            seen.add(String.valueOf(ex.getRequestHeaders().getFirst("traceparent")));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        backend.start();
        String authority = "127.0.0.1:" + backend.getAddress().getPort();
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).openTelemetry(OTEL.getOpenTelemetry())
                .wasi(org.wasmcloud4j.wasi.WasiConfig.builder().allowHttp(authority).build()).build();
                HttpRouter router = h.serveHttp(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            h.startComponent("web", "classpath:org/wasmcloud4j/fixtures/wat-http.component.wasm", 1);
            h.startComponent("client", "classpath:org/wasmcloud4j/fixtures/wat-http-client.component.wasm", 1);
            router.routePath("/", "web");
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + router.address().getPort() + "/traced"))
                            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            SpanData served = spanOf("web");   // it ends just after the response went out
            assertThat(served.getTraceId()).isEqualTo(traceId);
            assertThat(served.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(served.getParentSpanContext().isRemote()).isTrue();

            h.invoke("client", "fetch", new Value.Str(authority), new Value.Str("/x"));
            SpanData fetching = spanOf("client");
            assertThat(seen).containsExactly("00-" + fetching.getTraceId() + "-" + fetching.getSpanId() + "-"
                    + fetching.getSpanContext().getTraceFlags().asHex());
        } finally {
            backend.stop(0);
        }
    }

    private static SpanData spanOf(String componentId) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            java.util.Optional<SpanData> span = OTEL.getSpans().stream()
                    .filter(s -> componentId.equals(s.getAttributes().get(HostTelemetry.COMPONENT_ID))).findFirst();
            if (span.isPresent() || System.nanoTime() > until) {
                return span.orElseThrow();
            }
            Thread.sleep(10);
        }
    }
}
