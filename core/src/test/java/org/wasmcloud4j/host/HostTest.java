package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.lattice.LatticeEvent;

class HostTest {
    @TempDir
    Path dir;
    private final List<LatticeEvent> events = new CopyOnWriteArrayList<>();

    private String image(String fixture) throws Exception {
        Path p = dir.resolve(fixture + "-" + System.nanoTime() + ".wasm");
        Files.write(p, Fixtures.bytes(fixture));
        return p.toUri().toString();
    }

    private Host.Builder host() {
        return Host.builder().engineMode(Engine.Mode.INTERPRETER).listener(events::add);
    }

    private List<LatticeEvent> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    private static String greet(Host h, String id, String who) {
        return ((Value.Str) h.invoke(id, "greet", new Value.Str(who)).orElseThrow()).value();
    }

    @Test
    void identityLabelsAndTheHostStartedEvent() {
        try (Host h = host().lattice("test").label("zone", "eu").friendlyName("calm-river-0001").build()) {
            assertThat(h.hostId()).hasSize(56).startsWith("N");
            assertThat(h.labels()).containsEntry("zone", "eu").containsKeys("hostcore.arch", "hostcore.os",
                    "hostcore.osfamily");
            LatticeEvent started = named("host_started").get(0);
            JsonNode json = started.toJson();
            assertThat(json.get("specversion").asText()).isEqualTo("1.0");
            assertThat(json.get("type").asText()).isEqualTo("com.wasmcloud.lattice.host_started");
            assertThat(json.get("source").asText()).isEqualTo(h.hostId());
            assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(json.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(json.get("time").asText()).endsWith("Z");
            assertThat(json.at("/data/friendly_name").asText()).isEqualTo("calm-river-0001");
            assertThat(json.at("/data/labels/zone").asText()).isEqualTo("eu");
            assertThat(json.at("/data/version").asText()).isEqualTo(Host.VERSION);
            assertThatThrownBy(() -> Host.builder().label("hostcore.os", "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            h.putLabel("tier", "gold");
            h.deleteLabel("zone");
            assertThat(h.labels()).containsEntry("tier", "gold").doesNotContainKey("zone");
            assertThatThrownBy(() -> h.putLabel("hostcore.arch", "x")).isInstanceOf(IllegalArgumentException.class);
            List<LatticeEvent> changed = named("labels_changed");
            assertThat(changed).hasSize(2);
            assertThat(changed.get(1).field("labels").has("zone")).isFalse();
            assertThat(changed.get(1).field("labels").get("tier").asText()).isEqualTo("gold");
        }
        assertThat(named("host_stopped")).hasSize(1);
    }

    private List<JsonNode> beatsWithProviders() {
        List<JsonNode> beats = new ArrayList<>();
        for (LatticeEvent e : named("host_heartbeat")) {
            JsonNode data = e.toJson().get("data");
            if (data.get("components").size() > 0 && data.get("providers").size() > 0) {
                beats.add(data);
            }
        }
        return beats;
    }

    @Test
    void heartbeatsCarryTheInventory() throws Exception {
        try (Host h = host().heartbeatInterval(Duration.ofMillis(100)).label("zone", "eu").build()) {
            h.startComponent("hello", image("wat-hello.component"), 3, Map.of("team", "a"));
            h.putProvider("java", "example:relay/hop", Map.of());
            // a heartbeat may fire while the component is still compiling (a loaded machine): take the first one
            // sent after both were in place
            long until = System.currentTimeMillis() + 10_000;
            while (beatsWithProviders().isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            JsonNode beat = beatsWithProviders().get(0);
            assertThat(beat.get("host_id").asText()).isEqualTo(h.hostId());
            assertThat(beat.get("friendly_name").asText()).isEqualTo(h.friendlyName());
            assertThat(beat.at("/labels/zone").asText()).isEqualTo("eu");
            assertThat(beat.get("version").asText()).isEqualTo(Host.VERSION);
            assertThat(beat.get("uptime_seconds").isIntegralNumber()).isTrue();
            assertThat(beat.get("uptime_human").asText()).matches("\\d+h \\d+m \\d+s");
            JsonNode c = beat.get("components").get(0);
            assertThat(c.get("id").asText()).isEqualTo("hello");
            assertThat(c.get("max_instances").asInt()).isEqualTo(3);
            assertThat(c.get("revision").asInt()).isZero();
            assertThat(c.at("/annotations/team").asText()).isEqualTo("a");
            assertThat(beat.get("providers").get(0).get("id").asText()).isEqualTo("java");
        }
    }

    @Test
    void componentsStartScaleUpdateAndStopByIdWithEvents() throws Exception {
        String v1 = image("wat-hello.component");
        try (Host h = host().build()) {
            h.startComponent("hello", v1, 2, Map.of("owner", "test"));
            // the same image side by side under a second id, from the class path
            h.startComponent("hello-cp", "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm", 1);
            assertThat(greet(h, "hello", "java")).isEqualTo(greet(h, "hello-cp", "java"));
            assertThat(h.components()).extracting(Host.ComponentDescription::id).containsExactly("hello", "hello-cp");

            h.scaleComponent("hello", 5);
            String v2 = image("wat-hello.component");
            h.updateComponent("hello", v2);
            assertThat(h.components().get(0).imageRef()).isEqualTo(v2);
            assertThat(h.components().get(0).maxInstances()).isEqualTo(5);
            h.stopComponent("hello-cp");
            h.scaleComponent("hello", 0);
            assertThat(h.components()).isEmpty();
        }
        List<LatticeEvent> scaled = named("component_scaled");
        assertThat(scaled).extracting(e -> e.field("component_id").asText() + ":" + e.field("max_instances").asInt())
                .containsExactly("hello:2", "hello-cp:1", "hello:5", "hello:5", "hello-cp:0", "hello:0");
        LatticeEvent first = scaled.get(0);
        assertThat(first.field("image_ref").asText()).isEqualTo(v1);
        assertThat(first.field("host_id").asText()).isEqualTo(first.source());
        assertThat(first.field("annotations").get("owner").asText()).isEqualTo("test");
        assertThat(scaled.get(3).field("image_ref").asText()).endsWith(".wasm").isNotEqualTo(v1);
    }

    @Test
    void updateInPlaceUnderLoadLosesNoInvocation() throws Exception {
        String v1 = image("wat-hello.component");
        try (Host h = host().engineMode(Engine.Mode.COMPILED).build()) {
            h.startComponent("hello", v1, 4);
            AtomicBoolean run = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(pool.submit(() -> {
                    while (run.get()) {
                        assertThat(greet(h, "hello", "load")).contains("load");
                        ok.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 3; i++) {
                Thread.sleep(50);
                h.updateComponent("hello", image("wat-hello.component"));
            }
            Thread.sleep(50);
            run.set(false);
            for (Future<?> f : callers) {
                f.get(30, TimeUnit.SECONDS);   // rethrows any failed invocation
            }
            pool.shutdown();
            assertThat(ok.get()).isPositive();
        }
    }

    @Test
    void limitsAreEnforcedWithClearErrorsAndATrapDoesNotAffectOthers() throws Exception {
        String spin = image("wat-spin.component");
        try (Host h = host().engineMode(Engine.Mode.COMPILED).maxExecutionTime(Duration.ofMillis(300))
                .maxLinearMemoryPages(8).slotTimeout(Duration.ofMillis(100)).maxComponents(2).build()) {
            h.startComponent("spin", spin, 1);
            h.startComponent("other", spin, 1);
            assertThatThrownBy(() -> h.invoke("spin", "spin")).isInstanceOf(HostException.class)
                    .hasMessageContaining("spin").hasMessageContaining("execution time limit");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            // the component still works afterwards (each invocation has a fresh instance), and so does the other
            assertThat(h.invoke("spin", "hello").orElseThrow()).isEqualTo(new Value.Str("still here"));
            assertThat(h.invoke("other", "hello").orElseThrow()).isEqualTo(new Value.Str("still here"));
            // linear memory: growing past 8 pages is refused, within it allowed
            assertThat(h.invoke("spin", "grow", new Value.Int(PrimitiveType.U32, 20)).orElseThrow())
                    .isEqualTo(new Value.Int(PrimitiveType.S32, -1));
            assertThat(h.invoke("spin", "grow", new Value.Int(PrimitiveType.U32, 1)).orElseThrow())
                    .isEqualTo(new Value.Int(PrimitiveType.S32, 1));
            assertThat("hello() -> " + org.wasmcloud4j.component.value.Wave.print(h.invoke("spin", "hello")
                    .orElseThrow()) + "\ngrow(1) -> " + org.wasmcloud4j.component.value.Wave.print(
                    h.invoke("spin", "grow", new Value.Int(PrimitiveType.U32, 1)).orElseThrow()) + "\n")
                    .isEqualTo(Fixtures.text("wat-spin.component.expected-responses.txt").orElseThrow());
            // instances: one slot, busy with a spinning call
            Thread busy = new Thread(() -> {
                try {
                    h.invoke("spin", "spin");
                } catch (HostException expected) {
                    // ends at the time limit
                }
            });
            busy.start();
            Thread.sleep(50);
            assertThatThrownBy(() -> h.invoke("spin", "hello")).isInstanceOf(HostException.class)
                    .hasMessageContaining("all 1 instances");
            busy.join();
            // components: the limit is 2
            assertThatThrownBy(() -> h.startComponent("third", spin, 1)).isInstanceOf(HostException.class)
                    .hasMessageContaining("limit");
        }
    }

    /**
     * Pooled instances are indistinguishable from fresh ones under concurrency: {@code grow(1)} answers the memory's
     * size before growing, which is 1 page in a fresh instance — an instance that kept its grown memory would answer
     * more. Invocations that hit the time limit are mixed in; their instances are never reused.
     */
    @Test
    void reusedInstancesAlwaysStartFresh() throws Exception {
        try (Host h = host().engineMode(Engine.Mode.COMPILED).maxExecutionTime(Duration.ofMillis(200)).build()) {
            h.startComponent("spin", image("wat-spin.component"), 4);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> calls = new ArrayList<>();
            AtomicInteger timedOut = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                calls.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (thread == 0 && i % 50 == 0) {
                            try {
                                h.invoke("spin", "spin");
                            } catch (HostException expected) {
                                timedOut.incrementAndGet();
                            }
                        } else if (i % 2 == 0) {
                            assertThat(h.invoke("spin", "grow", new Value.Int(PrimitiveType.U32, 1)).orElseThrow())
                                    .isEqualTo(new Value.Int(PrimitiveType.S32, 1));
                        } else {
                            assertThat(h.invoke("spin", "hello").orElseThrow())
                                    .isEqualTo(new Value.Str("still here"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(timedOut.get()).isEqualTo(4);
        }
    }

    @Test
    void badInputIsATypedErrorWithAFailedEventAndNothingHalfStarted() throws Exception {
        Path notWasm = Files.writeString(dir.resolve("text.wasm"), "not a component");
        try (Host h = host().maxComponentSize(1 << 20).build()) {
            assertThatThrownBy(() -> h.startComponent("bad id!", image("wat-hello.component"), 1))
                    .isInstanceOf(HostException.class).hasMessageContaining("invalid component id 'bad id!'");
            assertThatThrownBy(() -> h.startComponent("missing", dir.resolve("nope.wasm").toUri().toString(), 1))
                    .isInstanceOf(HostException.class).hasMessageContaining("no such file");
            assertThatThrownBy(() -> h.startComponent("text", notWasm.toUri().toString(), 1))
                    .isInstanceOf(HostException.class).hasMessageContaining("DecodeException");
            assertThatThrownBy(() -> h.startComponent("big", image("js-greeter.qjs"), 1))
                    .isInstanceOf(HostException.class).hasMessageContaining("limit of 1048576 bytes");
            assertThatThrownBy(() -> h.startComponent("oci", "ghcr.io/Example/hello:0.1.0", 1))
                    .isInstanceOf(HostException.class).hasMessageContaining("invalid OCI reference")
                    .hasMessageContaining("repository component 'Example'");
            // imports of other interfaces (with resources too) are satisfied by links at call time: without one, the
            // call fails naming the missing link
            h.startComponent("unlinked", image("wat-resources.component"), 1);
            assertThatThrownBy(() -> h.invoke("unlinked", "roundtrip", new org.wasmcloud4j.component.value.Value.Int(
                    org.wasmcloud4j.component.types.PrimitiveType.U32, 1)))
                    .hasRootCauseInstanceOf(HostException.class)
                    .hasMessageContaining("no link named 'default' for example:resources/host");
            h.stopComponent("unlinked");
            assertThatThrownBy(() -> h.invoke("ghost", "greet")).isInstanceOf(HostException.class)
                    .hasMessageContaining("no component with id 'ghost'");
            h.startComponent("hello", image("wat-hello.component"), 1);
            assertThatThrownBy(() -> h.startComponent("hello", image("wat-hello.component"), 1))
                    .isInstanceOf(HostException.class).hasMessageContaining("already running");
            assertThatThrownBy(() -> h.invoke("hello", "nope")).isInstanceOf(HostException.class)
                    .hasMessageContaining("exports no function nope");
            // a failed update keeps the old image running
            assertThatThrownBy(() -> h.updateComponent("hello", notWasm.toUri().toString()))
                    .isInstanceOf(HostException.class);
            assertThat(greet(h, "hello", "still")).contains("still");
            assertThat(h.components()).extracting(Host.ComponentDescription::id).containsExactly("hello");
        }
        List<LatticeEvent> failed = named("component_scale_failed");
        assertThat(failed).extracting(e -> e.field("component_id").asText())
                .containsExactly("missing", "text", "big", "oci", "hello", "hello");
        assertThat(failed).allSatisfy(e -> assertThat(e.field("error").asText()).isNotBlank());
    }

    @Test
    void gracefulStopLetsRunningInvocationsFinishAndRefusesNewOnes() throws Exception {
        try (Host h = host().engineMode(Engine.Mode.COMPILED).maxExecutionTime(Duration.ofMillis(400)).build()) {
            h.startComponent("spin", image("wat-spin.component"), 2);
            Thread running = new Thread(() -> {
                try {
                    h.invoke("spin", "spin");
                } catch (HostException expected) {
                    // ends at the time limit, inside the stop deadline
                }
            });
            running.start();
            Thread.sleep(50);
            long start = System.nanoTime();
            h.stop(Duration.ofSeconds(5));
            // stop returned once the invocation had ended; its thread only unwinds now
            running.join(2_000);
            assertThat(running.isAlive()).isFalse();
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(4));
            assertThatThrownBy(() -> h.invoke("spin", "hello")).isInstanceOf(HostException.class)
                    .hasMessageContaining("stopping");
        }
        assertThat(named("host_stopped")).hasSize(1);
        assertThat(named("component_scaled").get(named("component_scaled").size() - 1).field("max_instances").asInt())
                .isZero();
    }

    @Test
    void aHostThatMayNotLoadFilesRefusesFileReferencesAndPathsButNotTheClassPath() throws Exception {
        String file = image("wat-hello.component");
        try (Host h = host().allowFileLoad(false).build()) {
            for (String ref : List.of(file, Path.of(java.net.URI.create(file)).toString(), "./x.wasm", "../x.wasm")) {
                assertThatThrownBy(() -> h.startComponent("c", ref, 1)).isInstanceOf(HostException.class)
                        .hasMessageContaining("allow-file-load");
            }
            assertThat(named("component_scale_failed")).hasSize(4);
            h.startComponent("c", "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm", 1);
            assertThat(h.invoke("c", "greet", new Value.Str("cp"))).contains(new Value.Str("Hello, cp!"));
        }
    }
}
