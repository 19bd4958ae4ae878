package org.wasmcloud4j.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The host's HTTP server (the JDK's): routes each request to a component that exports
 * {@code wasi:http/incoming-handler}, by the request's {@code Host} header first, else by the longest matching path
 * prefix. Routes can change while it serves. Errors of a component answer 500 (before the response started),
 * unknown routes 404.
 */
public final class HttpRouter implements AutoCloseable {
    private final Host host;
    private final HttpServer server;
    /** The router's own request threads, or {@code null} when it runs on the host's given executor. */
    private final ExecutorService executor;
    private final Map<String, String> byHost = new ConcurrentHashMap<>();
    private final Map<String, String> byPath = new ConcurrentHashMap<>();

    HttpRouter(Host host, InetSocketAddress address) throws IOException {
        this.host = host;
        this.server = HttpServer.create(address, 0);
        java.util.concurrent.Executor given = host.callerExecutor();
        this.executor = given != null ? null : Executors.newFixedThreadPool(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), Host.daemonThreads("wasmcloud4j-http"));
        server.setExecutor(given != null ? given : executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Sends requests whose path starts with {@code prefix} (e.g. {@code /api}) to component {@code componentId}. */
    public HttpRouter routePath(String prefix, String componentId) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("a path prefix starts with '/': " + prefix);
        }
        byPath.put(prefix, Objects.requireNonNull(componentId, "componentId"));
        return this;
    }

    /** Sends requests for {@code hostHeader} (host name, with or without port) to component {@code componentId}. */
    public HttpRouter routeHost(String hostHeader, String componentId) {
        byHost.put(hostHeader.toLowerCase(Locale.ROOT), Objects.requireNonNull(componentId, "componentId"));
        return this;
    }

    /** The address it listens on (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The component a request would go to. */
    Optional<String> route(String hostHeader, String path) {
        if (hostHeader != null) {
            String h = hostHeader.toLowerCase(Locale.ROOT);
            String id = byHost.get(h);
            if (id == null && h.indexOf(':') > 0) {
                id = byHost.get(h.substring(0, h.lastIndexOf(':')));
            }
            if (id != null) {
                return Optional.of(id);
            }
        }
        String best = null;
        for (String prefix : byPath.keySet()) {
            boolean matches = path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")
                    || prefix.equals("/");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return Optional.ofNullable(best).map(byPath::get);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Optional<String> id = route(exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestURI().getPath());
        if (id.isEmpty()) {
            answer(exchange, 404, "no route for " + exchange.getRequestURI().getPath() + "\n");
            return;
        }
        try {
            host.respondHttp(id.get(), exchange);
        } catch (RuntimeException e) {
            // respond answers 500 itself for component failures; this covers unknown components and busy slots
            answer(exchange, e instanceof HostException && e.getMessage().contains("stayed busy") ? 503 : 500,
                    e.getMessage() + "\n");
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, b.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(b);
            }
        } catch (IOException | RuntimeException e) {
            // the response had already started: closing the exchange ends it
        }
    }

    /** Stops serving (waits up to a second for exchanges in progress). */
    @Override
    public void close() {
        server.stop(1);
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
