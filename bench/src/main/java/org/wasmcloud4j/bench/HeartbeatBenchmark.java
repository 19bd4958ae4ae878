package org.wasmcloud4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.lattice.nats.NatsLattice;
import org.wasmcloud4j.lattice.nats.NatsOptions;

/**
 * What one heartbeat costs (issue 13: flat per component up to 10 000): the host's inventory built and published as
 * a {@code host_heartbeat} CloudEvent on NATS, exactly what the heartbeat timer does, for a host running
 * {@code components} components. Divide the score by {@code components} for the cost per component; the server's
 * max payload is raised so the 10 000-component inventory (≈1.5 MB) is sent, not refused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class HeartbeatBenchmark {
    /** How many components the host runs. */
    @Param({"10", "1000", "10000"})
    public int components;

    private BenchNats nats;
    private NatsLattice lattice;
    private Host host;

    /** A host with {@code components} components. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path conf = Files.createTempFile("nats", ".conf");
        Files.writeString(conf, "max_payload: 8388608\n");
        nats = BenchNats.start(true, "-c", conf.toString());
        lattice = NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("beat").build());
        host = Host.builder().lattice(lattice).engineMode(Engine.Mode.INTERPRETER).maxComponents(components)
                .heartbeatInterval(java.time.Duration.ofDays(1)).build();
        for (int i = 0; i < components; i++) {
            host.startComponent("c" + i, "classpath:org/wasmcloud4j/fixtures/wat-hello.component.wasm", 1);
        }
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        host.close();
        lattice.close();
        nats.close();
    }

    /** One heartbeat: inventory, CloudEvent, publish. */
    @Benchmark
    public void heartbeat() {
        lattice.publish(LatticeEvent.of("host_heartbeat", host.hostId(), host.inventory()));
    }
}
