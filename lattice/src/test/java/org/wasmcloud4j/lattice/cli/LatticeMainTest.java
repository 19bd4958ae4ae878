package org.wasmcloud4j.lattice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.lattice.NatsServer;
import org.wasmcloud4j.lattice.ctl.CtlTestPeer;
import org.wasmcloud4j.lattice.ctl.Golden;

/** {@link LatticeMain} in-process against nats-server and the test peer: the JSON it prints, its exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatticeMainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String H = Golden.HOST_ID;

    @TempDir
    static Path dir;
    private NatsServer nats;
    private CtlTestPeer peer;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    void start() throws Exception {
        nats = NatsServer.start(dir.resolve("nats"));
        peer = CtlTestPeer.start(nats.url(), "default");
    }

    @AfterAll
    void stop() throws Exception {
        peer.close();
        nats.close();
    }

    @BeforeEach
    void forget() {
        peer.clearRequests();
    }

    private Result run(String... args) {
        return runWith(Map.of(), args);
    }

    private Result runWith(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && all.get(0).equals("ctl") && !env.containsKey("WASMCLOUD_NATS_URL")) {
            all.addAll(List.of("--nats-url", nats.url(), "--gather-timeout", "300ms", "--request-timeout", "1s"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LatticeMain.run(all.toArray(String[]::new), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode golden(String file) throws Exception {
        return JSON.readTree(Golden.bytes(file));
    }

    private JsonNode bodyOn(String suffix) throws Exception {
        String subject = "wasmbus.ctl.v1.default." + suffix;
        while (true) {
            CtlTestPeer.Request r = peer.nextRequest();
            if (r.subject().equals(subject)) {
                return JSON.readTree(r.body());
            }
        }
    }

    private static final JsonNode OK = okNode("");

    private static JsonNode okNode(String message) {
        return JSON.createObjectNode().put("success", true).put("message", message);
    }

    @Test
    void getPrintsTheRepliesAsJson() throws Exception {
        Result hosts = run("ctl", "get", "hosts");
        assertThat(hosts.code()).as(hosts.err()).isZero();
        assertThat(hosts.json()).isEqualTo(JSON.createArrayNode().add(golden("host.json")));
        assertThat(hosts.out()).as("pretty").contains("\n  ");

        assertThat(run("ctl", "get", "inventory", H).json()).isEqualTo(golden("host-inventory.json"));
        assertThat(run("ctl", "get", "links").json()).isEqualTo(golden("response-links.json").get("response"));
        assertThat(run("ctl", "get", "claims").json()).isEqualTo(golden("response-claims.json").get("response"));
        assertThat(run("ctl", "get", "config", "redis").json()).isEqualTo(golden("response-config.json").get("response"));

        Result missing = run("ctl", "get", "config", "nothing-here");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("no config named 'nothing-here'");
    }

    @Test
    void commandsSendTheGoldenJson() throws Exception {
        Result scale = run("ctl", "scale", H, "http-hello", Golden.HELLO_REF, "5", "--config", "base", "--config",
                "override", "--annotation", "wasmcloud.dev/appspec=hello", "--allow-update");
        assertThat(scale.code()).as(scale.err()).isZero();
        assertThat(scale.json()).isEqualTo(OK);
        JsonNode expected = golden("scale-component-command.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("component_limits");
        assertThat(bodyOn("component.scale." + H)).isEqualTo(expected);

        assertThat(run("ctl", "update", H, "http-hello", "ghcr.io/wasmcloud/components/http-hello-world-rust:0.2.0",
                "--annotation", "wasmcloud.dev/appspec=hello").json()).isEqualTo(OK);
        assertThat(bodyOn("component.update." + H)).isEqualTo(golden("update-component-command.json"));

        assertThat(run("ctl", "provider", "start", H, "http-server", "ghcr.io/wasmcloud/http-server:0.23.0",
                "--config", "http-defaults").code()).isZero();
        assertThat(bodyOn("provider.start." + H)).isEqualTo(golden("start-provider-command.json"));
        assertThat(run("ctl", "provider", "stop", H, "http-server").code()).isZero();
        assertThat(bodyOn("provider.stop." + H)).isEqualTo(golden("stop-provider-command.json"));

        assertThat(run("ctl", "link", "put", "http-hello", "kv-redis", "wasi", "keyvalue", "store", "atomics",
                "--target-config", "redis-url").json()).isEqualTo(OK);
        assertThat(bodyOn("link.put")).isEqualTo(golden("link.json"));
        assertThat(run("ctl", "link", "del", "http-hello", "wasi", "keyvalue", "--name", "cache").code()).isZero();
        assertThat(bodyOn("link.del")).isEqualTo(golden("delete-link-request.json"));

        assertThat(run("ctl", "label", "put", H, "zone=eu-1").code()).isZero();
        assertThat(bodyOn("label.put." + H)).isEqualTo(golden("host-label.json"));
        assertThat(run("ctl", "label", "del", H, "zone").code()).isZero();
        assertThat(bodyOn("label.del." + H)).isEqualTo(golden("host-label-identifier.json"));

        assertThat(run("ctl", "host", "stop", H, "--timeout", "15000").json()).isEqualTo(OK);
        assertThat(bodyOn("host.stop." + H)).isEqualTo(golden("stop-host-command.json"));

        assertThat(run("ctl", "auction", "component", Golden.HELLO_REF, "http-hello", "--constraint", "zone=eu-1")
                .json()).isEqualTo(JSON.createArrayNode().add(golden("component-auction-ack.json")));
    }

    @Test
    void configPutGetDel() throws Exception {
        Result put = run("ctl", "config", "put", "cli-cfg", "url=redis://x", "pool=4");
        assertThat(put.json()).isEqualTo(okNode("successfully put config"));
        assertThat(bodyOn("config.put.cli-cfg")).isEqualTo(JSON.readTree("{\"url\":\"redis://x\",\"pool\":\"4\"}"));
        assertThat(run("ctl", "get", "config", "cli-cfg").json())
                .isEqualTo(JSON.readTree("{\"url\":\"redis://x\",\"pool\":\"4\"}"));
        assertThat(run("ctl", "config", "del", "cli-cfg").code()).isZero();
        assertThat(run("ctl", "get", "config", "cli-cfg").code()).isEqualTo(1);
    }

    @Test
    void eventsArePrintedAsTheyCome() throws Exception {
        CompletableFuture<Result> events = CompletableFuture.supplyAsync(
                () -> run("ctl", "events", "component_scaled", "--count", "1", "--for", "10s"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!events.isDone() && System.nanoTime() < deadline) {
            peer.publishEvent("component_scaled", Golden.bytes("event-component-scaled.json"));
            Thread.sleep(100);
        }
        Result r = events.get(10, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out())).isEqualTo(golden("event-component-scaled.json"));

        Result quiet = run("ctl", "events", "--for", "200ms");
        assertThat(quiet.code()).isZero();
        assertThat(quiet.out()).isEmpty();
    }

    @Test
    void failuresGoToStderrWithExitCodes() {
        Result refused = run("ctl", "label", "put", H, "hostcore.os=plan9");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("refused").contains("hostcore");

        Result nobody = run("ctl", "get", "inventory", "NNOSUCHHOST");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).contains("no responders on wasmbus.ctl.v1.default.host.get.NNOSUCHHOST");

        peer.answer("link.get", (byte[]) null);
        try {
            Result slow = run("ctl", "get", "links");
            assertThat(slow.code()).isEqualTo(1);
            assertThat(slow.err()).contains("no reply on wasmbus.ctl.v1.default.link.get within 1000 ms");
        } finally {
            peer.answer("link.get", Golden.bytes("response-links.json"));
        }

        peer.answer("claims.get", "{\"success\":true,\"response\":[{\"a\":1}]}");
        try {
            Result bad = run("ctl", "get", "claims");
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.err()).contains("claims.get").contains("response[0].a");
        } finally {
            peer.answer("claims.get", Golden.bytes("response-claims.json"));
        }

        Result down = runWith(Map.of("WASMCLOUD_NATS_URL", "nats://127.0.0.1:1"), "ctl", "get", "links");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("cannot connect to NATS at nats://127.0.0.1:1");
    }

    @Test
    void usageErrors() {
        assertThat(run("ctl", "scale", H, "c", "ref", "many").err()).contains("count must be a number");
        assertThat(run("ctl", "scale", H, "c", "ref", "-1").code()).isEqualTo(2);
        assertThat(run("ctl", "scale", H, "c.d", "ref", "1").err()).contains("component_id 'c.d'");
        assertThat(run("ctl", "frobnicate").code()).isEqualTo(2);
        assertThat(run("ctl", "get", "inventory").err()).contains("usage: ctl get inventory <host-id>");
        assertThat(run("ctl", "get", "inventory", "N>").code()).isEqualTo(2);
        assertThat(run("ctl", "get", "hosts", "--bogus").err()).contains("unknown option --bogus");
        assertThat(run("ctl", "config", "put", "c", "novalue").err()).contains("KEY=VALUE");
        assertThat(run("ctl", "get", "hosts", "--timeout", "soon").err()).contains("duration");
        assertThat(run("ctl", "--lattice", "a.b", "get", "hosts").err()).contains("lattice 'a.b'");
        Result help = run("ctl", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("ctl get hosts").contains("--nats-url");
    }

    @Test
    void environmentDefaults() throws Exception {
        Result other = runWith(Map.of("WASMCLOUD_NATS_URL", nats.url(), "WASMCLOUD_LATTICE", "elsewhere"),
                "ctl", "get", "hosts", "--gather-timeout", "200ms");
        assertThat(other.code()).as(other.err()).isZero();
        assertThat(other.json()).isEmpty();
        Result here = runWith(Map.of("WASMCLOUD_NATS_URL", nats.url()), "ctl", "get", "hosts", "--gather-timeout",
                "200ms");
        assertThat(here.json()).hasSize(1);
    }

    @Test
    void otherCommandsAreCores() {
        Result wit = run("wit");
        assertThat(wit.code()).isEqualTo(2);
        assertThat(wit.err()).contains("usage: wit");
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("ctl get hosts").contains("invoke").contains("serve");
        Result host = run("host", "--no-such-flag");
        assertThat(host.code()).isEqualTo(2);
        assertThat(host.err()).contains("unknown flag --no-such-flag").contains("usage: wasmcloud4j host");
    }
}
