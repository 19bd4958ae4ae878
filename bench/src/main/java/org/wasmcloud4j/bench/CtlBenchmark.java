package org.wasmcloud4j.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.wasmcloud4j.lattice.ctl.CtlClient;
import org.wasmcloud4j.lattice.ctl.CtlJson;
import org.wasmcloud4j.lattice.ctl.CtlResponse;
import org.wasmcloud4j.lattice.ctl.CtlSubjects;
import org.wasmcloud4j.lattice.ctl.HostInventory;

/**
 * Control-interface round trip (issue 13): {@link CtlClient#getInventory} ({@code host.get}, answered with an empty
 * inventory, which is {@code host.ping}-sized: ~400 bytes) against a raw jnats request on the same subject getting
 * the same reply bytes ({@code rawRequest}, the baseline). Both go through a {@code nats-server} (Debian's package)
 * the benchmark starts on a free loopback port; the responder is a plain jnats dispatcher on its own connection.
 * The ratio is what the typed client adds: encoding, decoding and checking the envelope and the inventory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class CtlBenchmark {
    private static final String HOST_ID = "NBZ3UNA7KLOVYQDKMWYHMYAGXHDCJ3HNEZR7GRDMXCLLVXEPBKPSH5W4";

    private BenchNats server;
    private Connection responderConnection;
    private Connection rawConnection;
    private CtlClient client;
    private String subject;
    private byte[] reply;

    /** Starts nats-server, the responder and both clients. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = BenchNats.start(false);
        String url = server.url();
        subject = CtlSubjects.of("bench").subject("host", "get", HOST_ID);
        reply = CtlJson.encode(CtlResponse.ok(new HostInventory(List.of(), List.of(), HOST_ID, "quiet-river-1234",
                Map.of("hostcore.arch", "x86_64", "hostcore.os", "linux", "hostcore.osfamily", "unix"), "1.9.2",
                "1h 2m 5s", 3725)));
        responderConnection = Nats.connect(url);
        Dispatcher d = responderConnection.createDispatcher((Message m) -> responderConnection.publish(m.getReplyTo(),
                reply));
        d.subscribe(subject);
        responderConnection.flush(Duration.ofSeconds(5));
        rawConnection = Nats.connect(url);
        client = CtlClient.builder().server(url).lattice("bench").build();
        if (!client.getInventory(HOST_ID).hostId().equals(HOST_ID)) {
            throw new IllegalStateException("unexpected reply");
        }
    }

    /** Stops everything the set-up started. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        rawConnection.close();
        responderConnection.close();
        server.close();
    }

    /** The typed client: request, envelope and inventory decoded and checked. */
    @Benchmark
    public HostInventory ctlClientGetInventory() {
        return client.getInventory(HOST_ID);
    }

    /** Baseline: the same request and reply bytes through jnats alone. */
    @Benchmark
    public byte[] rawRequest() throws Exception {
        return rawConnection.requestWithTimeout(subject, new byte[0], Duration.ofSeconds(2))
                .get(3, TimeUnit.SECONDS).getData();
    }
}
