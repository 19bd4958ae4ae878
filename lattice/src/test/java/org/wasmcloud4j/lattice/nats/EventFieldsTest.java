package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * Every lattice event a host publishes, as a NATS peer (wadm) receives it, checked field by field against the
 * protocol notes §2: the CloudEvents envelope and the exact set of {@code data} fields of each event.
 */
class EventFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LINK = Set.of("source_id", "target", "name", "wit_namespace", "wit_package",
            "interfaces", "source_config", "target_config");
    private static final Set<String> COMPONENT = Set.of("annotations", "host_id", "image_ref", "max_instances",
            "component_id");

    @TempDir
    Path dir;

    @Test
    void everyEventHasTheEnvelopeAndTheDataFieldsWasmCloudSends() throws Exception {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("host_started", Set.of("friendly_name", "labels", "uptime_seconds", "version"));
        expected.put("config_set", Set.of("config_name"));
        expected.put("component_scaled", COMPONENT);
        expected.put("component_scale_failed", union(COMPONENT, Set.of("error")));
        expected.put("linkdef_set", LINK);
        expected.put("linkdef_set_failed", union(LINK, Set.of("error")));
        expected.put("linkdef_deleted", Set.of("source_id", "name", "wit_namespace", "wit_package", "target",
                "interfaces"));
        expected.put("labels_changed", Set.of("host_id", "labels"));
        expected.put("provider_started", Set.of("host_id", "image_ref", "provider_id", "annotations"));
        expected.put("provider_start_failed", Set.of("provider_ref", "provider_id", "error", "link_name", "host_id"));
        expected.put("provider_stopped", Set.of("host_id", "provider_id", "annotations", "reason", "instance_id",
                "public_key", "link_name"));
        expected.put("config_deleted", Set.of("config_name"));
        expected.put("host_heartbeat", Set.of("components", "providers", "host_id", "friendly_name", "labels",
                "version", "uptime_human", "uptime_seconds"));
        expected.put("host_stopped", Set.of("labels"));

        Map<String, JsonNode> seen = new LinkedHashMap<>();
        try (NatsServer nats = NatsServer.start(dir.resolve("nats")); Connection wadm = Nats.connect(nats.url())) {
            Subscription sub = wadm.subscribe("wasmbus.evt.ev.>");
            wadm.flush(Duration.ofSeconds(5));
            String hostId;
            try (NatsLattice lattice = NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("ev")
                    .build())) {
                Host h = Host.builder().lattice(lattice).engineMode(Engine.Mode.INTERPRETER)
                        .heartbeatInterval(Duration.ofMillis(300)).build();
                hostId = h.hostId();
                h.putConfig("c", Map.of("k", "v"));
                h.startComponent("hello", NatsLatticeTest.HELLO, 1);
                try {
                    h.startComponent("bad", "classpath:nope.wasm", 1);
                } catch (RuntimeException expectedFailure) {
                    // component_scale_failed
                }
                ctl(wadm, "link.put", "{\"source_id\":\"hello\",\"target\":\"t\",\"wit_namespace\":\"a\","
                        + "\"wit_package\":\"b\",\"interfaces\":[\"c\"]}");
                ctl(wadm, "link.put", "{\"source_id\":\"hello\",\"target\":\"other\",\"wit_namespace\":\"a\","
                        + "\"wit_package\":\"b\",\"interfaces\":[\"c\"]}");   // conflicts: linkdef_set_failed
                ctl(wadm, "link.del", "{\"source_id\":\"hello\",\"wit_namespace\":\"a\",\"wit_package\":\"b\"}");
                h.putLabel("tier", "gold");
                h.startProvider("http", "wasmcloud+builtin://http-server", List.of(), Map.of());
                try {
                    h.startProvider("native", "ghcr.io/wasmcloud/keyvalue-redis:0.28.1", List.of(), Map.of());
                } catch (RuntimeException expectedFailure) {
                    // provider_start_failed
                }
                h.stopProvider("http");
                h.deleteConfig("c");
                Thread.sleep(700);   // a heartbeat or two
                h.stop(Duration.ofSeconds(5));
            }
            Message m;
            while ((m = sub.nextMessage(Duration.ofSeconds(1))) != null) {
                JsonNode ce = JSON.readTree(m.getData());
                String name = m.getSubject().substring("wasmbus.evt.ev.".length());
                seen.putIfAbsent(name, ce);
                assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
                assertThat(ce.path("type").asText()).isEqualTo("com.wasmcloud.lattice." + name);
                assertThat(ce.path("source").asText()).isEqualTo(hostId);
                assertThat(ce.path("datacontenttype").asText()).isEqualTo("application/json");
                assertThat(UUID.fromString(ce.path("id").asText())).isNotNull();
                assertThat(Instant.parse(ce.path("time").asText())).isNotNull();
                assertThat(fieldNames(ce)).containsExactlyInAnyOrder("specversion", "id", "type", "source", "time",
                        "datacontenttype", "data");
            }
        }
        assertThat(seen.keySet()).containsAll(expected.keySet());
        expected.forEach((name, fields) -> assertThat(fieldNames(seen.get(name).path("data"))).as(name)
                .containsExactlyInAnyOrderElementsOf(fields));
        JsonNode beat = seen.get("host_heartbeat").path("data");
        assertThat(beat.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");   // wadm parses it as semver
        assertThat(fieldNames(beat.path("components").get(0))).containsExactlyInAnyOrder("id", "image_ref",
                "annotations", "revision", "max_instances", "limits");
        assertThat(seen.get("host_started").path("data").path("uptime_seconds").asInt()).isZero();
        assertThat(seen.get("provider_stopped").path("data").path("reason").asText()).isEqualTo("stop");
        assertThat(seen.get("component_scale_failed").path("data").path("max_instances").asInt()).isEqualTo(1);
    }

    private static void ctl(Connection c, String subject, String body) throws Exception {
        c.request("wasmbus.ctl.v1.ev." + subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    }

    private static Set<String> fieldNames(JsonNode o) {
        Set<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
