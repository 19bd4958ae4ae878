package org.wasmcloud4j.lattice;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server -js} for tests (Debian's package), on a free loopback port, its JetStream store and
 * log in a folder of the test. {@link #restart()} stops it and starts it again on the same port with the same
 * store (JetStream state survives, as on a real restart). Fails, never skips, when the binary is missing:
 * {@code scripts/test} installs it.
 *
 * <pre>{@code
 * try (NatsServer nats = NatsServer.start(tempDir)) {
 *     Connection c = Nats.connect(nats.url());
 * }
 * }</pre>
 */
public final class NatsServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private NatsServer(Path dir, int port, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** Starts {@code nats-server -js} with its store under {@code dir}. */
    public static NatsServer start(Path dir, String... extraArgs) throws Exception {
        Files.createDirectories(dir);
        NatsServer s = new NatsServer(dir, freePort(), List.of(extraArgs));
        s.launch();
        return s;
    }

    /** {@code nats://127.0.0.1:port}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The server's log so far (for failure messages). */
    public String log() throws IOException {
        Path log = dir.resolve("nats-server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Stops the server (clients see a disconnect) and leaves it stopped until {@link #resume()}. */
    public void pause() throws InterruptedException {
        stopProcess();
    }

    /** Starts a paused server again on the same port and store. */
    public void resume() throws Exception {
        launch();
    }

    /** {@link #pause()} then {@link #resume()}. */
    public void restart() throws Exception {
        pause();
        resume();
    }

    private void launch() throws Exception {
        Path binary = Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/usr/bin"})
                .flatMap(Stream::of).map(p -> Path.of(p, "nats-server")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (binary == null) {
            fail("nats-server is not installed (Debian package nats-server); scripts/test installs it");
        }
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-js", "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-sd", dir.resolve("store").toString(),
                "-l", dir.resolve("nats-server.log").toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats-server.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (log().contains("Server is ready")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String out = log() + Files.readString(dir.resolve("nats-server.out"));
                stopProcess();
                fail("nats-server did not start on port " + port + ": " + out);
            }
            Thread.sleep(20);
        }
    }

    private void stopProcess() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }
}
