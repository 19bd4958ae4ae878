package org.wasmcloud4j.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server harness: a real server with JetStream, reachable, and restartable on its port. */
class NatsServerTest {
    @Test
    void startsWithJetStreamAndRestartsOnTheSamePort(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir)) {
            Options o = new Options.Builder().server(nats.url()).maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(50)).build();
            try (Connection c = Nats.connect(o)) {
                JetStreamManagement jsm = c.jetStreamManagement();
                assertThat(jsm.getAccountStatistics()).isNotNull();
                c.createDispatcher(m -> c.publish(m.getReplyTo(), m.getData())).subscribe("echo");
                assertThat(new String(c.request("echo", "hi".getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(5)).getData(), StandardCharsets.UTF_8)).isEqualTo("hi");
                nats.restart();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (c.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(new String(c.request("echo", "again".getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(5)).getData(), StandardCharsets.UTF_8)).isEqualTo("again");
            }
        }
    }
}
