package org.wasmcloud4j.lattice.nats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * Tests with hosts in separate lattice objects (separate NATS connections, as separate processes would have) on one
 * real {@code nats-server} started per test; everything registered in {@link #closing} is closed after the test, last
 * first, then the server.
 */
abstract class NatsHostsTest {
    @TempDir
    Path dir;
    NatsServer nats;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startNats() throws Exception {
        nats = NatsServer.start(dir.resolve("nats"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        nats.close();
    }

    /** A host on its own {@link NatsLattice} connection to lattice {@code lattice}. */
    Host host(String lattice, Engine.Mode mode) {
        NatsLattice l = NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice(lattice).build());
        closing.add(l);
        Host h = Host.builder().lattice(l).engineMode(mode).build();
        closing.add(h);
        return h;
    }
}
