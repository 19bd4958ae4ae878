package org.wasmcloud4j.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;

/**
 * How responses are framed on the wire: a response that is whole when it goes out is one message with a content
 * length, even when its handler began it without one; a response still open after a flush streams, chunked.
 */
class ResponseFramingTest {
    private static final List<Map.Entry<String, byte[]>> TEXT = List.of(Map.entry("content-type",
            "text/plain".getBytes(StandardCharsets.ISO_8859_1)));

    private static HttpServer start(HttpHandler handler) throws IOException {
        return new NettyHttpServerProvider().start(new InetSocketAddress("127.0.0.1", 0), HttpServerOptions.defaults(),
                handler, null);
    }

    @Test
    void aResponseWholeBeforeItGoesOutIsFramedByItsLengthThoughBegunWithout() throws Exception {
        HttpHandler h = exchange -> {
            try (OutputStream out = exchange.respond(200, TEXT, -1)) {   // length unknown when it began
                out.write("hel".getBytes(StandardCharsets.US_ASCII));
                out.write("lo".getBytes(StandardCharsets.US_ASCII));
            }
        };
        try (HttpServer server = start(h)) {
            String r = HttpServerLimitsTest.exchange(server, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200 ").contains("content-length: 5\r\n")
                    .doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\nhello");
            // keep-alive: two in a row on one connection, each framed by its length
            String two = HttpServerLimitsTest.exchange(server, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(two.split("content-length: 5\r\n", -1)).hasSize(3);
            assertThat(two).endsWith("\r\n\r\nhello");
        }
    }

    @Test
    void aResponseStillOpenAfterAFlushStreamsChunkedAndEndsCleanly() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        HttpHandler h = exchange -> {
            try (OutputStream out = exchange.respond(200, TEXT, -1)) {
                out.write("first|".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    assertThat(firstSeen.await(10, TimeUnit.SECONDS)).isTrue();   // the client got it before the end
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write("second".getBytes(StandardCharsets.US_ASCII));
            }
        };
        try (HttpServer server = start(h); Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!got.toString().contains("first|")) {
                int n = in.read(buf);
                assertThat(n).as("the flushed part arrives while the handler waits").isPositive();
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            firstSeen.countDown();
            got.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            assertThat(got.toString()).startsWith("HTTP/1.1 200 ").contains("transfer-encoding: chunked\r\n")
                    .doesNotContain("content-length").contains("second").endsWith("\r\n0\r\n\r\n");
        }
    }

    @Test
    void aWholeResponseToHeadHasNoBody() throws Exception {
        HttpHandler h = exchange -> {
            try (OutputStream out = exchange.respond(200, TEXT, -1)) {
                out.write("body-of-get".getBytes(StandardCharsets.US_ASCII));
            }
        };
        try (HttpServer server = start(h)) {
            String r = HttpServerLimitsTest.exchange(server, "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            // the HEAD answer is a head only; the GET after it on the same connection still parses
            assertThat(r.split("HTTP/1.1 200 ", -1)).hasSize(3);
            assertThat(r.split("body-of-get", -1)).hasSize(2);
            assertThat(r).endsWith("\r\n\r\nbody-of-get");
        }
    }

    @Test
    void largeAndManySmallWritesArriveIntactWhateverTheFraming() throws Exception {
        byte[] big = new byte[300 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        HttpHandler h = exchange -> {
            boolean many = exchange.request().path().equals("/many");
            try (OutputStream out = exchange.respond(200, TEXT, many ? -1 : big.length)) {
                if (many) {
                    for (int i = 0; i < 1000; i++) {
                        out.write(big, i * 7, 7);
                    }
                } else {
                    for (int off = 0; off < big.length; off += 10_000) {
                        out.write(big, off, Math.min(10_000, big.length - off));
                    }
                }
            }
        };
        try (HttpServer server = start(h)) {
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
            HttpResponse<byte[]> all = client.send(HttpRequest.newBuilder(base.resolve("/all")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(all.body()).isEqualTo(big);
            HttpResponse<byte[]> many = client.send(HttpRequest.newBuilder(base.resolve("/many")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(many.body()).isEqualTo(Arrays.copyOf(big, 7000));
        }
    }
}
