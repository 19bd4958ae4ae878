package org.wasmcloud4j.lattice.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.HostKey;
import org.wasmcloud4j.host.oci.RegistryCredential;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;
import org.wasmcloud4j.http.HttpServerProvider;
import org.wasmcloud4j.lattice.nats.NatsLattice;
import org.wasmcloud4j.lattice.nats.NatsOptions;

/**
 * The standalone host: a {@link Host} on a {@link NatsLattice}, configured as wasmCloud's host is
 * ({@link LauncherConfig}), with an optional admin endpoint ({@code GET}/{@code HEAD} {@code /livez} and
 * {@code /readyz}, body {@code {"status":"ok"}}). It runs until {@code host.stop} arrives through the control
 * interface or the process gets SIGTERM/SIGINT; either way running invocations finish (up to the stop deadline) and
 * {@code host_stopped} is published before the connections close.
 *
 * <pre>
 * java -jar wasmcloud4j-lattice-VERSION-host.jar --nats-host 127.0.0.1 --lattice default -l zone=a
 * </pre>
 */
public final class HostLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostLauncher.class);
    /** How long a SIGTERM waits for running invocations. */
    static final Duration STOP_DEADLINE = Duration.ofSeconds(10);

    private final NatsLattice lattice;
    private final Host host;
    /** Set once, right after the start (its handler asks {@link #ready()} of this launcher). */
    private volatile HttpServer admin;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private HostLauncher(NatsLattice lattice, Host host) {
        this.lattice = lattice;
        this.host = host;
    }

    /**
     * Connects, starts the host and (if configured) the admin endpoint.
     *
     * @throws HostException when NATS cannot be reached, the seed is not a server seed, or the admin address is taken
     */
    public static HostLauncher start(LauncherConfig c) {
        for (String w : c.warnings()) {
            LOG.warn(w);
        }
        NatsOptions.Builder o = NatsOptions.builder().lattice(c.lattice()).ctlPrefix(c.ctlTopicPrefix())
                .requestTimeout(c.rpcTimeout()).auctions(c.componentAuctions(), c.providerAuctions());
        String scheme = c.tls() ? "tls://" : "nats://";
        o.server(scheme + c.ctlHost().orElse(c.natsHost()) + ":" + c.ctlPort().orElse(c.natsPort()));
        if (c.rpcHost().isPresent() || c.rpcPort().isPresent()) {
            o.rpcServer(scheme + c.rpcHost().orElse(c.natsHost()) + ":" + c.rpcPort().orElse(c.natsPort()));
        }
        c.jsDomain().ifPresent(o::jsDomain);
        c.natsCreds().ifPresent(o::credsFile);
        if (c.natsJwt().isPresent()) {
            o.jwt(c.natsJwt().get(), c.natsSeed().orElseThrow().toCharArray());
        }
        if (c.tlsCaPath().isPresent()) {
            o.tls(trusting(c.tlsCaPath().get()));
        } else if (c.tls()) {
            try {
                o.tls(SSLContext.getDefault());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new HostException("no default TLS context: " + e.getMessage(), e);
            }
        }
        HostKey key;
        try {
            key = c.hostSeed().map(HostKey::fromSeed).orElseGet(HostKey::generate);
        } catch (IllegalArgumentException e) {
            throw new HostException("--host-seed: " + e.getMessage(), e);
        }
        NatsLattice lattice = NatsLattice.connect(o.build());
        Host host = null;
        HostLauncher l = null;
        try {
            Host.Builder b = Host.builder().lattice(lattice).key(key).allowFileLoad(c.allowFileLoad())
                    .maxExecutionTime(c.maxExecutionTime()).maxComponentSize(c.maxComponentSizeBytes())
                    .maxComponents(c.maxComponents()).heartbeatInterval(c.heartbeatInterval())
                    .maxLinearMemoryPages((int) Math.min(Integer.MAX_VALUE, c.maxLinearMemoryBytes() / 65536));
            c.labels().forEach(b::label);
            if (c.secretsTopic().isPresent()) {
                try {
                    b.secretsBackends(lattice.secretsBackends(c.secretsTopic().get()));
                } catch (IllegalArgumentException e) {
                    throw new HostException("--secrets-topic: " + e.getMessage());
                }
            }
            c.allowedInsecure().forEach(b::allowInsecureRegistry);
            if (c.registry().isPresent()) {
                b.registryCredential(c.registry().get(), RegistryCredential.basic(c.registryUser().orElse(""),
                        c.registryPassword().orElse("")));
            }
            host = b.build();
            l = new HostLauncher(lattice, host);
            if (c.httpAdmin().isPresent()) {
                l.admin = l.startAdmin(c);
            }
            HostLauncher launcher = l;
            host.addListener(e -> {
                if (e.name().equals("host_stopped") && e.source().equals(launcher.host.hostId())) {
                    launcher.stopped.countDown();
                }
            });
            LOG.info("host {} ({}) joined lattice {} on {}", host.hostId(), host.friendlyName(), lattice.name(),
                    lattice.options().servers());
            return l;
        } catch (RuntimeException e) {
            if (l != null && l.admin != null) {
                l.admin.close();
            }
            if (host != null) {
                host.close();
            }
            lattice.close();
            throw e;
        }
    }

    private HttpServer startAdmin(LauncherConfig c) {
        HttpServerProvider provider = HttpServerProvider.find(HostLauncher.class.getClassLoader())
                .orElseThrow(() -> new HostException("--http-admin needs an HTTP server on the class path ("
                        + HttpServerProvider.ARTIFACT + ")"));
        try {
            return provider.start(c.httpAdmin().get(), HttpServerOptions.builder().maxBodySize(0).build(),
                    exchange -> {
                        String method = exchange.request().method();
                        String path = exchange.request().path();
                        boolean known = path.equals("/livez") || path.equals("/readyz");
                        if (!known) {
                            exchange.respondText(404, "{\"status\":\"not found\"}");
                        } else if (!method.equals("GET") && !method.equals("HEAD")) {
                            exchange.respondText(405, "{\"status\":\"method not allowed\"}");
                        } else if (path.equals("/readyz") && !ready()) {
                            exchange.respondText(503, "{\"status\":\"unavailable\"}");
                        } else {
                            exchange.respondText(200, "{\"status\":\"ok\"}");
                        }
                    }, null);
        } catch (IOException e) {
            throw new HostException("--http-admin " + c.httpAdmin().get() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the host is running and its NATS connection is up. */
    public boolean ready() {
        return stopped.getCount() > 0 && lattice.connected();
    }

    /** The host. */
    public Host host() {
        return host;
    }

    /** The lattice. */
    public NatsLattice lattice() {
        return lattice;
    }

    /** The admin endpoint, if one runs. */
    public Optional<HttpServer> admin() {
        return Optional.ofNullable(admin);
    }

    /** Waits until the host has stopped (through {@code host.stop} or {@link #close()}). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Waits up to {@code timeout} for the host to stop; whether it did. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the host gracefully (running invocations get {@link #STOP_DEADLINE}), then the endpoint and NATS. */
    @Override
    public void close() {
        host.stop(STOP_DEADLINE);
        stopped.countDown();
        if (admin != null) {
            admin.close();
        }
        lattice.close();
    }

    private static SSLContext trusting(java.nio.file.Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + n++, cert);
            }
            if (n == 0) {
                throw new HostException("--tls-ca-path " + pem + ": no certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new HostException("--tls-ca-path " + pem + ": " + e.getMessage(), e);
        }
    }

    /** Runs the standalone host; returns the exit code (0 after a graceful stop, 2 for bad flags, 1 otherwise). */
    public static int run(List<String> args, Map<String, String> env, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            err.print(LauncherConfig.usage());
            return 0;
        }
        LauncherConfig config;
        try {
            config = LauncherConfig.parse(args, env);
        } catch (LauncherConfig.UsageException e) {
            err.println("wasmcloud4j host: " + e.getMessage());
            err.print(LauncherConfig.usage());
            return 2;
        }
        config.logLevel().ifPresent(level -> System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                level.toLowerCase(java.util.Locale.ROOT).equals("critical") ? "error" : level.toLowerCase(
                        java.util.Locale.ROOT)));
        HostLauncher launcher;
        try {
            launcher = start(config);
        } catch (HostException e) {
            err.println("wasmcloud4j host: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(() -> {
            LOG.info("stopping host {} (signal)", launcher.host().hostId());
            launcher.close();
        }, "wasmcloud4j-host-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("wasmcloud4j host " + launcher.host().hostId() + " (" + launcher.host().friendlyName()
                + ") joined lattice " + launcher.lattice().name());
        try {
            launcher.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            launcher.close();   // stopped through host.stop: close the endpoint and the connections
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and closes everything
        }
        return 0;
    }

    /** {@code java -jar …-host.jar [flags]}: see {@link LauncherConfig#usage()}. */
    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(), System.err);
        if (code != 0) {
            System.exit(code);
        }
        System.exit(0);
    }
}
