package org.wasmcloud4j.lattice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.lattice.NatsServer;
import org.wasmcloud4j.lattice.ctl.CloudEvent;
import org.wasmcloud4j.lattice.ctl.CtlClient;
import org.wasmcloud4j.lattice.ctl.EventStream;
import org.wasmcloud4j.lattice.ctl.Host;
import org.wasmcloud4j.lattice.ctl.HostInventory;
import org.wasmcloud4j.lattice.ctl.Link;
import org.wasmcloud4j.lattice.ctl.ScaleComponentCommand;
import org.wasmcloud4j.lattice.ctl.StartProviderCommand;

/**
 * The standalone host as its own process, driven only through the control interface by {@link CtlClient}, as
 * {@code wash} would: it is listed, scales a committed component from a file, starts the built-in HTTP server
 * provider, is linked to it and answers HTTP, heartbeats, answers {@code /livez} and {@code /readyz}, and exits 0
 * after {@code host.stop} with {@code host_stopped} sent.
 */
class LauncherProcessTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static CloudEvent await(EventStream events, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<CloudEvent> e = events.poll(Duration.ofMillis(200));
            if (e.isPresent() && e.get().type().endsWith("." + name)) {
                return e.get();
            }
        }
        throw new AssertionError("no " + name + " event within " + timeout);
    }

    @Test
    void aLauncherProcessIsListedScaledLinkedCalledAndStoppedThroughTheControlInterface() throws Exception {
        int adminPort = freePort();
        int webPort = freePort();
        Path wasm = dir.resolve("web.wasm");
        Files.write(wasm, Fixtures.bytes("wat-http.component"));
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), HostLauncher.class.getName(),
                    "--nats-port", Integer.toString(nats.port()), "--lattice", "proc", "--allow-file-load",
                    "--http-admin", "127.0.0.1:" + adminPort, "-l", "zone=proc"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("host.log").toFile());
            pb.environment().put("WASMCLOUD_LABEL_team", "blue");
            pb.environment().put("WASMCLOUD_HEARTBEAT_INTERVAL", "1");
            Process p = pb.start();
            try (CtlClient ctl = CtlClient.builder().server(nats.url()).lattice("proc")
                    .gatherTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofSeconds(5)).build();
                    EventStream events = ctl.events()) {
                List<Host> hosts = List.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (hosts.isEmpty() && System.nanoTime() < deadline && p.isAlive()) {
                    hosts = ctl.getHosts();
                }
                assertThat(hosts).as("hosts; log: %s", log()).hasSize(1);
                Host h = hosts.get(0);
                assertThat(h.labels()).containsEntry("zone", "proc").containsEntry("team", "blue")
                        .containsKey("hostcore.arch");
                assertThat(h.lattice()).isEqualTo("proc");

                ctl.scaleComponent(h.id(), ScaleComponentCommand.of(wasm.toString(), "web", 2));
                CloudEvent scaled = await(events, "component_scaled", Duration.ofSeconds(60));
                assertThat(scaled.source()).isEqualTo(h.id());
                assertThat(scaled.data()).containsEntry("component_id", "web");

                ctl.startProvider(h.id(), new StartProviderCommand("http", "wasmcloud+builtin://http-server", h.id(),
                        List.of(), Map.of()));
                await(events, "provider_started", Duration.ofSeconds(30));
                ctl.putConfig("web-addr", Map.of("address", "127.0.0.1:" + webPort));
                ctl.putLink(new Link("http", "web", "default", "wasi", "http", List.of("incoming-handler"),
                        List.of("web-addr"), List.of()));
                await(events, "linkdef_set", Duration.ofSeconds(30));

                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                String body = null;
                deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (body == null && System.nanoTime() < deadline) {
                    try {
                        body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort
                                + "/hello")).build(), HttpResponse.BodyHandlers.ofString()).body();
                    } catch (IOException e) {
                        Thread.sleep(100);
                    }
                }
                assertThat(body).isEqualTo("hello from WAT: /hello\n");

                HostInventory inv = ctl.getInventory(h.id());
                assertThat(inv.components()).extracting(c -> c.id()).containsExactly("web");
                assertThat(inv.providers()).extracting(pr -> pr.id()).containsExactly("http");
                CloudEvent beat = await(events, "host_heartbeat", Duration.ofSeconds(10));
                assertThat(beat.source()).isEqualTo(h.id());

                for (String path : List.of("/livez", "/readyz")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + adminPort + path)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
                }

                ctl.stopHost(h.id(), Duration.ofSeconds(5));
                await(events, "host_stopped", Duration.ofSeconds(30));
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited; log: %s", log()).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("host.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void sigtermStopsTheHostGracefullyWithHostStopped() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), HostLauncher.class.getName(), "--nats-port",
                    Integer.toString(nats.port()), "--lattice", "term").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("host.log").toFile()).start();
            try (CtlClient ctl = CtlClient.builder().server(nats.url()).lattice("term")
                    .gatherTimeout(Duration.ofMillis(500)).build(); EventStream events = ctl.events()) {
                List<Host> hosts = List.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (hosts.isEmpty() && System.nanoTime() < deadline && p.isAlive()) {
                    hosts = ctl.getHosts();
                }
                assertThat(hosts).as("hosts; log: %s", log()).hasSize(1);
                p.destroy();   // SIGTERM
                CloudEvent stopped = await(events, "host_stopped", Duration.ofSeconds(30));
                assertThat(stopped.source()).isEqualTo(hosts.get(0).id());
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(log()).contains("stopping host");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void componentsInTwoJvmsCallEachOtherAndAJavaProviderOverWrpc() throws Exception {
        Path leaf = dir.resolve("leaf.wasm");
        Files.write(leaf, Fixtures.bytes("wat-leaf.component"));
        Path relay = dir.resolve("relay.wasm");
        Files.write(relay, Fixtures.bytes("wat-relay.component"));
        String hop = "example:relay/hop@0.1.0";
        org.wasmcloud4j.component.types.FuncType hopType = org.wasmcloud4j.lattice.wrpc.WitFunctions.function(
                "package example:relay@0.1.0;\ninterface hop {\n  hop: func(s: string) -> string;\n}\n", hop, "hop");
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), HostLauncher.class.getName(), "--nats-port",
                    Integer.toString(nats.port()), "--lattice", "two", "--allow-file-load").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("host.log").toFile()).start();
            try (CtlClient ctl = CtlClient.builder().server(nats.url()).lattice("two")
                    .gatherTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofSeconds(5)).build();
                    EventStream events = ctl.events();
                    org.wasmcloud4j.lattice.nats.NatsLattice here = org.wasmcloud4j.lattice.nats.NatsLattice.connect(
                            org.wasmcloud4j.lattice.nats.NatsOptions.builder().server(nats.url()).lattice("two").build());
                    org.wasmcloud4j.host.Host a = org.wasmcloud4j.host.Host.builder().lattice(here)
                            .engineMode(org.wasmcloud4j.component.runtime.Engine.Mode.INTERPRETER).build();
                    org.wasmcloud4j.lattice.wrpc.WrpcServer javaSide = org.wasmcloud4j.lattice.wrpc.WrpcServer.builder()
                            .server(nats.url()).lattice("two").build()) {
                List<Host> hosts = List.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (hosts.size() < 2 && System.nanoTime() < deadline && p.isAlive()) {
                    hosts = ctl.getHosts();
                }
                String logText = log();
                String remote = hosts.stream().map(Host::id).filter(id -> !id.equals(a.hostId())).findFirst()
                        .orElseThrow(() -> new AssertionError("the launcher did not answer; log: " + logText));
                ctl.scaleComponent(remote, ScaleComponentCommand.of(leaf.toString(), "leaf", 2));
                ctl.scaleComponent(remote, ScaleComponentCommand.of(relay.toString(), "relay-there", 2));
                await(events, "component_scaled", Duration.ofSeconds(60));
                await(events, "component_scaled", Duration.ofSeconds(60));
                javaSide.serve("java-leaf", hop, "hop", hopType,
                        params -> List.of(new org.wasmcloud4j.component.value.Value.Str("java(" + ((org.wasmcloud4j
                                .component.value.Value.Str) params.get(0)).value() + ")")));
                a.startComponent("relay", "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm", 2);
                ctl.putLink(Link.of("relay", "leaf", "example", "relay", List.of("hop")));
                ctl.putLink(Link.of("relay-there", "java-leaf", "example", "relay", List.of("hop")));
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (a.links().size() < 2 && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                // this JVM's relay calls the other JVM's leaf
                assertThat(a.invoke("relay", hop, "hop", List.of(new org.wasmcloud4j.component.value.Value.Str("x"))))
                        .contains(new org.wasmcloud4j.component.value.Value.Str("r:leaf(x)"));
                // the other JVM's relay, called over wRPC from here, calls the Java provider served here
                try (org.wasmcloud4j.lattice.wrpc.WrpcClient client = org.wasmcloud4j.lattice.wrpc.WrpcClient.builder()
                        .server(nats.url()).lattice("two").build()) {
                    assertThat(client.invoke("relay-there", hop, "hop", hopType,
                            List.of(new org.wasmcloud4j.component.value.Value.Str("y")),
                            org.wasmcloud4j.lattice.wrpc.InvokeOptions.defaults()))
                            .containsExactly(new org.wasmcloud4j.component.value.Value.Str("r:java(y)"));
                }
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }
}
