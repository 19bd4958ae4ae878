package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the client's and the server's builders share: the servers, lattice, credentials, codec, or a connection
 * handed in; and opening the NATS connection when none was.
 */
final class WrpcConnections {
    private final List<String> servers = new ArrayList<>();
    private String lattice = "default";
    private Path credsFile;
    private Connection connection;
    private WrpcCodec codec = WrpcCodec.standard();
    private Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private long maxSpilledBytes = SpillBudget.DEFAULT_MAX_BYTES;

    void server(String url) {
        servers.add(Objects.requireNonNull(url, "url"));
    }

    void lattice(String name) {
        if (name.isEmpty() || name.contains(".") || name.contains(" ")) {
            throw new IllegalArgumentException("bad lattice name: '" + name + "'");
        }
        this.lattice = name;
    }

    void credsFile(Path file) {
        this.credsFile = file;
    }

    void codec(WrpcCodec c) {
        this.codec = Objects.requireNonNull(c, "codec");
    }

    void connection(Connection c) {
        this.connection = Objects.requireNonNull(c, "connection");
    }

    String lattice() {
        return lattice;
    }

    void spill(Path directory, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.spillDirectory = java.util.Objects.requireNonNull(directory, "directory");
        this.maxSpilledBytes = maxBytes;
    }

    /** The disk room for unread stream data of the client or server being built; null when spilling is off. */
    SpillBudget spillBudget() {
        return maxSpilledBytes == 0 ? null : new SpillBudget(spillDirectory, maxSpilledBytes);
    }

    WrpcCodec codec() {
        return codec;
    }

    /** Whether {@link #open} opens a connection of its own (which its user then closes). */
    boolean opensOwn() {
        return connection == null;
    }

    /** The connection handed in, else a new one to the servers. */
    Connection open() throws IOException, InterruptedException {
        if (connection != null) {
            return connection;
        }
        Options.Builder o = new Options.Builder()
                .servers((servers.isEmpty() ? List.of("nats://127.0.0.1:4222") : servers).toArray(String[]::new))
                .maxReconnects(-1)
                // room for a loaded machine: many callers on one connection must not be refused by jnats' 2 s
                // write-queue lock wait (nor a slow first connect) before the call's own 10 s timeout applies
                .connectionTimeout(Duration.ofSeconds(10))
                .writeQueuePushTimeout(Duration.ofSeconds(10));
        if (credsFile != null) {
            o.authHandler(Nats.credentials(credsFile.toString()));
        }
        return Nats.connect(o.build());
    }
}
