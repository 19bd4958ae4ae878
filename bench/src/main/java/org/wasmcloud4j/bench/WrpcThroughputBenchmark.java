package org.wasmcloud4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
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
public class WrpcThroughputBenchmark extends WrpcEchoBenchmark {
    // the same state, set-up and calls as the latency benchmark, measured as throughput from 64 threads
}
