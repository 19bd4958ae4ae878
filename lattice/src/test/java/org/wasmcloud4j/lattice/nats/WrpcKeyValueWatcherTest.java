package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcException;

/**
 * A component exporting {@code wasi:keyvalue/watcher@0.2.0-draft} is served as
 * {@code wrpc:keyvalue/watcher@0.2.0-draft.{on-set,on-delete}} (wasmCloud 1.9), so a key-value provider delivers its
 * watch events to it: the event names its bucket, and the component gets a handle of that bucket — of the host's own
 * store, or of the store its link points to over the wire ({@code wat-kv-watcher} writes and deletes through it).
 */
class WrpcKeyValueWatcherTest extends NatsHostsTest {
    private static final String WATCHER = "classpath:org/wasmcloud4j/fixtures/wat-kv-watcher.component.wasm";

    private static Value str(String s) {
        return new Value.Str(s);
    }

    private static void event(WrpcClient client, String function, Value... args) {
        client.invoke("watcher", WrpcKeyValueWatcher.INSTANCE, function, WrpcKeyValueWatcher.FUNCTIONS.get(function),
                List.of(args), InvokeOptions.defaults());
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "INTERPRETER"})
    void watchEventsReachTheComponentWithABucketOfTheHostsStore(Engine.Mode mode) throws Exception {
        Host h = host("kw", mode);
        h.startComponent("watcher", WATCHER, 2);
        StringBuilder transcript = new StringBuilder();
        try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("kw").build()) {
            event(client, "on-set", str("events"), str("k1"), Value.ListValue.ofBytes("v1".getBytes(
                    StandardCharsets.UTF_8)));
            transcript.append("on-set(\"events\", \"k1\", \"v1\") -> events/k1 = ").append(h.keyValue("events", "k1")
                    .map(v -> new String(v, StandardCharsets.UTF_8)).orElse("(absent)")).append('\n');
            event(client, "on-delete", str("events"), str("k1"));
            transcript.append("on-delete(\"events\", \"k1\") -> events/k1 ")
                    .append(h.keyValue("events", "k1").isPresent() ? "present" : "absent").append('\n');
        }
        assertThat(transcript.toString()).isEqualTo(
                org.wasmcloud4j.fixtures.Fixtures.text("wat-kv-watcher.component.expected-responses.txt").orElseThrow());
    }

    @Test
    void aWatcherLinkedToAProviderElsewhereGetsAWireBucket() throws Exception {
        try (WrpcBuiltinMappingTest.JavaKeyValueProvider provider =
                new WrpcBuiltinMappingTest.JavaKeyValueProvider(nats.url(), "kw", "kv-provider")) {
            Host h = host("kw", Engine.Mode.INTERPRETER);
            h.startComponent("watcher", WATCHER, 1);
            h.putLink(new Link("watcher", "kv-provider", "default", "wasi", "keyvalue", List.of("store"), List.of(),
                    List.of()));
            try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("kw").build()) {
                event(client, "on-set", str("remote"), str("k"), Value.ListValue.ofBytes(new byte[] {7}));
                assertThat(provider.buckets.get("remote")).containsKey("k");
                assertThat(provider.calls).contains("wrpc:keyvalue/store@0.2.0-draft.set(remote)");
                assertThat(h.keyValue("remote", "k")).isEmpty();   // not the host's own store

                event(client, "on-delete", str("remote"), str("k"));
                assertThat(provider.buckets.get("remote")).doesNotContainKey("k");
            }
        }
    }

    @Test
    void aMalformedEventWritesNothingAndTheHostKeepsServing() throws Exception {
        Host h = host("kw", Engine.Mode.INTERPRETER);
        h.startComponent("watcher", WATCHER, 1);
        try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("kw").build()) {
            // on-set without its value on the wire: the server fails the call before the component runs (a function
            // without results ends its results the same way either way, so the sender sees no error), nothing is
            // written
            try {
                client.invoke("watcher", WrpcKeyValueWatcher.INSTANCE, "on-set",
                        WrpcKeyValueWatcher.FUNCTIONS.get("on-delete"), List.of(str("events"), str("k")),
                        InvokeOptions.defaults());
            } catch (WrpcException e) {
                // as well
            }
            assertThat(h.keyValue("events", "k")).isEmpty();
            event(client, "on-set", str("events"), str("k"), Value.ListValue.ofBytes(new byte[] {1}));
            assertThat(h.keyValue("events", "k")).isPresent();
        }
    }
}
