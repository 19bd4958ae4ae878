package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Opening the NATS connection of a client or server built from server URLs. */
final class WrpcConnections {
    private WrpcConnections() {}

    static Connection connect(List<String> servers, Path credsFile) throws IOException, InterruptedException {
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
