package org.wasmcloud4j.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;

/**
 * HTTP/1.1 trailers: a chunked request's trailer fields reach the handler once its body was read, and the trailers a
 * handler gives end a chunked response; framing fields and those a trailer must not carry are dropped either way.
 */
class TrailersTest {
    private static HttpServer start(HttpHandler handler) throws IOException {
        return new NettyHttpServerProvider().start(new InetSocketAddress("127.0.0.1", 0), HttpServerOptions.defaults(),
                handler, null);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aChunkedRequestsTrailersReachTheHandlerAndItsTrailersEndTheResponse() throws Exception {
        CompletableFuture<List<Map.Entry<String, byte[]>>> seen = new CompletableFuture<>();
        HttpHandler h = exchange -> {
            byte[] body = exchange.body().readAllBytes();
            try {
                seen.complete(exchange.requestTrailers().toCompletableFuture().get(5, TimeUnit.SECONDS));
            } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
                seen.completeExceptionally(e);
            }
            try (OutputStream out = exchange.respond(200, List.of(), -1)) {
                out.write(body);
                out.flush();
                exchange.responseTrailers(List.of(Map.entry("x-checksum", ascii("abc")),
                        Map.entry("content-length", ascii("99")), Map.entry("Set-Cookie", ascii("a=b"))));
            }
        };
        try (HttpServer server = start(h)) {
            String r = HttpServerLimitsTest.exchange(server, "POST / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\nTE: trailers\r\n\r\n"
                    + "5\r\nhello\r\n0\r\nX-Sum: 42\r\nHost: evil\r\nx-other: 1\r\n\r\n");
            List<Map.Entry<String, byte[]>> trailers = seen.get(10, TimeUnit.SECONDS);
            assertThat(trailers).extracting(Map.Entry::getKey).containsExactly("x-sum", "x-other");
            assertThat(new String(trailers.get(0).getValue(), StandardCharsets.ISO_8859_1)).isEqualTo("42");
            assertThat(r).startsWith("HTTP/1.1 200 ").containsIgnoringCase("transfer-encoding: chunked")
                    .contains("hello").contains("\r\n0\r\nx-checksum: abc\r\n\r\n")
                    .doesNotContain("99").doesNotContainIgnoringCase("set-cookie");
        }
    }

    @Test
    void aRequestWithoutTrailersHasNoneAndAResponseOfKnownLengthDropsThem() throws Exception {
        CompletableFuture<List<Map.Entry<String, byte[]>>> seen = new CompletableFuture<>();
        HttpHandler h = exchange -> {
            exchange.body().readAllBytes();
            try {
                seen.complete(exchange.requestTrailers().toCompletableFuture().get(5, TimeUnit.SECONDS));
            } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
                seen.completeExceptionally(e);
            }
            try (OutputStream out = exchange.respond(200, List.of(), 2)) {
                out.write(ascii("ok"));
                exchange.responseTrailers(List.of(Map.entry("x-late", ascii("1"))));   // nowhere to carry them
            }
        };
        try (HttpServer server = start(h)) {
            String r = HttpServerLimitsTest.exchange(server, "POST / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "Content-Length: 3\r\n\r\nabc");
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(r).contains("content-length: 2\r\n").endsWith("\r\n\r\nok").doesNotContain("x-late");
        }
    }

    @Test
    void aBodyThatNeverEndsFailsItsTrailersInsteadOfLeavingThemPending() throws Exception {
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        HttpHandler h = exchange -> {
            exchange.requestTrailers().whenComplete((t, e) -> failed.complete(
                    e instanceof java.util.concurrent.CompletionException ? e.getCause() : e));
            try {
                exchange.body().readAllBytes();
            } catch (IOException e) {
                // the client went away mid-body
            }
            exchange.respond(200, List.of(), 0).close();
        };
        try (HttpServer server = start(h);
                java.net.Socket s = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            s.getOutputStream().write(ascii("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhel"));
            s.getOutputStream().flush();
            Thread.sleep(200);
            s.close();   // half a chunk, then gone
            assertThat(failed.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("went away");
        }
    }
}
