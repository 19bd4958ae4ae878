package org.wasmcloud4j.bench;

import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.wasi.Wasi;
import org.wasmcloud4j.wasi.WasiConfig;

/**
 * Stream write throughput: the {@code c-stream} command (compiled) writes 8 MiB to its stdout in 64 KiB writes
 * through {@code wasi:io/streams}, into a Java {@link OutputStream} that copies what it gets; the baseline is a
 * plain Java loop writing the same 8 MiB in 64 KiB chunks into the same kind of stream (performance.md: target
 * guest throughput at least 0.5x the loop's, i.e. {@code guestWrites / javaCopyLoop} at most 2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WasiStreamBenchmark {
    /** Bytes written per operation. */
    static final int TOTAL = 8 << 20;

    /** An output stream that copies every write into a reused buffer (so the bytes are really moved). */
    static final class CopyingSink extends OutputStream {
        final byte[] buffer = new byte[64 << 10];
        long count;

        @Override
        public void write(int b) {
            buffer[(int) (count++ % buffer.length)] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int done = 0;
            while (done < len) {
                int n = Math.min(len - done, buffer.length);
                System.arraycopy(b, off + done, buffer, 0, n);
                done += n;
            }
            count += len;
        }
    }

    private InstancePre pre;
    private InstancePre startOnly;
    private CopyingSink guestSink;
    private final byte[] chunk = new byte[64 << 10];

    /** Compiles and links the command once. */
    @Setup
    public void setUp() {
        Engine engine = Engine.defaults();
        guestSink = new CopyingSink();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("c-stream", String.valueOf(TOTAL >> 10))
                .stdout(guestSink).build());
        Component command = Component.fromBytes(engine, Fixtures.bytes("c-stream.command"));
        pre = linker.instantiatePre(command);
        Linker idle = new Linker(engine);
        Wasi.addToLinker(idle, WasiConfig.builder().args("c-stream", "0").stdout(guestSink).build());
        startOnly = idle.instantiatePre(command);
        java.util.Arrays.fill(chunk, (byte) 'x');
    }

    /** The guest writes 8 MiB. */
    @Benchmark
    public long guestWrites() {
        long before = guestSink.count;
        try (org.wasmcloud4j.component.runtime.Instance instance = pre.instantiate()) {
            if (Wasi.run(instance) != 0) {
                throw new IllegalStateException("the command failed");
            }
        }
        return guestSink.count - before;
    }

    /**
     * The fixed cost inside {@link #guestWrites}: instantiating the command and running it with nothing to write.
     * Stream throughput is {@code TOTAL / (guestWrites - guestStartsOnly)}.
     */
    @Benchmark
    public long guestStartsOnly() {
        try (org.wasmcloud4j.component.runtime.Instance instance = startOnly.instantiate()) {
            return Wasi.run(instance);
        }
    }

    /** Baseline: Java writes 8 MiB in 64 KiB chunks. */
    @Benchmark
    public long javaCopyLoop() {
        CopyingSink sink = new CopyingSink();
        for (int done = 0; done < TOTAL; done += chunk.length) {
            sink.write(chunk, 0, chunk.length);
        }
        return sink.count;
    }
}
