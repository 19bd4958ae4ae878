package org.wasmcloud4j.lattice.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.wasmcloud4j.host.capability.BlobDirectory;
import org.wasmcloud4j.lattice.nats.NatsLattice;
import org.wasmcloud4j.lattice.nats.NatsOptions;
import org.wasmcloud4j.lattice.provider.BlobstoreFsProvider;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * {@code wasmcloud4j blobstore-provider --id ID --root DIR}: a directory served to a lattice as a wasmCloud blobstore
 * provider ({@link BlobstoreFsProvider}) until the process is stopped. NATS options as {@code ctl}'s, with the same
 * {@code WASMCLOUD_*} defaults.
 */
final class BlobstoreProviderCommand {
    private static final Set<String> VALUED = Set.of("--id", "--root", "--nats-url", "--lattice", "--nats-creds",
            "--spill-dir", "--max-spilled-bytes");

    /** A running provider: its server, registrations and (per-link roots) lattice view; closing stops it. */
    record Running(WrpcServer server, BlobstoreFsProvider provider, NatsLattice lattice) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            provider.close();
            server.close();
            if (lattice != null) {
                lattice.close();
            }
        }
    }

    private BlobstoreProviderCommand() {}

    static void usage(PrintStream s) {
        s.println("usage: wasmcloud4j blobstore-provider --id <provider id> --root <directory> [--nats-url URL]");
        s.println("           [--lattice NAME] [--nats-creds FILE] [--spill-dir DIR] [--max-spilled-bytes N]");
        s.println("           [--per-link-roots]");
        s.println("  serves <directory> as wrpc:blobstore/blobstore@0.2.0 and @0.1.0 under <provider id>: link a");
        s.println("  component's wasi:blobstore to that id (wash link put <component> <id> wasi blobstore ...)");
        s.println("  --per-link-roots: each link's target config ROOT, inside <directory>, is its caller's root");
    }

    /** Starts the provider described by {@code args}; the caller closes it. */
    static Running start(List<String> args, Map<String, String> env) throws Exception {
        Args a = Args.parse(args, VALUED, Set.of("--per-link-roots"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument " + a.positional().get(0));
        }
        String id = require(a, "--id");
        Path root = Path.of(require(a, "--root"));
        String url = a.value("--nats-url", env.getOrDefault("WASMCLOUD_NATS_URL", "nats://127.0.0.1:4222"));
        String lattice = a.value("--lattice", env.getOrDefault("WASMCLOUD_LATTICE", "default"));
        WrpcServer.Builder b = WrpcServer.builder().server(url).lattice(lattice);
        if (a.has("--nats-creds")) {
            b.credsFile(Path.of(a.value("--nats-creds", null)));
        }
        if (a.has("--spill-dir") || a.has("--max-spilled-bytes")) {
            b.spill(Path.of(a.value("--spill-dir", System.getProperty("java.io.tmpdir"))),
                    Args.count("--max-spilled-bytes", a.value("--max-spilled-bytes", "1073741824"), Long.MAX_VALUE));
        }
        BlobDirectory store;
        try {
            store = BlobDirectory.of(root);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--root: " + e.getMessage());
        }
        WrpcServer server = b.build();
        NatsLattice view = null;
        try {
            if (a.has("--per-link-roots")) {   // links and config come from the lattice's KV buckets
                NatsOptions.Builder o = NatsOptions.builder().server(url).lattice(lattice)
                        .connectionName("wasmcloud4j-blobstore-provider");
                if (a.has("--nats-creds")) {
                    o.credsFile(Path.of(a.value("--nats-creds", null)));
                }
                view = NatsLattice.connect(o.build());
                return new Running(server, BlobstoreFsProvider.servePerLink(server, id, view, root), view);
            }
            return new Running(server, BlobstoreFsProvider.serve(server, id, store), null);
        } catch (RuntimeException e) {
            server.close();
            if (view != null) {
                view.close();
            }
            throw e;
        }
    }

    private static String require(Args a, String flag) {
        String v = a.value(flag, null);
        if (v == null || v.isEmpty()) {
            throw new UsageException(flag + " is required");
        }
        return v;
    }

    /** Runs until the process is stopped; returns the exit code. */
    static int run(List<String> args, Map<String, String> env, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            usage(err);
            return 0;
        }
        Running running;
        try {
            running = start(args, env);
        } catch (UsageException e) {
            err.println("wasmcloud4j blobstore-provider: " + e.getMessage());
            usage(err);
            return 2;
        } catch (Exception e) {
            err.println("wasmcloud4j blobstore-provider: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "wasmcloud4j-blobstore-provider-shutdown"));
        err.println("wasmcloud4j blobstore-provider: serving " + running.provider().store().root() + " as "
                + BlobstoreFsProvider.INSTANCE + " (and @0.1.0)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
