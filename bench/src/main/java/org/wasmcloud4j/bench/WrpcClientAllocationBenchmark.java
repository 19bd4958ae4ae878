package org.wasmcloud4j.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;

/**
 * What one caller allocates per call (issue 14's allocation target, read per side): {@code echo(string 1 KiB)}
 * through {@link WrpcClient} to a {@code WrpcServer} running in another process ({@link WrpcEchoServerMain}), so that
 * {@code -prof gc} counts this JVM's side only — the client, its jnats connection's threads — against
 * {@code rawRequest}, a raw jnats request/reply of the same 1 026 bytes to a raw responder in that process.
 * {@link WrpcEchoBenchmark} has both sides in one JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class WrpcClientAllocationBenchmark {
    private BenchNats nats;
    private Process serverProcess;
    private Connection raw;
    private WrpcClient client;
    private FuncType echo;
    private List<Value> params;
    private byte[] payload;

    /** Starts nats-server, the server process, and the clients. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        nats = BenchNats.start(false);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        serverProcess = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                WrpcEchoServerMain.class.getName(), nats.url()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serverProcess.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // the server's log lines
        }
        if (line == null) {
            throw new IllegalStateException("the echo server process ended before it was ready");
        }
        echo = WitFunctions.function(WrpcEchoServerMain.WIT, WrpcEchoServerMain.IFACE, "echo");
        params = List.of(Value.of("x".repeat(1024)));
        payload = new byte[1026];
        raw = Nats.connect(nats.url());
        client = WrpcClient.builder().server(nats.url()).lattice("bench").build();
        if (!wrpc().equals(params)) {
            throw new IllegalStateException("unexpected reply");
        }
    }

    /** Stops the clients, the server process and nats-server. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        raw.close();
        serverProcess.getOutputStream().close();
        if (!serverProcess.waitFor(10, TimeUnit.SECONDS)) {
            serverProcess.destroyForcibly();
        }
        nats.close();
    }

    /** The wRPC call. */
    @Benchmark
    public List<Value> wrpc() {
        return client.invoke("echo", WrpcEchoServerMain.IFACE, "echo", echo, params, InvokeOptions.defaults());
    }

    /** Baseline: a raw jnats request/reply carrying the same bytes. */
    @Benchmark
    public Message rawRequest() throws Exception {
        return raw.request("bench.raw.echo", payload, Duration.ofSeconds(10));
    }
}
