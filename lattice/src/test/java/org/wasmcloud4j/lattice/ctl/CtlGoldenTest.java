package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden payload both ways: decoding gives exactly the record written in {@link Golden} (field by field,
 * through record equality), and encoding that record gives the same JSON tree as the file.
 */
class CtlGoldenTest {
    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("host.json", CtlJson.Shape.of(Host.class), Golden.host()),
                Arguments.of("host-inventory.json", CtlJson.Shape.of(HostInventory.class), Golden.inventory()),
                Arguments.of("component-auction-request.json", CtlJson.Shape.of(ComponentAuctionRequest.class),
                        Golden.componentAuctionRequest()),
                Arguments.of("component-auction-ack.json", CtlJson.Shape.of(ComponentAuctionAck.class),
                        Golden.componentAuctionAck()),
                Arguments.of("provider-auction-request.json", CtlJson.Shape.of(ProviderAuctionRequest.class),
                        Golden.providerAuctionRequest()),
                Arguments.of("provider-auction-ack.json", CtlJson.Shape.of(ProviderAuctionAck.class),
                        Golden.providerAuctionAck()),
                Arguments.of("scale-component-command.json", CtlJson.Shape.of(ScaleComponentCommand.class),
                        Golden.scale()),
                Arguments.of("update-component-command.json", CtlJson.Shape.of(UpdateComponentCommand.class),
                        Golden.update()),
                Arguments.of("start-provider-command.json", CtlJson.Shape.of(StartProviderCommand.class),
                        Golden.startProvider()),
                Arguments.of("stop-provider-command.json", CtlJson.Shape.of(StopProviderCommand.class),
                        Golden.stopProvider()),
                Arguments.of("stop-host-command.json", CtlJson.Shape.of(StopHostCommand.class), Golden.stopHost()),
                Arguments.of("link.json", CtlJson.Shape.of(Link.class), Golden.link()),
                Arguments.of("delete-link-request.json", CtlJson.Shape.of(DeleteInterfaceLinkDefinitionRequest.class),
                        Golden.deleteLink()),
                Arguments.of("registries.json", CtlJson.Shape.mapOf(RegistryCredential.class), Golden.registries()),
                Arguments.of("host-label.json", CtlJson.Shape.of(HostLabel.class), Golden.label()),
                Arguments.of("host-label-identifier.json", CtlJson.Shape.of(HostLabelIdentifier.class),
                        Golden.labelIdentifier()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    <T> void decodesToTheRecordAndEncodesBackToTheSameTree(String file, CtlJson.Shape<T> shape, T expected) {
        byte[] golden = Golden.bytes(file);
        T decoded = CtlJson.decode(golden, shape);
        assertThat(decoded).isEqualTo(expected);
        assertThat(CtlJson.tree(CtlJson.encode(decoded))).isEqualTo(CtlJson.tree(golden));
        assertThat(CtlJson.tree(CtlJson.encode(expected))).isEqualTo(CtlJson.tree(golden));
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of("response-inventory.json", CtlJson.Shape.of(HostInventory.class),
                        CtlResponse.ok(Golden.inventory())),
                Arguments.of("response-host.json", CtlJson.Shape.of(Host.class), CtlResponse.ok(Golden.host())),
                Arguments.of("response-accepted.json", CtlJson.Shape.NONE,
                        CtlResponse.accepted("successfully put config")),
                Arguments.of("response-error.json", CtlJson.Shape.NONE,
                        CtlResponse.error("component with ID 'http-hello' not found")),
                Arguments.of("response-links.json", CtlJson.Shape.listOf(Link.class),
                        CtlResponse.ok(List.of(Golden.link(), Golden.webLink()))),
                Arguments.of("response-config.json", CtlJson.Shape.STRING_MAP, CtlResponse.ok(Golden.config())),
                Arguments.of("response-config-missing.json", CtlJson.Shape.STRING_MAP,
                        CtlResponse.accepted("Configuration not found")),
                Arguments.of("response-claims.json", CtlJson.Shape.CLAIMS, CtlResponse.ok(Golden.claims())),
                Arguments.of("response-component-auction-ack.json", CtlJson.Shape.of(ComponentAuctionAck.class),
                        CtlResponse.ok(Golden.componentAuctionAck())),
                Arguments.of("response-provider-auction-ack.json", CtlJson.Shape.of(ProviderAuctionAck.class),
                        CtlResponse.ok(Golden.providerAuctionAck())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    <T> void repliesBothWays(String file, CtlJson.Shape<T> shape, CtlResponse<T> expected) {
        byte[] golden = Golden.bytes(file);
        CtlResponse<T> decoded = CtlJson.decodeResponse(golden, shape);
        assertThat(decoded).isEqualTo(expected);
        assertThat(CtlJson.tree(CtlJson.encode(decoded))).isEqualTo(CtlJson.tree(golden));
    }

    @Test
    void fieldsTheNotesSingleOut() {
        JsonNode scale = CtlJson.tree(CtlJson.encode(ScaleComponentCommand.of("r", "c", 3)));
        assertThat(scale.get("count").asInt()).isEqualTo(3);
        assertThat(scale.has("max_instances")).isFalse();
        assertThat(scale.get("allow_update").asBoolean()).isFalse();
        assertThat(scale.has("component_limits")).as("omitted when unset").isFalse();

        JsonNode desc = CtlJson.tree(CtlJson.encode(new ComponentDescription("c", "r", null, null, 0, 1, null)));
        assertThat(desc.has("limits")).as("limits always sent").isTrue();
        assertThat(desc.get("limits").isNull()).isTrue();
        assertThat(desc.get("annotations").isObject()).as("annotations always sent").isTrue();
        assertThat(desc.has("name")).isFalse();

        JsonNode cred = CtlJson.tree(CtlJson.encode(new RegistryCredential(null, null, null, null)));
        assertThat(cred.get("registryType").asText()).isEqualTo("oci");
        assertThat(cred.has("registry_type")).isFalse();

        JsonNode ok = CtlJson.tree(CtlJson.encode(CtlResponse.accepted("")));
        assertThat(ok.get("message").asText()).isEmpty();
        assertThat(ok.has("response")).isFalse();

        JsonNode stop = CtlJson.tree(CtlJson.encode(new StopHostCommand("", null)));
        assertThat(stop.has("timeout")).isFalse();
    }

    @Test
    void defaultsAndAliases() {
        ScaleComponentCommand scale = CtlJson.decode("{\"component_id\":\"c\"}".getBytes(), ScaleComponentCommand.class);
        assertThat(scale).isEqualTo(new ScaleComponentCommand("", "c", Map.of(), 0, null, "", List.of(), false));

        Link link = CtlJson.decode(("{\"source_id\":\"a\",\"target\":\"b\",\"wit_namespace\":\"wasi\","
                + "\"wit_package\":\"keyvalue\",\"interfaces\":[\"store\"],\"source_config\":null}").getBytes(), Link.class);
        assertThat(link.name()).isEqualTo("default");
        assertThat(link.sourceConfig()).isEmpty();
        assertThat(link.targetConfig()).isEmpty();

        HostInventory inv = CtlJson.decode("{\"actors\":[{\"id\":\"a\"}],\"providers\":[],\"unknown\":{\"x\":1}}"
                .getBytes(), HostInventory.class);
        assertThat(inv.components()).extracting(ComponentDescription::id).containsExactly("a");
        assertThat(inv.components().get(0).limits()).isNull();
        assertThat(inv.labels()).isEmpty();

        StopProviderCommand stop = CtlJson.decode("{\"provider_ref\":\"p\"}".getBytes(), StopProviderCommand.class);
        assertThat(stop.providerId()).isEqualTo("p");
        assertThat(stop.hostId()).isEmpty();

        HostLabelIdentifier del = CtlJson.decode("{\"key\":\"k\",\"value\":\"v\"}".getBytes(), HostLabelIdentifier.class);
        assertThat(del.key()).isEqualTo("k");

        RegistryCredential cred = CtlJson.decode("{\"username\":\"u\"}".getBytes(), RegistryCredential.class);
        assertThat(cred.registryType()).isEqualTo("oci");
        assertThat(CtlJson.decode("{\"registryType\":\"docker\"}".getBytes(), RegistryCredential.class).registryType())
                .isEqualTo("docker");

        CtlResponse<Void> noMessage = CtlJson.decodeResponse("{\"success\":true}".getBytes(), CtlJson.Shape.NONE);
        assertThat(noMessage.message()).isEmpty();
    }

    @Test
    void eventsDecodeToCloudEvents() {
        CloudEvent scaled = CtlJson.decode(Golden.bytes("event-component-scaled.json"), CloudEvent.class);
        assertThat(scaled.specversion()).isEqualTo("1.0");
        assertThat(scaled.name()).isEqualTo("component_scaled");
        assertThat(scaled.source()).isEqualTo(Golden.HOST_ID);
        assertThat(scaled.instant()).isPresent();
        assertThat(scaled.datacontenttype()).isEqualTo("application/json");
        assertThat(scaled.data().get("max_instances")).isEqualTo(5L);
        assertThat(scaled.dataString("component_id")).contains("http-hello");
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) scaled.data().get("claims");
        assertThat(claims).containsEntry("call_alias", null).containsEntry("tags", List.of());
        assertThat(CtlJson.tree(CtlJson.encode(scaled))).isEqualTo(CtlJson.tree(Golden.bytes("event-component-scaled.json")));

        CloudEvent heartbeat = CtlJson.decode(Golden.bytes("event-host-heartbeat.json"), CloudEvent.class);
        assertThat(heartbeat.name()).isEqualTo("host_heartbeat");
        HostInventory inv = CtlJson.decode(CtlJson.encode(heartbeat.data()), HostInventory.class);
        assertThat(inv).isEqualTo(Golden.inventory());
    }

    @Test
    void credentialsNeverPrinted() {
        assertThat(RegistryCredential.basic("u", "hunter2").toString()).doesNotContain("hunter2").contains("***");
        assertThat(RegistryCredential.bearer("t0k3n").toString()).doesNotContain("t0k3n");
    }
}
