package org.wasmcloud4j.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.http.HttpExchange;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpRequestHead;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;

/** Every limit of {@link HttpServerOptions}, over real sockets, with a plain handler that echoes the body's size. */
class HttpServerLimitsTest {
    /** Answers "<method> <path> <body bytes>" and records the thread it ran on. */
    private static final class Echo implements HttpHandler {
        final AtomicReference<String> thread = new AtomicReference<>();
        final long routeLimit;

        Echo(long routeLimit) {
            this.routeLimit = routeLimit;
        }

        @Override
        public long maxBodySize(HttpRequestHead head) {
            return head.path().startsWith("/small") ? routeLimit : -1;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            thread.set(Thread.currentThread().getName());
            long n = exchange.body().transferTo(OutputStream.nullOutputStream());
            exchange.respondText(200, exchange.request().method() + " " + exchange.request().path() + " " + n);
        }
    }

    private static HttpServer start(HttpServerOptions options, HttpHandler handler) throws IOException {
        return new NettyHttpServerProvider().start(new InetSocketAddress("127.0.0.1", 0), options, handler, null);
    }

    /** Sends {@code request} on a new connection and reads until the server closes it (at most 10 s). */
    static String exchange(HttpServer server, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Whether the server closes {@code s} within {@code within} (reads -1 or a reset). */
    static boolean closedWithin(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // drain whatever the server still sends
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;   // reset
        }
    }

    @Test
    void answersPlainRequestsOnInvocationThreadsNotIoThreads() throws Exception {
        Echo echo = new Echo(10);
        try (HttpServer server = start(HttpServerOptions.defaults(), echo)) {
            String r = exchange(server, "POST /x?q=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close"
                    + "\r\n\r\nhello");
            assertThat(r).startsWith("HTTP/1.1 200 ").endsWith("POST /x 5");
            assertThat(echo.thread.get()).startsWith("wasmcloud4j-http-invoke-");
        }
    }

