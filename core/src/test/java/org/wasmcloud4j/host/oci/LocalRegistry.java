package org.wasmcloud4j.host.oci;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (CNCF distribution 2.8) on a free loopback port,
 * its storage and config in a folder of the test. Fails, never skips, when the binary is missing: scripts/test
 * installs it.
 */
final class LocalRegistry implements AutoCloseable {
    final Path root;
    final int port;
    private final Process process;

    private LocalRegistry(Path root, int port, Process process) {
        this.root = root;
        this.port = port;
        this.process = process;
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** Where the registry keeps the blob of {@code digest}. */
    Path blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return root.resolve("storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    /** Starts a registry in {@code dir}; {@code auth} is YAML for the {@code auth:} section, or empty. */
    static LocalRegistry start(Path dir, String auth) throws Exception {
        Path binary = Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/bin", "/usr/sbin"})
                .flatMap(Stream::of).map(p -> Path.of(p, "docker-registry")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (binary == null) {
            fail("docker-registry is not installed (Debian package docker-registry); scripts/test installs it");
        }
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage") + "\n"
                + "  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: wasmcloud4j-test-secret\n"
                + auth);
        Process p = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry r = new LocalRegistry(dir, port, p);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return r;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    r.close();
                    fail("docker-registry did not start on port " + port + ": "
                            + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
