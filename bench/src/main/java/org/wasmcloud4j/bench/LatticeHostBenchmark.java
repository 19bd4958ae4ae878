package org.wasmcloud4j.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.time.Duration;
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
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.lattice.nats.NatsLattice;
import org.wasmcloud4j.lattice.nats.NatsOptions;

/**
 * The host side of the control interface (issue 13): {@code host.ping} and {@code host.get} answered by a real
 * {@link Host} on a {@link NatsLattice} (request decoded, the host asked, the reply encoded), each against a raw
 * jnats request to a plain responder that answers the same number of bytes ({@code rawPing}, {@code rawGet}), all
 * through one {@code nats-server} the benchmark starts. The ratio is what the host's control server adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class LatticeHostBenchmark {
    private BenchNats nats;
    private NatsLattice lattice;
    private Host host;
    private Connection client;
    private Connection responder;
    private String ping;
    private String get;

    /** Starts nats-server with JetStream, a host with three components, a responder and the client. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        nats = BenchNats.start(true);
        lattice = NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("bench").build());
        host = Host.builder().lattice(lattice).engineMode(Engine.Mode.INTERPRETER).build();
        for (String id : new String[] {"a", "b", "c"}) {
            host.startComponent(id, "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm", 4);
        }
        client = Nats.connect(nats.url());
        ping = "wasmbus.ctl.v1.bench.host.ping";
        get = "wasmbus.ctl.v1.bench.host.get." + host.hostId();
        int pingSize = request(ping).length;
        int getSize = request(get).length;
        responder = Nats.connect(nats.url());
        byte[] pingReply = new byte[pingSize];
        byte[] getReply = new byte[getSize];
        Dispatcher d = responder.createDispatcher(m -> responder.publish(m.getReplyTo(),
                m.getSubject().endsWith("ping") ? pingReply : getReply));
        d.subscribe("raw.ping");
        d.subscribe("raw.get");
        responder.flush(Duration.ofSeconds(5));
    }

    private byte[] request(String subject) throws Exception {
        return client.requestWithTimeout(subject, new byte[0], Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS)
                .getData();
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        responder.close();
        client.close();
        host.close();
        lattice.close();
        nats.close();
    }

    /** {@code host.ping} answered by the host. */
    @Benchmark
    public byte[] hostPing() throws Exception {
        return request(ping);
    }

    /** Baseline for {@link #hostPing}: the same reply size from a plain responder. */
    @Benchmark
    public byte[] rawPing() throws Exception {
        return request("raw.ping");
    }

    /** {@code host.get} (the inventory of three components) answered by the host. */
    @Benchmark
    public byte[] hostGet() throws Exception {
        return request(get);
    }

    /** Baseline for {@link #hostGet}: the same reply size from a plain responder. */
    @Benchmark
    public byte[] rawGet() throws Exception {
        return request("raw.get");
    }
}
