package org.wasmcloud4j.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.http.HttpExchange;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpRequestHead;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;
import org.wasmcloud4j.http.HttpServerProvider;

/**
 * The host's HTTP router: routes each request to a component that exports {@code wasi:http/incoming-handler}, by the
 * request's {@code Host} header first, else by the longest matching path prefix; each route may set its own
 * request-body limit. Routes can change while it serves. Unknown routes answer 404, busy components 503, a
 * component that fails before its response started 500; one that fails after is cut off (the client sees an
 * incomplete message), logged at error level with the component id and counted in
 * {@code wasmcloud_host.component.invocation.errors}. It runs on the server an {@link HttpServerProvider} gives.
 */
public final class HttpRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    /** Where requests go: a component and the request-body limit (-1: the server's). */
    private record Route(String componentId, long maxBodySize) {}

    private final Host host;
    private final HttpServer server;
    private final Map<String, Route> byHost = new ConcurrentHashMap<>();
    private final Map<String, Route> byPath = new ConcurrentHashMap<>();

    HttpRouter(Host host, HttpServerProvider provider, InetSocketAddress address, HttpServerOptions options)
            throws IOException {
        this.host = host;
        this.server = provider.start(address, options, new Handler(), host.callerExecutor());
    }

    /** Sends requests whose path starts with {@code prefix} (e.g. {@code /api}) to component {@code componentId}. */
    public HttpRouter routePath(String prefix, String componentId) {
        return put(byPath, checkPrefix(prefix), componentId, -1);
    }

    /** As {@link #routePath(String, String)}, accepting request bodies of at most {@code maxBodySize} bytes. */
    public HttpRouter routePath(String prefix, String componentId, long maxBodySize) {
        return put(byPath, checkPrefix(prefix), componentId, checkLimit(maxBodySize));
    }

    /** Sends requests for {@code hostHeader} (host name, with or without port) to component {@code componentId}. */
    public HttpRouter routeHost(String hostHeader, String componentId) {
        return put(byHost, hostHeader.toLowerCase(Locale.ROOT), componentId, -1);
    }

    /** As {@link #routeHost(String, String)}, accepting request bodies of at most {@code maxBodySize} bytes. */
    public HttpRouter routeHost(String hostHeader, String componentId, long maxBodySize) {
        return put(byHost, hostHeader.toLowerCase(Locale.ROOT), componentId, checkLimit(maxBodySize));
    }

    private HttpRouter put(Map<String, Route> routes, String key, String componentId, long maxBodySize) {
        routes.put(key, new Route(Objects.requireNonNull(componentId, "componentId"), maxBodySize));
        return this;
    }

    private static String checkPrefix(String prefix) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("a path prefix starts with '/': " + prefix);
        }
        return prefix;
    }

    private static long checkLimit(long maxBodySize) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize must not be negative, got " + maxBodySize);
        }
        return maxBodySize;
    }

    /** The address it listens on (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The component a request would go to. */
    Optional<String> route(String hostHeader, String path) {
        return find(hostHeader, path).map(Route::componentId);
    }

    private Optional<Route> find(String hostHeader, String path) {
        if (hostHeader != null && !byHost.isEmpty()) {
            String h = hostHeader.toLowerCase(Locale.ROOT);
            Route r = byHost.get(h);
            if (r == null && h.indexOf(':') > 0) {
                r = byHost.get(h.substring(0, h.lastIndexOf(':')));
            }
            if (r != null) {
                return Optional.of(r);
            }
        }
        String best = null;
        Route bestRoute = null;
        for (Map.Entry<String, Route> e : byPath.entrySet()) {
            String prefix = e.getKey();
            boolean matches = prefix.equals("/") || path.equals(prefix)
                    || path.startsWith(prefix) && (prefix.endsWith("/") || path.charAt(prefix.length()) == '/');
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
                bestRoute = e.getValue();
            }
        }
        return Optional.ofNullable(bestRoute);
    }

    /** What the server calls: the body limit on its I/O thread, the component on an invocation thread. */
    private final class Handler implements HttpHandler {
        @Override
        public long maxBodySize(HttpRequestHead head) {
            return find(head.authority(), head.path()).map(Route::maxBodySize).orElse(-1L);
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            HttpRequestHead head = exchange.request();
            Optional<String> id = route(head.authority(), head.path());
            if (id.isEmpty()) {
                exchange.respondText(404, "no route for " + head.path() + "\n");
                return;
            }
            try {
                host.respondHttp(id.get(), exchange);
            } catch (RuntimeException e) {
                if (exchange.responded()) {
                    // the status line was out: the exchange is aborted, the error counted; say it loudly
                    LOG.error("component {}: failed after its HTTP response started ({} {}); the response was cut "
                            + "off", id.get(), head.method(), head.path(), e);
                    exchange.abort(e);
                    return;
                }
                boolean busy = e instanceof HostException && e.getMessage() != null
                        && e.getMessage().contains("stayed busy");
                LOG.warn("component {}: {} {} failed: {}", id.get(), head.method(), head.path(), e.getMessage());
                exchange.respondText(busy ? 503 : 500, e.getMessage() + "\n");
            }
        }
    }

    /** Stops serving: closes the listener and every connection. */
    @Override
    public void close() {
        server.close();
    }
}
