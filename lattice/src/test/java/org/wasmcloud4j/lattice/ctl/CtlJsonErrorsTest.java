package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Bad payloads fail with a {@link CtlDecodeException} naming the field, as a host puts it into its reply. */
class CtlJsonErrorsTest {
    private static AbstractThrowableAssert<?, ?> fails(String json, Class<?> type, String field) {
        return assertThatThrownBy(() -> CtlJson.decode(json.getBytes(StandardCharsets.UTF_8), type))
                .isInstanceOf(CtlDecodeException.class)
                .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo(field))
                .hasMessageStartingWith("invalid " + type.getSimpleName());
    }

    @Test
    void wrongJsonTypes() {
        fails("{\"component_id\":\"c\",\"count\":\"5\"}", ScaleComponentCommand.class, "count")
                .hasMessageContaining("count: expected an integer, got a string");
        fails("{\"component_id\":\"c\",\"count\":1.5}", ScaleComponentCommand.class, "count")
                .hasMessageContaining("got a number with a fraction");
        fails("{\"component_id\":\"c\",\"count\":null}", ScaleComponentCommand.class, "count")
                .hasMessageContaining("must not be null");
        fails("{\"component_id\":\"c\",\"count\":4294967296}", ScaleComponentCommand.class, "count")
                .hasMessageContaining("out of range");
        fails("{\"component_id\":\"c\",\"count\":-1}", ScaleComponentCommand.class, "count")
                .hasMessageContaining("must not be negative");
        fails("{\"component_id\":\"c\",\"allow_update\":\"true\"}", ScaleComponentCommand.class, "allow_update")
                .hasMessageContaining("expected a boolean, got a string");
        fails("{\"component_id\":\"c\",\"allow_update\":1}", ScaleComponentCommand.class, "allow_update");
        fails("{\"component_id\":7}", ScaleComponentCommand.class, "component_id")
                .hasMessageContaining("expected a string, got an integer");
        fails("{\"component_id\":\"c\",\"config\":\"base\"}", ScaleComponentCommand.class, "config")
                .hasMessageContaining("expected an array, got a string");
        fails("{\"component_id\":\"c\",\"config\":[1]}", ScaleComponentCommand.class, "config[0]");
        fails("{\"component_id\":\"c\",\"config\":[null]}", ScaleComponentCommand.class, "config[0]");
        fails("{\"component_id\":\"c\",\"annotations\":{\"a\":1}}", ScaleComponentCommand.class, "annotations.a");
        fails("{\"component_id\":\"c\",\"annotations\":{\"a\":null}}", ScaleComponentCommand.class, "annotations.a");
        fails("{\"component_id\":\"c\",\"annotations\":[]}", ScaleComponentCommand.class, "annotations");
        fails("{\"key\":\"k\",\"value\":false}", HostLabel.class, "value");
        fails("{\"host_id\":\"\",\"timeout\":\"10\"}", StopHostCommand.class, "timeout");
        fails("[]", Link.class, "").hasMessageContaining("expected an object, got an array");
    }

    @Test
    void missingRequiredFields() {
        fails("{}", ScaleComponentCommand.class, "component_id").hasMessageContaining("component_id is required");
        fails("{\"component_id\":\"c\"}", ComponentAuctionRequest.class, "constraints");
        fails("{\"constraints\":{}}", ProviderAuctionRequest.class, "provider_id");
        fails("{\"component_id\":\"c\"}", UpdateComponentCommand.class, "new_component_ref");
        fails("{\"host_id\":\"\"}", StopProviderCommand.class, "provider_id");
        fails("{\"target\":\"t\",\"wit_namespace\":\"w\",\"wit_package\":\"p\",\"interfaces\":[]}", Link.class,
                "source_id");
        fails("{\"source_id\":\"s\",\"target\":\"t\",\"wit_namespace\":\"w\",\"wit_package\":\"p\"}", Link.class,
                "interfaces");
        fails("{\"source_id\":\"s\",\"wit_namespace\":\"w\"}", DeleteInterfaceLinkDefinitionRequest.class,
                "wit_package");
        fails("{\"value\":\"v\"}", HostLabel.class, "key");
        fails("{\"key\":\"k\"}", HostLabel.class, "value");
        fails("{}", HostLabelIdentifier.class, "key");
        fails("{\"providers\":[]}", HostInventory.class, "components");
        fails("{\"id\":\"x\",\"type\":\"t\",\"source\":\"s\"}", CloudEvent.class, "specversion");
    }

    @Test
    void idsThatAreNotNatsTokens() {
        fails("{\"component_id\":\"a.b\"}", ScaleComponentCommand.class, "component_id")
                .hasMessageContaining("component_id 'a.b' is not a valid NATS subject token");
        fails("{\"component_id\":\"\"}", ScaleComponentCommand.class, "component_id")
                .hasMessageContaining("must not be empty");
        fails("{\"component_id\":\"c\",\"host_id\":\"N*\"}", ScaleComponentCommand.class, "host_id");
        fails("{\"component_id\":\"c\",\"config\":[\"ok\",\"bad name\"]}", ScaleComponentCommand.class, "config[1]")
                .hasMessageContaining("U+0020");
        fails("{\"provider_id\":\">\"}", StartProviderCommand.class, "provider_id");
        fails("{\"provider_ref\":\"x.y\"}", StopProviderCommand.class, "provider_id");
        fails("{\"source_id\":\"s\",\"target\":\"t\\n\",\"wit_namespace\":\"w\",\"wit_package\":\"p\",\"interfaces\":[]}",
                Link.class, "target").hasMessageContaining("U+000A");
        fails("{\"source_id\":\"s\",\"target\":\"t\",\"wit_namespace\":\"w\",\"wit_package\":\"p\",\"interfaces\":[],"
                + "\"target_config\":[\"a.b\"]}", Link.class, "target_config[0]");
        fails("{\"host_id\":\"a b\"}", StopHostCommand.class, "host_id");
    }

    @Test
    void notJson() {
        fails("", ScaleComponentCommand.class, "").hasMessageContaining("empty payload");
        fails("{\"component_id\":", ScaleComponentCommand.class, "").hasMessageContaining("not valid JSON");
        fails("{\"component_id\":\"c\"} {}", ScaleComponentCommand.class, "").hasMessageContaining("trailing");
        fails("{\"component_id\":\"c\",\"component_id\":\"d\"}", ScaleComponentCommand.class, "")
                .hasMessageContaining("Duplicate field");
        fails("\u00ff\u00fe", ScaleComponentCommand.class, "");
    }

    @Test
    void hostileSizesFailCleanly() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        fails("{\"specversion\":\"1.0\",\"id\":\"i\",\"type\":\"t\",\"source\":\"s\",\"data\":{\"x\":" + deep
                + "}}", CloudEvent.class, "").hasMessageContaining("nesting depth").hasMessageContaining("128");
        String ok = "[".repeat(120) + "]".repeat(120);
        assertThat(CtlJson.decode(("{\"specversion\":\"1.0\",\"id\":\"i\",\"type\":\"t\",\"source\":\"s\","
                + "\"data\":{\"x\":" + ok + "}}").getBytes(), CloudEvent.class).data()).containsKey("x");
        fails("{\"component_id\":\"c\",\"count\":" + "9".repeat(5000) + "}", ScaleComponentCommand.class, "");
        fails("{\"component_id\":\"c\",\"count\":1e400}", ScaleComponentCommand.class, "count");
    }

    @Test
    void nestedPathsAndReplies() {
        fails("{\"components\":[{\"id\":\"a\"},{\"max_instances\":-2}],\"providers\":[]}", HostInventory.class,
                "components[1].max_instances").hasMessageContaining("components[1].max_instances must not be negative");
        fails("{\"components\":[{\"id\":\"a\",\"revision\":\"1\"}],\"providers\":[]}", HostInventory.class,
                "components[0].revision");
        assertThatThrownBy(() -> CtlJson.decodeResponse("{\"message\":\"\"}".getBytes(), CtlJson.Shape.NONE))
                .isInstanceOf(CtlDecodeException.class).hasMessageContaining("success").hasMessageContaining("required");
        assertThatThrownBy(() -> CtlJson.decodeResponse("{\"success\":\"yes\"}".getBytes(), CtlJson.Shape.NONE))
                .isInstanceOf(CtlDecodeException.class).hasMessageContaining("success: expected a boolean");
        assertThatThrownBy(() -> CtlJson.decodeResponse(
                "{\"success\":true,\"response\":[{\"source_id\":\"a\"}]}".getBytes(), CtlJson.Shape.listOf(Link.class)))
                .isInstanceOf(CtlDecodeException.class)
                .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo("response[0].target"));
        assertThatThrownBy(() -> CtlJson.decodeResponse("{\"success\":true,\"response\":{\"a\":null}}".getBytes(),
                CtlJson.Shape.STRING_MAP)).isInstanceOf(CtlDecodeException.class)
                .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo("response.a"));
        assertThatThrownBy(() -> CtlJson.decode("{\"a\":[\"x\"]}".getBytes(), CtlJson.Shape.STRING_MAP))
                .isInstanceOf(CtlDecodeException.class)
                .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo("a"));
        assertThatThrownBy(() -> CtlJson.decode("{\"r\":{\"registryType\":1}}".getBytes(),
                CtlJson.Shape.mapOf(RegistryCredential.class))).isInstanceOf(CtlDecodeException.class)
                .satisfies(e -> assertThat(((CtlDecodeException) e).field()).isEqualTo("r.registryType"));
    }

    @Test
    void javaCallersGetIllegalArgumentException() {
        assertThatThrownBy(() -> ScaleComponentCommand.of("r", "a.b", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component_id");
        assertThatThrownBy(() -> Link.of("s", "t", "wasi", "keyvalue", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interfaces");
    }
}
