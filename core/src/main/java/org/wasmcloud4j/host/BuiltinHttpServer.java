package org.wasmcloud4j.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.host.lattice.Link;

/**
 * wasmCloud 1.9's built-in HTTP server provider ({@code wasmcloud+builtin://http-server}), address mode: every link
 * from this provider to a component for {@code wasi:http/incoming-handler} serves that component on the link's
 * {@code address} (from the link's source config; else the provider's {@code default_address}; else
 * {@code 0.0.0.0:8000}), on the host's {@link HttpRouter}. Links are followed as they change anywhere in the
 * lattice; the target must run on this host (calls to components elsewhere need wRPC). Two links on one address: the
 * first keeps it, the other is refused in the log, as a second listener on the address would be.
 */
final class BuiltinHttpServer implements AutoCloseable {
    static final String REF = "wasmcloud+builtin://http-server";
    static final String DEFAULT_ADDRESS = "0.0.0.0:8000";
    private static final Logger LOG = LoggerFactory.getLogger(BuiltinHttpServer.class);

    private final Host host;
    private final String id;
    private final InetSocketAddress defaultAddress;
    private final Function<java.util.List<String>, Map<String, String>> config;
    private final ExecutorService work;
    private final AutoCloseable watch;
    /** What is served, by address; changed only on {@link #work}. */
    private final Map<InetSocketAddress, Served> served = new HashMap<>();

    private record Served(String target, HttpRouter router) {}

    /**
     * @param config merges named configs (for the links' source config)
     * @throws HostException for a provider config this server cannot honour (a routing mode other than address, a bad
     *         default address)
     */
    BuiltinHttpServer(Host host, String id, Map<String, String> providerConfig,
            Function<java.util.List<String>, Map<String, String>> config) {
        this.host = host;
        this.id = id;
        this.config = config;
        String mode = providerConfig.getOrDefault("routing_mode", "address");
        if (!mode.equals("address")) {
            throw new HostException("provider " + id + ": routing_mode '" + mode + "' is not supported by the"
                    + " built-in HTTP server of this host (only 'address'; route by path or host with"
                    + " Host.serveHttp)");
        }
        this.defaultAddress = address(providerConfig.getOrDefault("default_address", DEFAULT_ADDRESS),
                "default_address");
        this.work = Executors.newSingleThreadExecutor(Host.daemonThreads("wasmcloud4j-http-provider-" + id));
        this.watch = host.latticeLinksChanged(() -> work.execute(this::reconcile));
        work.execute(this::reconcile);
    }

    /** {@code host:port} (IPv6 in brackets) as an address. */
    static InetSocketAddress address(String text, String field) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new HostException("'" + text + "' in " + field + " is not host:port");
        }
        String h = text.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(h, port);
        } catch (NumberFormatException e) {
            throw new HostException("'" + text + "' in " + field + ": the port is not a number from 0 to 65535");
        }
    }

    /** The addresses served now, each with its component (for tests and the inventory). */
    Map<InetSocketAddress, String> served() {
        try {
            return work.submit(() -> {
                Map<InetSocketAddress, String> out = new LinkedHashMap<>();
                served.forEach((a, s) -> out.put(s.router().address(), s.target()));
                return out;
            }).get();
        } catch (Exception e) {
            return Map.of();
        }
    }

    private void reconcile() {
        Map<InetSocketAddress, String> wanted = new LinkedHashMap<>();
        for (Link l : host.links()) {
            if (!l.sourceId().equals(id) || !l.witNamespace().equals("wasi") || !l.witPackage().equals("http")
                    || !l.interfaces().contains("incoming-handler")) {
                continue;
            }
            InetSocketAddress a;
            try {
                String text = config.apply(l.sourceConfig()).get("address");
                a = text == null ? defaultAddress : address(text, "the source config of link " + l.name());
            } catch (HostException e) {
                LOG.error("provider {}: link {} to {}: {}", id, l.name(), l.target(), e.getMessage());
                continue;
            }
            String before = wanted.putIfAbsent(a, l.target());
            if (before != null && !before.equals(l.target())) {
                LOG.error("provider {}: address {} already serves {}; link {} to {} is not served", id, a, before,
                        l.name(), l.target());
            }
        }
        served.entrySet().removeIf(e -> {
            if (Objects.equals(wanted.get(e.getKey()), e.getValue().target())) {
                return false;
            }
            e.getValue().router().close();
            LOG.info("provider {}: stopped serving {} on {}", id, e.getValue().target(), e.getKey());
            return true;
        });
        wanted.forEach((a, target) -> {
            if (served.containsKey(a)) {
                return;
            }
            try {
                HttpRouter r = host.serveHttp(a);
                r.routePath("/", target);
                served.put(a, new Served(target, r));
                LOG.info("provider {}: serving component {} on http://{}", id, target, r.address());
            } catch (IOException | HostException e) {
                LOG.error("provider {}: cannot serve {} on {}: {}", id, target, a, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        Host.closeQuietly(watch);
        try {
            work.submit(() -> {
                served.values().forEach(s -> s.router().close());
                served.clear();
            }).get();
        } catch (Exception e) {
            LOG.debug("provider {}: closing: {}", id, e.toString());
        }
        work.shutdown();
    }
}
