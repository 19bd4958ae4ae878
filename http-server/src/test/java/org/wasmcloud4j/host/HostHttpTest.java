package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.lattice.Link;

/** The host's HTTP server routes requests to wasi:http components by Host header and path prefix. */
class HostHttpTest {
    private static final String WEB = "classpath:org/wasmcloud4j/fixtures/wat-http.component.wasm";

    @Test
    void requestsAreRoutedToComponentsByHostHeaderAndPath() throws Exception {
        try (Host h = Host.builder().engineMode(Engine.Mode.COMPILED).build();
                HttpRouter router = h.serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            h.startComponent("web", WEB, 4);
            router.routePath("/hello", "web").routeHost("down.test", "ghost");
            String base = "http://127.0.0.1:" + router.address().getPort();
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/hello?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isNotBlank();

            HttpResponse<String> none = client.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(none.body()).contains("no route for /other");

            // the JDK client will not set Host: a raw request does
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", router.address().getPort())) {
                s.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: down.test\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String down = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(down).startsWith("HTTP/1.1 500").contains("no component").contains("'ghost'");   // nowhere in the lattice
            }
        }
    }

    /**
     * The README's main job as a test: an HTTP component (WAT) counts visitors through a link to a JavaScript
     * component that keeps the counts in the host's key-value store.
     */
    @Test
    void anHttpComponentCountsThroughALinkedKeyValueComponent() throws Exception {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build();
                HttpRouter router = h.serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            h.startComponent("counter", "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm", 2);
            h.startComponent("web", "classpath:org/wasmcloud4j/fixtures/wat-http-counter.component.wasm", 4);
            h.putLink(Link.of("web", "counter", "example:counter", "counter"));
            router.routePath("/", "web");
            String base = "http://127.0.0.1:" + router.address().getPort();
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder transcript = new StringBuilder();
            for (String path : new String[] {"/hello/Alice", "/hello/Alice?again=1", "/Bob", "/"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                transcript.append("GET ").append(path).append(" -> ").append(r.statusCode()).append(' ')
                        .append(r.headers().firstValue("content-type").orElse("")).append('\n').append(r.body());
            }
            assertThat(transcript.toString()).isEqualTo(org.wasmcloud4j.fixtures.Fixtures.text(
                    "wat-http-counter.component.expected-responses.txt").orElseThrow());
            assertThat(h.keyValue("counts", "Alice")).map(String::new).contains("2");
        }
    }

    /** HTTP requests and message deliveries run on the executor the host was built with; the caller keeps it. */
    @Test
    void requestsAndDeliveriesRunOnTheGivenExecutor() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor counting = task -> pool.execute(() -> {
            ran.incrementAndGet();
            task.run();
        });
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).executor(counting).build();
                HttpRouter router = h.serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            h.startComponent("web", WEB, 2);
            h.startComponent("echo", "classpath:org/wasmcloud4j/fixtures/wat-echo-handler.component.wasm", 2);
            router.routePath("/", "web");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + router.address().getPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            int afterHttp = ran.get();
            assertThat(afterHttp).isPositive();
            h.subscribe("echo", "e.>");
            assertThat(h.request("e.x", new byte[] {1}, java.time.Duration.ofSeconds(10))).containsExactly(1);
            assertThat(ran.get()).isGreaterThan(afterHttp);
        }
        assertThat(pool.isShutdown()).isFalse();   // the host does not shut down the caller's executor
        pool.shutdownNow();
    }

    @Test
    void hostHeaderFirstThenTheLongestPathPrefix() throws Exception {
        try (Host h = Host.builder().build();
                HttpRouter router = h.serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            router.routePath("/", "root").routePath("/api", "api").routePath("/api/v2", "v2")
                    .routeHost("shop.example", "shop");
            assertThat(router.route(null, "/")).contains("root");
            assertThat(router.route(null, "/apiary")).contains("root");
            assertThat(router.route(null, "/api")).contains("api");
            assertThat(router.route(null, "/api/v1/x")).contains("api");
            assertThat(router.route(null, "/api/v2/x")).contains("v2");
            assertThat(router.route("Shop.Example:8080", "/api")).contains("shop");
            assertThat(router.route("other.example", "/api")).contains("api");
            router.routePath("/static/", "files");   // a prefix ending in '/' matches below it, not the bare name
            assertThat(router.route(null, "/static/")).contains("files");
            assertThat(router.route(null, "/static/a.css")).contains("files");
            assertThat(router.route(null, "/static")).contains("root");
            assertThat(router.route(null, "/api/")).contains("api");
        }
    }
}
