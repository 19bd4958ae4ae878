package org.wasmcloud4j.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * wRPC throughput with 64 concurrent callers (issue 14: ≥ 0.8× raw jnats): the {@link WrpcEchoBenchmark} call,
 * {@code echo(string 1 KiB)} through one {@link WrpcClient} to one {@link WrpcServer} (default bounds: 64 calls at
 * once), from 64 JMH threads, against the same 64 threads doing raw jnats request/reply of the same 1 026 bytes
 * to a raw jnats responder ({@code rawRequest}, the baseline). Both through a {@code nats-server} the benchmark
 * starts on a free loopback port; one connection per side, as a host has.
 *
 * <p>Per call the wRPC side sends 5 NATS messages (invocation with the params, handshake, params EOF, results,
 * results EOF) where the baseline sends 2. Single-caller latency: {@link WrpcEchoBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(64)
public class WrpcThroughputBenchmark {
    private static final String WIT = """
            package bench:echo@0.1.0;
            interface echo { echo: func(s: string) -> string; }
            """;
    private static final String IFACE = "bench:echo/echo@0.1.0";

    private BenchNats server;
    private Connection responderConnection;
    private Connection rawConnection;
    private WrpcServer wrpcServer;
    private WrpcClient client;
    private FuncType echo;
    private List<Value> params;
    private byte[] payload;

    /** Starts nats-server, the raw responder, the wRPC server and both clients. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = BenchNats.start(false);
        String url = server.url();
        echo = WitFunctions.function(WIT, IFACE, "echo");
        params = List.of(Value.of("x".repeat(1024)));
        payload = new byte[1026];
        responderConnection = Nats.connect(url);
        Dispatcher d = responderConnection.createDispatcher((Message m) ->
                responderConnection.publish(m.getReplyTo(), m.getData()));
        d.subscribe("bench.raw.echo");
        responderConnection.flush(Duration.ofSeconds(5));
        rawConnection = Nats.connect(url);
        wrpcServer = WrpcServer.builder().server(url).lattice("bench").build();
        wrpcServer.serve("echo", IFACE, "echo", echo, p -> p);
        client = WrpcClient.builder().server(url).lattice("bench").build();
        if (!wrpc().equals(params)) {
            throw new IllegalStateException("unexpected reply");
        }
    }

    /** Stops everything the set-up started. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        wrpcServer.close();
        rawConnection.close();
        responderConnection.close();
        server.close();
    }

    /** The wRPC call. */
    @Benchmark
    public List<Value> wrpc() {
        return client.invoke("echo", IFACE, "echo", echo, params, InvokeOptions.defaults());
    }

    /** Baseline: a raw jnats request/reply carrying the same bytes. */
    @Benchmark
    public Message rawRequest() throws Exception {
        return rawConnection.request("bench.raw.echo", payload, Duration.ofSeconds(10));
    }
}
