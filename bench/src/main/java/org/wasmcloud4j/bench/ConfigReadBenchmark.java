package org.wasmcloud4j.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;

/**
 * A config read per invocation (issue 15: O(1) in the number of named configs): {@code store.get("color")} on the
 * {@code wat-config-api} component, which names two configs, in a lattice holding {@code configs} named configs
 * in all. Compare the scores of 1 and 1 000 (the ratio should be 1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ConfigReadBenchmark {
    /** Named configs in the lattice. */
    @Param({"1", "1000"})
    public int configs;

    private Host host;
    private final List<Value> key = List.of(new Value.Str("color"));

    /** A host with {@code configs} named configs and the component. */
    @Setup(Level.Trial)
    public void setUp() {
        host = Host.builder().build();
        host.putConfig("base", Map.of("color", "red", "size", "large"));
        host.putConfig("override", Map.of("color", "blue"));
        for (int i = 2; i < configs; i++) {
            host.putConfig("other-" + i, Map.of("color", "green-" + i));
        }
        host.startComponent("cfg", "classpath:org/wasmcloud4j/fixtures/wat-config-api.component.wasm", 4, Map.of(),
                List.of("base", "override"));
    }

    /** Stops the host. */
    @TearDown(Level.Trial)
    public void tearDown() {
        host.close();
    }

    /** One invocation that reads one config key. */
    @Benchmark
    public Optional<Value> configGet() {
        return host.invoke("cfg", "store", "get", key);
    }
}
