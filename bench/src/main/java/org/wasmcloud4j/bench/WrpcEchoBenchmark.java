package org.wasmcloud4j.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.NUID;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * wRPC round trip (issue 14): {@code echo(string 1 KiB)} through {@link WrpcClient} to a {@link WrpcServer} (the
 * invocation with the params, the handshake, the params EOF on {@code R_s.params}, the results and their EOF: 5
 * NATS messages) against a raw jnats request/reply of the same 1 KiB to a raw jnats responder ({@code rawRequest},
 * the baseline: 2 messages). Both through a {@code nats-server} the benchmark starts on a free loopback port.
 *
 * <p>{@code rawWrpcPattern} is the floor of the protocol on jnats: the same 5 messages and subjects as wRPC, sent by
 * plain jnats code with no codec, no bounds and no worker threads (a responder answering the handshake, the results
 * and their EOF from its dispatcher; a client whose dispatcher sends the params EOF and completes the caller's future
 * at the results' EOF). What wRPC costs beyond it is ours; what it costs beyond {@code rawRequest} is the protocol's.
 * {@code wrpcNonBlocking} serves the echo with {@link WrpcServer#serveNonBlocking}, on the dispatcher as the raw
 * responders answer, where {@code wrpc} hands each call to a worker thread ({@link WrpcServer#serve}: handlers may
 * block).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class WrpcEchoBenchmark {
    private static final String WIT = WrpcEchoServerMain.WIT;
    private static final String IFACE = WrpcEchoServerMain.IFACE;

    private BenchNats server;
    private Connection responderConnection;
    private Connection rawConnection;
    private WrpcServer wrpcServer;
    private WrpcClient client;
    private FuncType echo;
    private Connection patternServerConnection;
    private Connection patternClientConnection;
    private String patternPrefix;
    private final ConcurrentHashMap<String, CompletableFuture<Message>> patternCalls = new ConcurrentHashMap<>();
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
        startPattern(url);
        wrpcServer = WrpcServer.builder().server(url).lattice("bench").build();
        wrpcServer.serve("echo", IFACE, "echo", echo, p -> p);
        wrpcServer.serveNonBlocking("echo-direct", IFACE, "echo", echo, p -> p);
        client = WrpcClient.builder().server(url).lattice("bench").build();
        if (!wrpc().equals(params) || !wrpcNonBlocking().equals(params)) {
            throw new IllegalStateException("unexpected reply");
        }
    }

    /** Stops everything the set-up started. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        wrpcServer.close();
        patternClientConnection.close();
        patternServerConnection.close();
        rawConnection.close();
        responderConnection.close();
        server.close();
    }

    /** The wRPC call. */
    @Benchmark
    public List<Value> wrpc() {
        return client.invoke("echo", IFACE, "echo", echo, params, InvokeOptions.defaults());
    }

    /**
     * The same call to the same handler registered with {@link WrpcServer#serveNonBlocking}: it runs on the server's
     * dispatcher, as the raw responders do, instead of on a worker thread.
     */
    @Benchmark
    public List<Value> wrpcNonBlocking() {
        return client.invoke("echo-direct", IFACE, "echo", echo, params, InvokeOptions.defaults());
    }

    /** The wRPC message pattern in plain jnats, both sides (see the class comment). */
    private void startPattern(String url) throws Exception {
        patternServerConnection = Nats.connect(url);
        Connection srv = patternServerConnection;
        String serverInbox = srv.createInbox();
        Dispatcher sd = srv.createDispatcher(m -> {
            if (m.getSubject().startsWith(serverInbox)) {
                return;   // a params EOF
            }
            String rc = m.getReplyTo();
            srv.publish(rc, serverInbox + "." + NUID.nextGlobal(), EMPTY);   // the handshake
            srv.publish(rc + ".results", m.getData());
            srv.publish(rc + ".results", EMPTY);
        });
        sd.subscribe("bench.pattern.echo");
        sd.subscribe(serverInbox + ".>");
        srv.flush(Duration.ofSeconds(5));
        patternClientConnection = Nats.connect(url);
        Connection c = patternClientConnection;
        patternPrefix = c.createInbox() + ".";
        Dispatcher cd = c.createDispatcher(m -> {
            String key = m.getSubject().substring(patternPrefix.length());
            int dot = key.indexOf('.');
            if (dot < 0) {
                c.publish(m.getReplyTo() + ".params", EMPTY);   // the handshake: send the params EOF
            } else if (m.getData().length == 0) {
                CompletableFuture<Message> f = patternCalls.get(key.substring(0, dot));
                if (f != null) {
                    f.complete(m);   // the results' EOF
                }
            }
        });
        cd.subscribe(patternPrefix + ">");
        c.flush(Duration.ofSeconds(5));
    }

    private static final byte[] EMPTY = new byte[0];

    /** The floor: the wRPC message pattern in plain jnats. */
    @Benchmark
    public Message rawWrpcPattern() throws Exception {
        String key = NUID.nextGlobal();
        CompletableFuture<Message> done = new CompletableFuture<>();
        patternCalls.put(key, done);
        try {
            patternClientConnection.publish("bench.pattern.echo", patternPrefix + key, payload);
            return done.get(10, TimeUnit.SECONDS);
        } finally {
            patternCalls.remove(key);
        }
    }

    /** Baseline: a raw jnats request/reply carrying the same bytes. */
    @Benchmark
    public Message rawRequest() throws Exception {
        return rawConnection.request("bench.raw.echo", payload, Duration.ofSeconds(10));
    }
}
