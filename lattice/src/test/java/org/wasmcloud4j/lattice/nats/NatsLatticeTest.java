package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * Hosts on a real {@code nats-server -js}, driven through the control interface by a plain NATS client, as
 * {@code wash} would: ping, inventory, scale, links and config through JetStream KV seen by a second host on its
 * own connection, events both ways, malformed requests, and a NATS restart in the middle.
 */
class NatsLatticeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HELLO = "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm";
    static final String CFG = "classpath:org/wasmcloud4j/fixtures/wat-config-api.component.wasm";

    @TempDir
    Path dir;
    private NatsServer nats;
    private Connection wash;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        nats = NatsServer.start(dir.resolve("nats"));
        wash = Nats.connect(new Options.Builder().server(nats.url()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).build());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        wash.close();
        nats.close();
    }

    private NatsLattice lattice() {
        NatsLattice l = NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("test")
                .reconnectWait(Duration.ofMillis(100)).build());
        closing.add(l);
        return l;
    }

    private Host host(NatsLattice lattice, List<LatticeEvent> events) {
        Host h = Host.builder().lattice(lattice).engineMode(Engine.Mode.INTERPRETER).listener(events::add)
                .label("zone", "a").build();
        closing.add(h);
        return h;
    }

    private JsonNode ctl(String subject, String body) throws Exception {
        Message m = wash.request("wasmbus.ctl.v1.test." + subject, body.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5));
        assertThat(m).as("reply on " + subject).isNotNull();
        return JSON.readTree(m.getData());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void pingInventoryScaleAndInvokeThroughTheControlInterface() throws Exception {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        Host h = host(lattice(), events);
        JsonNode pong = ctl("host.ping", "");
        assertThat(pong.path("success").asBoolean()).isTrue();
        assertThat(pong.path("message").asText()).isEmpty();
        JsonNode hostJson = pong.path("response");
        assertThat(hostJson.path("id").asText()).isEqualTo(h.hostId()).startsWith("N");
        assertThat(hostJson.path("friendly_name").asText()).isEqualTo(h.friendlyName());
        assertThat(hostJson.path("lattice").asText()).isEqualTo("test");
        assertThat(hostJson.path("labels").path("zone").asText()).isEqualTo("a");
        assertThat(hostJson.path("labels").path("hostcore.os").asText()).isNotEmpty();
        assertThat(hostJson.path("version").asText()).isEqualTo(Host.VERSION);

        Subscription evt = wash.subscribe("wasmbus.evt.test.>");
        JsonNode scale = ctl("component.scale." + h.hostId(),
                "{\"component_ref\":\"" + HELLO + "\",\"component_id\":\"hello\",\"count\":2}");
        assertThat(scale.path("success").asBoolean()).as(scale.toString()).isTrue();
        Message scaled = evt.nextMessage(Duration.ofSeconds(15));
        JsonNode ce = JSON.readTree(scaled.getData());
        assertThat(scaled.getSubject()).isEqualTo("wasmbus.evt.test.component_scaled");
        assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.path("type").asText()).isEqualTo("com.wasmcloud.lattice.component_scaled");
        assertThat(ce.path("source").asText()).isEqualTo(h.hostId());
        assertThat(ce.path("data").path("component_id").asText()).isEqualTo("hello");
        assertThat(ce.path("data").path("max_instances").asInt()).isEqualTo(2);

        assertThat(h.invoke("hello", "greet", new Value.Str("NATS"))).contains(new Value.Str("Hello, NATS!"));
        JsonNode inv = ctl("host.get." + h.hostId(), "").path("response");
        assertThat(inv.path("host_id").asText()).isEqualTo(h.hostId());
        JsonNode c = inv.path("components").get(0);
        assertThat(c.path("id").asText()).isEqualTo("hello");
        assertThat(c.path("image_ref").asText()).isEqualTo(HELLO);
        assertThat(c.path("max_instances").asInt()).isEqualTo(2);
        assertThat(c.has("limits")).isTrue();
        assertThat(c.path("limits").isNull()).isTrue();

        JsonNode stop = ctl("component.scale." + h.hostId(), "{\"component_id\":\"hello\",\"count\":0,"
                + "\"component_ref\":\"" + HELLO + "\"}");
        assertThat(stop.path("success").asBoolean()).isTrue();
        await("stopped", () -> h.components().isEmpty());
    }

    @Test
    void linksAndConfigPutThroughOneHostReachTheOtherThroughJetStream() throws Exception {
        List<LatticeEvent> eventsA = new CopyOnWriteArrayList<>();
        List<LatticeEvent> eventsB = new CopyOnWriteArrayList<>();
        Host a = host(lattice(), eventsA);
        Host b = host(lattice(), eventsB);
        assertThat(ctl("config.put.colors", "{\"color\":\"red\"}").path("success").asBoolean()).isTrue();
        await("config on b", () -> b.config("colors").isPresent());
        assertThat(b.config("colors")).contains(Map.of("color", "red"));

        JsonNode put = ctl("link.put", "{\"source_id\":\"web\",\"target\":\"kv\",\"wit_namespace\":\"wasi\","
                + "\"wit_package\":\"keyvalue\",\"interfaces\":[\"store\"],\"source_config\":[\"colors\"]}");
        assertThat(put.path("success").asBoolean()).as(put.toString()).isTrue();
        await("link on a and b", () -> a.links().size() == 1 && b.links().size() == 1);
        assertThat(b.links().get(0).sourceConfig()).containsExactly("colors");
        assertThat(b.links().get(0).name()).isEqualTo("default");
        // events of the handling host reach the other host's listeners
        await("linkdef_set on both", () -> eventsA.stream().anyMatch(e -> e.name().equals("linkdef_set"))
                && eventsB.stream().anyMatch(e -> e.name().equals("linkdef_set")));

        JsonNode got = ctl("link.get", "");
        assertThat(got.path("response")).hasSize(1);
        assertThat(got.path("response").get(0).path("target").asText()).isEqualTo("kv");

        // the spec is in the bucket exactly as wasmCloud writes it
        JsonNode spec = JSON.readTree(wash.keyValue("LATTICEDATA_test").get("COMPONENT_web").getValue());
        assertThat(spec.path("url").asText()).isEmpty();
        assertThat(spec.path("links").get(0).path("wit_package").asText()).isEqualTo("keyvalue");

        assertThat(ctl("link.del", "{\"source_id\":\"web\",\"wit_namespace\":\"wasi\",\"wit_package\":\"keyvalue\"}")
                .path("success").asBoolean()).isTrue();
        await("link gone on b", () -> b.links().isEmpty());

        JsonNode cfg = ctl("config.get.colors", "");
        assertThat(cfg.path("response").path("color").asText()).isEqualTo("red");
        assertThat(ctl("config.del.colors", "").path("success").asBoolean()).isTrue();
        await("config gone on a", () -> a.config("colors").isEmpty());
        JsonNode missing = ctl("config.get.colors", "");
        assertThat(missing.path("success").asBoolean()).isTrue();
        assertThat(missing.path("message").asText()).isEqualTo("Configuration not found");
        assertThat(missing.has("response")).isFalse();
    }

    @Test
    void aLinkWrittenToTheBucketByAnotherPeerIsLoadedAtStartAndWatched() throws Exception {
        wash.keyValueManagement().create(io.nats.client.api.KeyValueConfiguration.builder()
                .name("LATTICEDATA_test").maxHistoryPerKey(1).build());
        wash.keyValue("LATTICEDATA_test").put("COMPONENT_early", ("{\"url\":\"\",\"links\":[{\"source_id\":\"early\","
                + "\"target\":\"t\",\"name\":\"default\",\"wit_namespace\":\"a\",\"wit_package\":\"b\","
                + "\"interfaces\":[\"c\"],\"source_config\":[],\"target_config\":[]}]}").getBytes(StandardCharsets.UTF_8));
        wash.keyValue("LATTICEDATA_test").put("CLAIMS_Mxyz", "{}".getBytes(StandardCharsets.UTF_8));
        wash.keyValue("LATTICEDATA_test").put("COMPONENT_broken", "not json".getBytes(StandardCharsets.UTF_8));
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        Host h = host(lattice(), events);
        assertThat(h.links()).hasSize(1);
        assertThat(h.links().get(0).sourceId()).isEqualTo("early");
        assertThat(events).noneMatch(e -> e.name().startsWith("linkdef"));   // the initial load emits nothing
        wash.keyValue("LATTICEDATA_test").delete("COMPONENT_early");
        await("deleted spec dropped", () -> h.links().isEmpty());
    }

    @Test
    void malformedRequestsGetSuccessFalseNamingTheFieldAndTheHostKeepsServing() throws Exception {
        Host h = host(lattice(), new CopyOnWriteArrayList<>());
        String scale = "component.scale." + h.hostId();
        assertThat(ctl(scale, "{not json").path("success").asBoolean()).isFalse();
        JsonNode wrongType = ctl(scale, "{\"component_id\":\"x\",\"count\":\"many\",\"component_ref\":\"r\"}");
        assertThat(wrongType.path("success").asBoolean()).isFalse();
        assertThat(wrongType.path("message").asText()).contains("count");
        JsonNode badId = ctl(scale, "{\"component_id\":\"a.b\",\"count\":1,\"component_ref\":\"r\"}");
        assertThat(badId.path("success").asBoolean()).isFalse();
        assertThat(badId.path("message").asText()).contains("component_id");
        JsonNode missing = ctl("link.put", "{\"source_id\":\"web\",\"wit_namespace\":\"wasi\"}");
        assertThat(missing.path("success").asBoolean()).isFalse();
        assertThat(missing.path("message").asText()).contains("target");
        JsonNode notStrings = ctl("config.put.bad", "{\"n\":1}");
        assertThat(notStrings.path("success").asBoolean()).isFalse();
        JsonNode unknown = ctl("host.frobnicate." + h.hostId(), "");
        assertThat(unknown.path("success").asBoolean()).isFalse();
        assertThat(unknown.path("message").asText()).isEqualTo("unsupported subject");
        JsonNode hostcore = ctl("label.put." + h.hostId(), "{\"key\":\"hostcore.os\",\"value\":\"x\"}");
        assertThat(hostcore.path("success").asBoolean()).isFalse();
        JsonNode noConfig = ctl("link.put", "{\"source_id\":\"web\",\"target\":\"kv\",\"wit_namespace\":\"wasi\","
                + "\"wit_package\":\"keyvalue\",\"interfaces\":[\"store\"],\"target_config\":[\"nope\"]}");
        assertThat(noConfig.path("success").asBoolean()).isFalse();
        assertThat(noConfig.path("message").asText()).contains("nope");
        assertThat(ctl("host.ping", "").path("success").asBoolean()).isTrue();   // still serving
    }

    @Test
    void auctionsAreAnsweredOnlyByEligibleHosts() throws Exception {
        Host h = host(lattice(), new CopyOnWriteArrayList<>());
        JsonNode ack = ctl("component.auction", "{\"component_ref\":\"r\",\"component_id\":\"c1\","
                + "\"constraints\":{\"zone\":\"a\"}}");
        assertThat(ack.path("response").path("host_id").asText()).isEqualTo(h.hostId());
        Message none = null;
        try {
            none = wash.request("wasmbus.ctl.v1.test.component.auction", "{\"component_id\":\"c1\",\"constraints\":{\"zone\":\"b\"}}"
                    .getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500));
        } catch (Exception e) {
            // no responders / timeout: nobody eligible
        }
        assertThat(none == null || none.isStatusMessage()).isTrue();
    }

    @Test
    void labelsScaleFailuresAndProviderStartsAreReportedAsEvents() throws Exception {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        Host h = host(lattice(), events);
        assertThat(ctl("label.put." + h.hostId(), "{\"key\":\"tier\",\"value\":\"gold\"}").path("success")
                .asBoolean()).isTrue();
        assertThat(h.labels()).containsEntry("tier", "gold");
        assertThat(ctl("label.del." + h.hostId(), "{\"key\":\"tier\"}").path("success").asBoolean()).isTrue();
        assertThat(h.labels()).doesNotContainKey("tier");

        assertThat(ctl("component.scale." + h.hostId(), "{\"component_ref\":\"" + CFG + "\",\"component_id\":\"cfg\","
                + "\"count\":1,\"config\":[\"absent\"]}").path("success").asBoolean()).isTrue();
        await("scale failed", () -> events.stream().anyMatch(e -> e.name().equals("component_scale_failed")));
        assertThat(events).filteredOn(e -> e.name().equals("component_scale_failed")).first()
                .satisfies(e -> assertThat(e.field("error").asText()).contains("absent"));
        assertThat(h.components()).isEmpty();

        assertThat(ctl("provider.start." + h.hostId(), "{\"provider_id\":\"httpserver\",\"provider_ref\":"
                + "\"ghcr.io/wasmcloud/http-server:0.23.0\"}").path("success").asBoolean()).isTrue();
        await("provider_start_failed", () -> events.stream().anyMatch(e -> e.name().equals("provider_start_failed")));
        assertThat(events).filteredOn(e -> e.name().equals("provider_start_failed")).first()
                .satisfies(e -> assertThat(e.field("error").asText()).contains("JVM"));
    }

    @Test
    void aNatsRestartUnderLoadLosesNoStateAndTheHostResumesServingAndHeartbeats() throws Exception {
        List<LatticeEvent> eventsB = new CopyOnWriteArrayList<>();
        NatsLattice la = lattice();
        Host a = Host.builder().lattice(la).engineMode(Engine.Mode.INTERPRETER)
                .heartbeatInterval(Duration.ofMillis(200)).build();
        closing.add(a);
        Host b = host(lattice(), eventsB);
        a.startComponent("hello", HELLO, 4);
        a.putConfig("before", Map.of("k", "v"));
        a.putLink(new org.wasmcloud4j.host.lattice.Link("hello", "t", "default", "x", "y", List.of("z"), List.of(),
                List.of()));
        await("config and link on b", () -> b.config("before").isPresent() && b.links().size() == 1);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {   // invocations keep working through the outage: they need no NATS
                a.invoke("hello", "greet", new Value.Str("x"));
                calls.incrementAndGet();
            }
        });
        load.start();
        try {
            nats.pause();
            await("disconnected", () -> !la.connected());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.putConfig("during", Map.of("k", "v")))
                    .hasMessageContaining("NATS");
            int duringOutage = calls.get();
            nats.resume();
            await("reconnected", la::connected);
            await("ping answered", () -> {
                try {
                    return ctl("host.ping", "").path("success").asBoolean();
                } catch (Exception | AssertionError e) {   // the client may still be reconnecting
                    return false;
                }
            });
            assertThat(calls.get()).isGreaterThan(duringOutage);
        } finally {
            running.set(false);
            load.join();
        }
        assertThat(b.config("before")).contains(Map.of("k", "v"));
        assertThat(b.links()).hasSize(1);
        a.putConfig("after", Map.of("k", "w"));
        await("config after the restart on b", () -> b.config("after").isPresent());
        assertThat(ctl("config.get.before", "").path("response").path("k").asText()).isEqualTo("v");
        int beats = (int) eventsB.stream().filter(e -> e.name().equals("host_heartbeat")).count();
        await("heartbeats of a reach b again", () -> eventsB.stream()
                .filter(e -> e.name().equals("host_heartbeat") && e.source().equals(a.hostId())).count() > beats);
    }

    @Test
    void aReplyOverTheServersMaxPayloadIsRefusedCleanly() throws Exception {
        Path conf = dir.resolve("small.conf");
        java.nio.file.Files.writeString(conf, "max_payload: 4096\n");
        try (NatsServer small = NatsServer.start(dir.resolve("small"), "-c", conf.toString());
                Connection peer = Nats.connect(small.url())) {
            NatsLattice l = NatsLattice.connect(NatsOptions.builder().server(small.url()).lattice("test").build());
            closing.add(l);
            Host h = Host.builder().lattice(l).engineMode(Engine.Mode.INTERPRETER).label("a", "x".repeat(2500))
                    .label("b", "y".repeat(2500)).build();   // its inventory is over 4 KiB
            closing.add(h);
            Message m = peer.request("wasmbus.ctl.v1.test.host.get." + h.hostId(), new byte[0], Duration.ofSeconds(5));
            JsonNode reply = JSON.readTree(m.getData());
            assertThat(reply.path("success").asBoolean()).isFalse();
            assertThat(reply.path("message").asText()).contains("max payload").contains("4096");
            assertThat(JSON.readTree(peer.request("wasmbus.ctl.v1.test.config.get.none", new byte[0],
                    Duration.ofSeconds(5)).getData()).path("success").asBoolean()).isTrue();   // still serving
        }
    }

    @Test
    void javaProvidersRegisteredByReferenceStartListAndStopThroughTheControlInterface() throws Exception {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        Host h = Host.builder().lattice(lattice()).engineMode(Engine.Mode.INTERPRETER).listener(events::add)
                .providerFactory("java:echo", (id, config) -> Map.of("example:echo/echo",
                        Map.of("echo", args -> args.get(0))))
                .build();
        closing.add(h);
        assertThat(ctl("provider.start." + h.hostId(), "{\"provider_id\":\"echo\",\"provider_ref\":\"java:echo\"}")
                .path("success").asBoolean()).isTrue();
        await("provider_started", () -> events.stream().anyMatch(e -> e.name().equals("provider_started")));
        assertThat(h.providerIds()).containsExactly("echo");
        JsonNode inv = ctl("host.get." + h.hostId(), "").path("response");
        assertThat(inv.path("providers").get(0).path("id").asText()).isEqualTo("echo");
        assertThat(inv.path("providers").get(0).path("image_ref").asText()).isEqualTo("java:echo");
        JsonNode again = ctl("provider.start." + h.hostId(), "{\"provider_id\":\"echo\",\"provider_ref\":\"java:echo\"}");
        assertThat(again.path("success").asBoolean()).isFalse();
        assertThat(again.path("message").asText()).contains("already running");
        assertThat(ctl("provider.stop." + h.hostId(), "{\"provider_id\":\"echo\"}").path("success").asBoolean()).isTrue();
        assertThat(events).anyMatch(e -> e.name().equals("provider_stopped") && e.field("provider_id").asText()
                .equals("echo"));
        assertThat(h.providerIds()).isEmpty();
        assertThat(ctl("provider.stop." + h.hostId(), "{\"provider_id\":\"echo\"}").path("success").asBoolean())
                .isFalse();
    }

    @Test
    void aServerThatRequiresAnNkeyIsJoinedWithTheSeedAndRefusesWithoutIt() throws Exception {
        io.nats.client.NKey user = io.nats.client.NKey.createUser(null);
        Path conf = dir.resolve("nkey.conf");
        java.nio.file.Files.writeString(conf, "authorization { users = [ { nkey: " + new String(user.getPublicKey())
                + " } ] }\n");
        try (NatsServer secured = NatsServer.start(dir.resolve("secured"), "-c", conf.toString())) {
            NatsLattice l = NatsLattice.connect(NatsOptions.builder().server(secured.url()).lattice("test")
                    .nkeySeed(user.getSeed()).build());
            closing.add(l);
            assertThat(l.connected()).isTrue();
            Host h = host(l, new CopyOnWriteArrayList<>());
            h.putConfig("k", Map.of("a", "b"));
            assertThat(h.config("k")).contains(Map.of("a", "b"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NatsLattice.connect(NatsOptions.builder()
                    .server(secured.url()).lattice("test").maxReconnects(0).build()))
                    .isInstanceOf(org.wasmcloud4j.host.HostException.class).hasMessageContaining("cannot connect");
        }
    }

    @Test
    void configPutThroughTheControlInterfaceIsSeenLiveByARunningComponent() throws Exception {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        Host h = host(lattice(), events);
        assertThat(ctl("config.put.colors", "{\"color\":\"red\"}").path("success").asBoolean()).isTrue();
        await("config here", () -> h.config("colors").isPresent());
        JsonNode scale = ctl("component.scale." + h.hostId(), "{\"component_ref\":\"" + CFG + "\","
                + "\"component_id\":\"cfg\",\"count\":1,\"config\":[\"colors\"]}");
        assertThat(scale.path("success").asBoolean()).isTrue();
        await("cfg running", () -> !h.components().isEmpty());
        assertThat(color(h)).isEqualTo("ok(some(\"red\"))");
        assertThat(ctl("config.put.colors", "{\"color\":\"blue\"}").path("success").asBoolean()).isTrue();
        await("the next invocation sees blue", () -> color(h).equals("ok(some(\"blue\"))"));
        assertThat(events).filteredOn(e -> e.name().equals("config_set"))
                .extracting(e -> e.field("config_name").asText()).contains("colors");
        assertThat(ctl("config.del.colors", "").path("success").asBoolean()).isTrue();
        await("gone", () -> color(h).equals("ok(none)"));
    }

    private static String color(Host h) {
        return org.wasmcloud4j.component.value.Wave.print(h.invoke("cfg", "store", "get",
                List.of(new Value.Str("color"))).orElseThrow());
    }
}
