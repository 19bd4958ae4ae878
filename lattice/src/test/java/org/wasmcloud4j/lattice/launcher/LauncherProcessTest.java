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
}
