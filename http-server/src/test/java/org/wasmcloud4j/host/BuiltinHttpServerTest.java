package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.host.lattice.Link;

/** wasmCloud's built-in HTTP server provider, address mode: links from it serve components on their addresses. */
class BuiltinHttpServerTest {
    private static final String WEB = "classpath:org/wasmcloud4j/fixtures/wat-http.component.wasm";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private boolean answers(int port) {
        try {
            return get(port, "/hello").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aLinkFromTheProviderServesItsComponentOnTheLinksAddressUntilItIsDeleted() throws Exception {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        int port = freePort();
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add).build()) {
            h.startComponent("web", WEB, 2);
            h.startProvider("http", BuiltinHttpServer.REF, List.of(), Map.of("team", "a"));
            assertThat(events).filteredOn(e -> e.name().equals("provider_started")).singleElement()
                    .satisfies(e -> assertThat(e.field("image_ref").asText()).isEqualTo(BuiltinHttpServer.REF));
            assertThat(h.providerIds()).containsExactly("http");
            assertThat(h.inventory().path("providers").get(0).path("image_ref").asText())
                    .isEqualTo(BuiltinHttpServer.REF);

            h.putConfig("web-addr", Map.of("address", "127.0.0.1:" + port));
            h.putLink(new Link("http", "web", "default", "wasi", "http", List.of("incoming-handler"),
                    List.of("web-addr"), List.of()));
            await("served", () -> answers(port));
            HttpResponse<String> r = get(port, "/hello?x=1");
            assertThat(r.body()).isEqualTo("hello from WAT: /hello?x=1\n");

            h.deleteLink("http", "default", "wasi", "http");
            await("no longer served", () -> !answers(port));

            assertThat(h.stopProvider("http")).isTrue();
            assertThat(h.providerIds()).isEmpty();
            assertThat(events).anyMatch(e -> e.name().equals("provider_stopped"));
        }
    }

    @Test
    void nativeProviderArchivesAndOtherRoutingModesAreRefusedWithAnEvent() {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add).build()) {
            assertThatThrownBy(() -> h.startProvider("kv", "ghcr.io/wasmcloud/keyvalue-redis:0.28.1", List.of(),
                    Map.of())).isInstanceOf(HostException.class).hasMessageContaining("JVM");
            h.putConfig("paths", Map.of("routing_mode", "path"));
            assertThatThrownBy(() -> h.startProvider("http", BuiltinHttpServer.REF, List.of("paths"), Map.of()))
                    .isInstanceOf(HostException.class).hasMessageContaining("routing_mode");
            assertThat(events).filteredOn(e -> e.name().equals("provider_start_failed")).hasSize(2);
            assertThat(h.providerIds()).isEmpty();
            assertThat(h.stopProvider("kv")).isFalse();
        }
    }
}