    @Test
    void unsupportedHttpVersionsGet505() throws Exception {
        try (HttpServer server = start(HttpServerOptions.defaults(), new Echo(10))) {
            assertThat(exchange(server, "GET / HTTP/9.9\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 505 ");
            assertThat(exchange(server, "GET / HTTP/2.0\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 505 ");
            assertThat(exchange(server, "GET / HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aHeadLargerThanTheLimitGets431() throws Exception {
        try (HttpServer server = start(HttpServerOptions.builder().maxHeaderSize(1024).build(), new Echo(10))) {
            assertThat(exchange(server, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431 ");
            assertThat(exchange(server, "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: a\r\n\r\n"))
                    .startsWith("HTTP/1.1 414 ");
            assertThat(exchange(server, "GET / HTTP/1.1\r\nHost: a\r\nX-Ok: " + "a".repeat(500)
                    + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void bodiesLargerThanTheRouteOrServerLimitGet413() throws Exception {
        try (HttpServer server = start(HttpServerOptions.builder().maxBodySize(100).build(), new Echo(10))) {
            // declared too large: refused before the handler reads anything
            assertThat(exchange(server, "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
                    + "x".repeat(11))).startsWith("HTTP/1.1 413 ");
            // chunked, too large only once it arrives
            assertThat(exchange(server, "POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n")).startsWith("HTTP/1.1 413 ");
            // the server's limit elsewhere
            assertThat(exchange(server, "POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nConnection: close"
                    + "\r\n\r\n" + "x".repeat(100))).startsWith("HTTP/1.1 200 ").endsWith("POST /big 100");
            assertThat(exchange(server, "POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n"
                    + "x".repeat(101))).startsWith("HTTP/1.1 413 ");
            assertThat(exchange(server, "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nConnection: "
                    + "close\r\n\r\n" + "x".repeat(10))).startsWith("HTTP/1.1 200 ").endsWith("POST /small 10");
        }
    }

    @Test
    void aHeadThatTakesTooLongIsClosedAndAnIdleConnectionToo() throws Exception {
        HttpServerOptions options = HttpServerOptions.builder().headerTimeout(Duration.ofMillis(500))
                .idleTimeout(Duration.ofMillis(1500)).build();
        try (HttpServer server = start(options, new Echo(10))) {
            try (Socket slow = new Socket("127.0.0.1", server.address().getPort())) {
                slow.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                assertThat(closedWithin(slow, Duration.ofSeconds(5))).isTrue();
            }
            // idle: a connection that sends nothing stays up past the head timeout, then the idle timeout ends it
            try (Socket idle = new Socket("127.0.0.1", server.address().getPort())) {
                assertThat(closedWithin(idle, Duration.ofMillis(1000))).isFalse();
                assertThat(closedWithin(idle, Duration.ofSeconds(5))).isTrue();
            }
            // after a complete request, keep-alive lasts until the idle timeout
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                s.getOutputStream().write("GET /a HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(5000);
                byte[] buf = new byte[4096];
                int n = s.getInputStream().read(buf);
                assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
                assertThat(closedWithin(s, Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    /**
     * The head timer is not cancelled per request (it lapses or re-arms when it fires): heads that each complete in
     * time keep a connection up for longer than the timeout, and a slow head that began after the one that armed the
     * timer gets its own full timeout, then is closed.
     */
    @Test
    void everyHeadGetsItsOwnTimeoutOnAKeptAliveConnection() throws Exception {
        HttpServerOptions options = HttpServerOptions.builder().headerTimeout(Duration.ofMillis(600))
                .idleTimeout(Duration.ofSeconds(30)).build();
        try (HttpServer server = start(options, new Echo(10));
                Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < 1_500_000_000L) {   // 2.5 timeouts of quick heads
                assertThat(keepAliveRequest(s)).startsWith("HTTP/1.1 200 ");
                Thread.sleep(100);
            }
            // a slow head 400 ms after a quick one: the timer the quick one armed fires first, must not close it
            assertThat(keepAliveRequest(s)).startsWith("HTTP/1.1 200 ");
            Thread.sleep(400);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedWithin(s, Duration.ofMillis(350))).isFalse();
            assertThat(closedWithin(s, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void connectionsPastTheLimitGet503AndTheOthersKeepWorking() throws Exception {
        try (HttpServer server = start(HttpServerOptions.builder().maxConnections(2).build(), new Echo(10));
                Socket a = new Socket("127.0.0.1", server.address().getPort())) {
            Socket b = new Socket("127.0.0.1", server.address().getPort());
            assertThat(keepAliveRequest(a)).startsWith("HTTP/1.1 200 ");
            assertThat(keepAliveRequest(b)).startsWith("HTTP/1.1 200 ");
            try (Socket c = new Socket("127.0.0.1", server.address().getPort())) {
                c.setSoTimeout(5000);
                assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                        .startsWith("HTTP/1.1 503 ");
            }
            assertThat(keepAliveRequest(a)).startsWith("HTTP/1.1 200 ");
            b.close();
            long until = System.nanoTime() + 5_000_000_000L;
            String r;
            do {   // the server sees b's close soon
                Thread.sleep(50);
                r = exchange(server, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            } while (!r.startsWith("HTTP/1.1 200 ") && System.nanoTime() < until);
            assertThat(r).startsWith("HTTP/1.1 200 ");
        }
    }

    private static String keepAliveRequest(Socket s) throws IOException {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /k HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[4096];
        int n = s.getInputStream().read(buf);
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHandlerThatFailsAfterItsHeadersCutsTheResponseOff() throws Exception {
        HttpHandler failing = exchange -> {
            OutputStream out = exchange.respond(200, List.of(Map.entry("content-type",
                    "text/plain".getBytes(StandardCharsets.ISO_8859_1))), -1);
            out.write("partial".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            throw new IllegalStateException("boom");
        };
        try (HttpServer server = start(HttpServerOptions.defaults(), failing)) {
            String r = exchange(server, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200 ").contains("transfer-encoding: chunked").contains("partial")
                    .doesNotContain("\r\n0\r\n\r\n");
        }
        HttpHandler beforeHeaders = exchange -> {
            throw new IllegalStateException("boom");
        };
        try (HttpServer server = start(HttpServerOptions.defaults(), beforeHeaders)) {
            assertThat(exchange(server, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 500 ")
                    .doesNotContain("boom");
        }
    }

    @Test
    void responseHeadersThatCouldSplitTheResponseAreRefused() throws Exception {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        HttpHandler injecting = exchange -> {
            try {
                exchange.respond(200, List.of(Map.entry("x-a", "1\r\nset-cookie: evil".getBytes(
                        StandardCharsets.ISO_8859_1))), 0);
            } catch (IllegalArgumentException e) {
                refused.set(e);
                exchange.respondText(500, "refused\n");
            }
        };
        try (HttpServer server = start(HttpServerOptions.defaults(), injecting)) {
            assertThat(exchange(server, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 500 ").doesNotContain("set-cookie");
            assertThat(refused.get()).hasMessageContaining("CR, LF or NUL");
        }
    }

    /** Netty does not check response headers again (Exchange does): each way to break the head out is refused. */
    @Test
    void everyResponseHeaderNameOrValueThatCouldBreakTheHeadIsRefused() throws Exception {
        List<Map.Entry<String, String>> bad = List.of(Map.entry("x-a", "1\nset-cookie: evil"),
                Map.entry("x-a", "1\rset-cookie: evil"), Map.entry("x-a", "1\0set-cookie: evil"),
                Map.entry("x-a\r\nset-cookie", "evil"), Map.entry("x-a: 1\r\nset-cookie", "evil"),
                Map.entry("x a", "1"), Map.entry("", "1"), Map.entry("x-\u00e9", "1"));
        for (Map.Entry<String, String> h : bad) {
            AtomicReference<Throwable> refused = new AtomicReference<>();
            HttpHandler injecting = exchange -> {
                try {
                    exchange.respond(200, List.of(Map.entry(h.getKey(), h.getValue().getBytes(
                            StandardCharsets.ISO_8859_1))), 0);
                } catch (IllegalArgumentException e) {
                    refused.set(e);
                    exchange.respondText(500, "refused\n");
                }
            };
            try (HttpServer server = start(HttpServerOptions.defaults(), injecting)) {
                assertThat(exchange(server, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                        .as("header %s", h).startsWith("HTTP/1.1 500 ").doesNotContain("set-cookie");
                assertThat(refused.get()).as("header %s", h).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** A body larger than the read buffers streams through (reading pauses and resumes) and is counted whole. */
    @Test
    void largeBodiesStreamThroughWithBackPressure() throws Exception {
        HttpHandler slow = exchange -> {
            byte[] buf = new byte[1000];
            long n = 0;
            for (int r; (r = exchange.body().read(buf)) >= 0;) {
                n += r;
                if (n % 100_000 < 1000) {
                    Thread.sleep(1);   // slower than the client
                }
            }
            exchange.respondText(200, "got " + n);
        };
        try (HttpServer server = start(HttpServerOptions.builder().maxBodySize(8L << 20).build(), slow)) {
            int size = 4 << 20;
            String r = exchange(server, "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n" + "x".repeat(size));
            assertThat(r).startsWith("HTTP/1.1 200 ").endsWith("got " + size);
        }
    }

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpServer server = start(HttpServerOptions.defaults(), new Echo(10))) {
            String r = exchange(server, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\n"
                    + "Content-Length: 3\r\n\r\nabcHEAD /h HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(r.indexOf("GET /1 0")).isPositive();
            assertThat(r.indexOf("POST /2 3")).isGreaterThan(r.indexOf("GET /1 0"));
            assertThat(r.indexOf("GET /3 0")).isGreaterThan(r.indexOf("POST /2 3"));
            // the HEAD response has a head and no body: four status lines, no "HEAD /h" body
            assertThat(r.split("HTTP/1.1 200 ", -1)).hasSize(5);
            assertThat(r).doesNotContain("HEAD /h");
        }
    }
}
