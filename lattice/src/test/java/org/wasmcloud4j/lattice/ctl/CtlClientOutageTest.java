package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.lattice.NatsServer;

/** A NATS outage in the middle of a session, and a reader that falls behind the event stream. */
class CtlClientOutageTest {
    @TempDir
    Path dir;

    @Test
    void callsDuringAnOutageFailFastAndWorkAgainAfter() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            CtlTestPeer peer = CtlTestPeer.start(nats.url(), "default");
            try (CtlClient client = CtlClient.builder().server(nats.url()).requestTimeout(Duration.ofSeconds(2))
                    .gatherTimeout(Duration.ofMillis(300)).build()) {
                assertThat(client.getInventory(Golden.HOST_ID)).isEqualTo(Golden.inventory());
                nats.pause();
                long seen = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (client.isConnected() && System.nanoTime() < seen) {
                    Thread.sleep(10);
                }
                assertThat(client.isConnected()).isFalse();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> client.getInventory(Golden.HOST_ID)).isInstanceOf(CtlException.class)
                        .hasMessageContaining("not connected to NATS")
                        .hasMessageContaining("host.get." + Golden.HOST_ID);
                assertThatThrownBy(client::getHosts).isInstanceOf(CtlException.class)
                        .hasMessageContaining("not connected");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
                nats.resume();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                HostInventory inv = null;
                while (inv == null && System.nanoTime() < deadline) {
                    try {
                        inv = client.getInventory(Golden.HOST_ID);
                    } catch (CtlException e) {
                        Thread.sleep(100); // client or peer still reconnecting
                    }
                }
                assertThat(inv).isEqualTo(Golden.inventory());
                assertThat(client.isConnected()).isTrue();
            } finally {
                peer.close();
            }
        }
    }

    @Test
    void aReaderThatFallsBehindLosesNewEventsCounted() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"));
                CtlClient client = CtlClient.builder().server(nats.url()).build();
                EventStream events = client.events("config_set");
                Connection publisher = Nats.connect(nats.url())) {
            byte[] event = ("{\"specversion\":\"1.0\",\"id\":\"i\",\"type\":\"com.wasmcloud.lattice.config_set\","
                    + "\"source\":\"s\",\"data\":{\"config_name\":\"c\"}}").getBytes();
            int extra = 25;
            for (int i = 0; i < EventStream.CAPACITY + extra; i++) {
                publisher.publish("wasmbus.evt.default.config_set", event);
            }
            publisher.flush(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.dropped() < extra && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(events.dropped()).isEqualTo(extra);
            assertThat(events.poll(Duration.ofSeconds(1))).get().extracting(CloudEvent::name).isEqualTo("config_set");
        }
    }
}
