package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * {@link CtlClient} against a real nats-server and {@link CtlTestPeer}: the contract, plus exact checks of the
 * requests it sends (against the golden JSON) and of how it treats each kind of bad reply.
 */
class CtlClientPeerTest extends CtlClientContractTest {
    @TempDir
    static Path dir;
    private NatsServer nats;
    private CtlTestPeer peer;
    private CtlClient client;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServer.start(dir.resolve("nats"));
        peer = CtlTestPeer.start(nats.url(), "default");
        client = CtlClient.builder().server(nats.url()).lattice("default").requestTimeout(Duration.ofMillis(800))
                .gatherTimeout(Duration.ofMillis(400)).build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        peer.close();
        nats.close();
    }

    @BeforeEach
    void forgetRequests() {
        peer.clearRequests();
    }

    @Override
    protected CtlClient client() {
        return client;
    }

    @Override
    protected String hostId() {
        return Golden.HOST_ID;
    }

    private CtlTestPeer.Request requestOn(String suffix) throws InterruptedException {
        String subject = client.subjects().base() + suffix;
        while (true) {
            CtlTestPeer.Request r = peer.nextRequest();
            if (r.subject().equals(subject)) {
                return r;
            }
        }
    }

    @Test
    void repliesDecodeToTheGoldenRecords() {
        assertThat(client.getHosts()).containsExactly(Golden.host());
        assertThat(client.getInventory(Golden.HOST_ID)).isEqualTo(Golden.inventory());
        assertThat(client.getLinks()).containsExactly(Golden.link(), Golden.webLink());
        assertThat(client.getClaims()).isEqualTo(Golden.claims());
        assertThat(client.getConfig("redis")).contains(Golden.config());
        assertThat(client.auctionComponent(Golden.componentAuctionRequest()))
                .containsExactly(Golden.componentAuctionAck());
        assertThat(client.auctionProvider(Golden.providerAuctionRequest())).containsExactly(Golden.providerAuctionAck());
    }

    @Test
    void requestsAreTheGoldenJson() throws Exception {
        client.scaleComponent(Golden.HOST_ID, Golden.scale());
        assertThat(CtlJson.tree(requestOn("component.scale." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("scale-component-command.json")));
        client.updateComponent(Golden.HOST_ID, Golden.update());
        assertThat(CtlJson.tree(requestOn("component.update." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("update-component-command.json")));
        client.startProvider(Golden.HOST_ID, Golden.startProvider());
        assertThat(CtlJson.tree(requestOn("provider.start." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("start-provider-command.json")));
        client.stopProvider(Golden.HOST_ID, "http-server");
        assertThat(CtlJson.tree(requestOn("provider.stop." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("stop-provider-command.json")));
        client.stopHost(Golden.HOST_ID, Duration.ofSeconds(15));
        assertThat(CtlJson.tree(requestOn("host.stop." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("stop-host-command.json")));
        client.putLink(Golden.link());
        assertThat(CtlJson.tree(requestOn("link.put").body())).isEqualTo(CtlJson.tree(Golden.bytes("link.json")));
        client.deleteLink(Golden.deleteLink());
        assertThat(CtlJson.tree(requestOn("link.del").body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("delete-link-request.json")));
        client.putLabel(Golden.HOST_ID, "zone", "eu-1");
        assertThat(CtlJson.tree(requestOn("label.put." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("host-label.json")));
        client.deleteLabel(Golden.HOST_ID, "zone");
        assertThat(CtlJson.tree(requestOn("label.del." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("host-label-identifier.json")));
        client.putRegistries(Golden.registries());
        assertThat(CtlJson.tree(requestOn("registry.put").body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("registries.json")));
        client.auctionComponent(Golden.componentAuctionRequest());
        assertThat(CtlJson.tree(requestOn("component.auction").body()))
                .isEqualTo(CtlJson.tree(Golden.bytes("component-auction-request.json")));
        client.putConfig("cfg", Map.of("k", "v"));
        assertThat(CtlJson.tree(requestOn("config.put.cfg").body())).isEqualTo(CtlJson.tree("{\"k\":\"v\"}".getBytes()));
    }

    @Test
    void refusalCarriesTheHostsMessage() {
        String subject = client.subjects().base() + "component.scale." + Golden.HOST_ID;
        peer.answer("component.scale." + Golden.HOST_ID, Golden.bytes("response-error.json"));
        try {
            assertThatThrownBy(() -> client.scaleComponent(Golden.HOST_ID, ScaleComponentCommand.of("r", "c", 1)))
                    .isInstanceOf(CtlRefusedException.class)
                    .hasMessageContaining(subject)
                    .satisfies(e -> assertThat(((CtlRefusedException) e).hostMessage())
                            .isEqualTo("component with ID 'http-hello' not found"));
        } finally {
            peer.answer("component.scale." + Golden.HOST_ID, (byte[]) null);
            peer.answer("component.scale." + Golden.HOST_ID, "{\"success\":true,\"message\":\"\"}");
        }
    }

    @Test
    void silenceIsATimeoutNamingTheSubject() {
        String subject = client.subjects().base() + "link.get";
        peer.answer("link.get", (byte[]) null);
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(client::getLinks).isInstanceOf(CtlTimeoutException.class)
                    .hasMessageContaining(subject).hasMessageContaining("800 ms");
            // not a hang: well under ten times the timeout even on a loaded machine
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        } finally {
            peer.answer("link.get", Golden.bytes("response-links.json"));
        }
    }

    @Test
    void malformedRepliesNameTheFieldAndSubject() {
        String suffix = "host.get." + Golden.HOST_ID;
        String subject = client.subjects().base() + suffix;
        try {
            peer.answer(suffix, "{\"success\":true,\"message\":\"\",\"response\":{\"components\":[{\"max_instances\":\"x\"}],"
                    + "\"providers\":[]}}");
            assertThatThrownBy(() -> client.getInventory(Golden.HOST_ID)).isInstanceOf(CtlDecodeException.class)
                    .hasMessageContaining(subject).hasMessageContaining("response.components[0].max_instances")
                    .satisfies(e -> assertThat(((CtlDecodeException) e).field())
                            .isEqualTo("response.components[0].max_instances"));
            peer.answer(suffix, "not json");
            assertThatThrownBy(() -> client.getInventory(Golden.HOST_ID)).isInstanceOf(CtlDecodeException.class)
                    .hasMessageContaining(subject).hasMessageContaining("not valid JSON");
            peer.answer(suffix, "{\"success\":true,\"message\":\"\"}");
            assertThatThrownBy(() -> client.getInventory(Golden.HOST_ID)).isInstanceOf(CtlDecodeException.class)
                    .hasMessageContaining("response is required");
            peer.answer("host.ping", "{\"success\":1}");
            assertThat(client.getHosts()).isEmpty();   // a malformed gathered reply is skipped, not fatal to all
        } finally {
            peer.answer(suffix, Golden.bytes("response-inventory.json"));
            peer.answer("host.ping", Golden.bytes("response-host.json"));
        }
    }

    @Test
    void noHostAtAllMeansAnEmptyPingAtOnce() {
        try (CtlClient empty = CtlClient.builder().server(nats.url()).lattice("nobody-here")
                .gatherTimeout(Duration.ofSeconds(30)).build()) {
            long t0 = System.nanoTime();
            assertThat(empty.getHosts()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));   // not the gather
            assertThatThrownBy(empty::getLinks).isInstanceOf(CtlNoRespondersException.class);
        }
    }

    @Test
    void eventsAreCloudEventsAndGarbageIsSkipped() throws Exception {
        try (EventStream all = client.events(); EventStream scaled = client.events("component_scaled")) {
            peer.publishEvent("component_scaled", "{\"not\":\"an event\"}".getBytes());
            peer.publishEvent("host_heartbeat", Golden.bytes("event-host-heartbeat.json"));
            peer.publishEvent("component_scaled", Golden.bytes("event-component-scaled.json"));
            CloudEvent first = all.poll(Duration.ofSeconds(5)).orElseThrow();
            assertThat(first.name()).isEqualTo("host_heartbeat");
            assertThat(all.poll(Duration.ofSeconds(5)).orElseThrow().name()).isEqualTo("component_scaled");
            CloudEvent only = scaled.poll(Duration.ofSeconds(5)).orElseThrow();
            assertThat(only).isEqualTo(CtlJson.decode(Golden.bytes("event-component-scaled.json"), CloudEvent.class));
            assertThat(all.malformed()).isEqualTo(1);
            assertThat(all.lastMalformed()).get().extracting(CtlDecodeException::field).isEqualTo("specversion");
        }
        assertThatThrownBy(() -> client.events("a.b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badArgumentsFailBeforeSending() {
        assertThatThrownBy(() -> client.getInventory("N.*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.getConfig("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CtlClient.builder().lattice("a.b").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CtlClient.builder().server("nats://127.0.0.1:1").requestTimeout(Duration.ofMillis(300))
                .build()).isInstanceOf(CtlException.class).hasMessageContaining("nats://127.0.0.1:1");
    }

    @Test
    void stopHostWithoutTimeoutSendsNone() throws Exception {
        client.stopHost(Golden.HOST_ID, null);
        assertThat(CtlJson.tree(requestOn("host.stop." + Golden.HOST_ID).body()))
                .isEqualTo(CtlJson.tree(("{\"host_id\":\"" + Golden.HOST_ID + "\"}").getBytes()));
        List<Host> hosts = client.getHosts();
        assertThat(hosts).hasSize(1);
    }
}
