package org.wasmcloud4j.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A {@code nats-server} (Debian's package) for a benchmark, on a free loopback port, optionally with JetStream. */
final class BenchNats implements AutoCloseable {
    private final Process process;
    private final int port;

    private BenchNats(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BenchNats start(boolean jetStream, String... extraArgs) throws Exception {
        Path dir = Files.createTempDirectory("bench-nats");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path binary = Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/usr/bin"})
                .flatMap(Stream::of).map(p -> Path.of(p, "nats-server")).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException("nats-server is not installed"));
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port), "-l", dir.resolve("nats.log").toString()));
        if (jetStream) {
            cmd.addAll(List.of("-js", "-sd", dir.resolve("store").toString()));
        }
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("nats.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (Files.exists(dir.resolve("nats.log"))
                        && Files.readString(dir.resolve("nats.log"), StandardCharsets.UTF_8).contains("Server is ready")) {
                    return new BenchNats(p, port);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new IllegalStateException("nats-server did not start on port " + port);
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
