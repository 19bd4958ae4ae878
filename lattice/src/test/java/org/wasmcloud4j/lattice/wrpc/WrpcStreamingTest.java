package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * Streamed {@code stream<u8>} and {@code future} values through {@link WrpcClient#start} and
 * {@link WrpcServer#serveStreaming} against a real nats-server (default max payload, 1 MiB): a 64 MiB body echoed
 * with the bytes in flight counted, every chunk boundary, a peer that stops reading, peers that disappear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrpcStreamingTest {
    static final String WIT = """
            package test:bytes@0.1.0;
            interface s {
              echo-bytes: func(b: stream<u8>) -> stream<u8>;
              sink: func(b: stream<u8>) -> u64;
              source: func(n: u64) -> stream<u8>;
              echo-future: func(f: future<string>) -> future<string>;
            }
            """;
    static final String IFACE = "test:bytes/s@0.1.0";
    static final IndexPath P0 = IndexPath.of(0);

    @TempDir
    static Path dir;
    NatsServer server;
    WrpcServer wrpcServer;
    WrpcClient client;

    static FuncType fn(String name) {
        return WitFunctions.function(WIT, IFACE, name);
    }

    @BeforeAll
    void start() throws Exception {
        server = NatsServer.start(dir.resolve("nats"));
        wrpcServer = WrpcServer.builder().server(server.url()).lattice("lat").timeout(Duration.ofSeconds(10)).build();
        wrpcServer.serveStreaming("svc", IFACE, "echo-bytes", fn("echo-bytes"), call -> {
            call.sendResults(List.of(Value.ListValue.ofBytes(new byte[0])));   // pending: the body follows
            try (InputStream in = call.paramBytes(P0); OutputStream out = call.resultBytes(P0)) {
                in.transferTo(out);
            }
        });
        wrpcServer.serveStreaming("svc", IFACE, "echo-future", fn("echo-future"), call -> {
            Value v = call.paramFuture(P0);
            call.sendResults(List.of(new Value.OptionValue(Optional.empty())));
            call.resultFuture(P0, v);
        });
        client = WrpcClient.builder().server(server.url()).lattice("lat").build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        wrpcServer.close();
        server.close();
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 11));
        }
        return b;
    }

    /**
     * NATS has no flow control, so a receiver that falls more than its buffer bound behind fails the call (see
     * {@link ChannelDemux}); what is bounded is what sits between the two ends: here the bytes the sender has handed
     * over minus the bytes the receiver has read, sampled at every write, stay within the receiver's bound plus the
     * sender's flush window, far below the 64 MiB sent.
     */
    @Test
    void a64MiBRequestBodyStreamsToTheServerWithBoundedBytesInFlight() throws Exception {
        long total = 64L << 20;
        AtomicLong received = new AtomicLong();
        AtomicLong serverCrc = new AtomicLong();
        try (AutoCloseable reg = wrpcServer.serveStreaming("up", IFACE, "sink", fn("sink"), call -> {
            CRC32 crc = new CRC32();
            byte[] buf = new byte[64 << 10];
            try (InputStream in = call.paramBytes(P0)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    crc.update(buf, 0, n);
                    received.addAndGet(n);
                }
            }
            serverCrc.set(crc.getValue());
            call.sendResults(List.of(new Value.Int(PrimitiveType.U64, received.get())));
        })) {
            long sent = 0;
            long maxInFlight = 0;
            CRC32 crc = new CRC32();
            try (WrpcClientCall call = client.start("up", IFACE, "sink", fn("sink"),
                    List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults())) {
                try (OutputStream out = call.paramBytes(P0)) {
                    byte[] block = pattern(100_003, 7);   // odd size: chunk boundaries fall everywhere
                    while (sent < total) {
                        int n = (int) Math.min(block.length, total - sent);
                        out.write(block, 0, n);
                        crc.update(block, 0, n);
                        sent += n;
                        maxInFlight = Math.max(maxInFlight, sent - received.get());
                    }
                }
                assertThat(call.results()).containsExactly(new Value.Int(PrimitiveType.U64, total));
            }
            assertThat(serverCrc.get()).isEqualTo(crc.getValue());
            assertThat(maxInFlight).isLessThanOrEqualTo(InvokeOptions.DEFAULT_MAX_BUFFERED_BYTES
                    + ByteStreamWriter.FLUSH_EVERY + 2L * ByteStreamWriter.MAX_CHUNK);
        }
    }

    @Test
    void a64MiBResponseBodyStreamsToTheClientWithBoundedBytesInFlight() throws Exception {
        long total = 64L << 20;
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        AtomicLong serverCrc = new AtomicLong();
        try (AutoCloseable reg = wrpcServer.serveStreaming("down", IFACE, "source", fn("source"), call -> {
            long n = ((Value.Int) call.params().get(0)).value();
            call.sendResults(List.of(Value.ListValue.ofBytes(new byte[0])));
            CRC32 crc = new CRC32();
            byte[] block = pattern(77_777, 3);
            try (OutputStream out = call.resultBytes(P0)) {
                while (sent.get() < n) {
                    int k = (int) Math.min(block.length, n - sent.get());
                    out.write(block, 0, k);
                    crc.update(block, 0, k);
                    long s = sent.addAndGet(k);
                    maxInFlight.accumulateAndGet(s - received.get(), Math::max);
                }
            }
            serverCrc.set(crc.getValue());
        })) {
            CRC32 crc = new CRC32();
            try (WrpcClientCall call = client.start("down", IFACE, "source", fn("source"),
                    List.of(new Value.Int(PrimitiveType.U64, total)), InvokeOptions.defaults())) {
                assertThat(call.results()).containsExactly(Value.ListValue.ofBytes(new byte[0]));
                byte[] buf = new byte[64 << 10];
                try (InputStream in = call.resultBytes(P0)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                        received.addAndGet(n);
                    }
                }
            }
            assertThat(received.get()).isEqualTo(total);
            assertThat(crc.getValue()).isEqualTo(serverCrc.get());
            assertThat(maxInFlight.get()).isLessThanOrEqualTo(InvokeOptions.DEFAULT_MAX_BUFFERED_BYTES
                    + ByteStreamWriter.FLUSH_EVERY + 2L * ByteStreamWriter.MAX_CHUNK);
        }
    }

    @Test
    void aBodyIsEchoedWhileItIsStillBeingSent() throws Exception {
        long total = 4L << 20;   // both directions at once, below one buffer bound
        CRC32 sentCrc = new CRC32();
        CRC32 gotCrc = new CRC32();
        long got = 0;
        try (WrpcClientCall call = client.start("svc", IFACE, "echo-bytes", fn("echo-bytes"),
                List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults())) {
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try (OutputStream out = call.paramBytes(P0)) {
                    byte[] block = pattern(100_003, 7);
                    for (long sent = 0; sent < total; ) {
                        int n = (int) Math.min(block.length, total - sent);
                        out.write(block, 0, n);
                        sentCrc.update(block, 0, n);
                        sent += n;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(call.results()).containsExactly(Value.ListValue.ofBytes(new byte[0]));
            byte[] buf = new byte[64 << 10];
            try (InputStream in = call.resultBytes(P0)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    gotCrc.update(buf, 0, n);
                    got += n;
                }
            }
            sender.get(60, TimeUnit.SECONDS);
        }
        assertThat(got).isEqualTo(total);
        assertThat(gotCrc.getValue()).isEqualTo(sentCrc.getValue());
    }

    @Test
    void futuresTravelOnTheirChannels() {
        try (WrpcClientCall call = client.start("svc", IFACE, "echo-future", fn("echo-future"),
                List.of(new Value.OptionValue(Optional.empty())), InvokeOptions.defaults())) {
            call.paramFuture(P0, new Value.Str("later"));
            assertThat(call.results()).containsExactly(new Value.OptionValue(Optional.empty()));
            assertThat(call.resultFuture(P0)).isEqualTo(new Value.Str("later"));
        }
    }

    @Test
    void smallAndEmptyBodiesAndFlushesKeepTheirBytes() throws Exception {
        for (int size : new int[] {0, 1, 255, ByteStreamWriter.MAX_CHUNK - 1, ByteStreamWriter.MAX_CHUNK,
                ByteStreamWriter.MAX_CHUNK + 1, 3 * ByteStreamWriter.MAX_CHUNK + 17}) {
            byte[] body = pattern(size, size);
            try (WrpcClientCall call = client.start("svc", IFACE, "echo-bytes", fn("echo-bytes"),
                    List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults())) {
                try (OutputStream out = call.paramBytes(P0)) {
                    for (int at = 0; at < size; at += 1000) {   // many small writes, a flush after each
                        out.write(body, at, Math.min(1000, size - at));
                        out.flush();
                    }
                }
                call.results();
                assertThat(call.resultBytes(P0).readAllBytes()).as("size %d", size).isEqualTo(body);
            }
        }
    }

    // ------------------------------------------------------------------------------- chunk boundaries (no NATS)

    /** The wire of a stream<u8> sent as chunks of the given sizes, then the end chunk. */
    static byte[] wire(byte[] body, int... chunkSizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (int n : chunkSizes) {
            for (long v = n; ; ) {
                int b = (int) (v & 0x7f);
                v >>>= 7;
                out.write(v != 0 ? b | 0x80 : b);
                if (v == 0) {
                    break;
                }
            }
            out.write(body, at, n);
            at += n;
        }
        out.write(0);
        return out.toByteArray();
    }

    static ChunkSource cut(byte[] wire, int... cuts) {
        ArrayDeque<byte[]> parts = new ArrayDeque<>();
        int from = 0;
        for (int c : cuts) {
            if (c > from) {
                parts.add(java.util.Arrays.copyOfRange(wire, from, c));
                from = c;
            }
        }
        if (from < wire.length) {
            parts.add(java.util.Arrays.copyOfRange(wire, from, wire.length));
        }
        return () -> parts.isEmpty() ? new byte[0] : parts.poll();
    }

    @Test
    void theReaderGivesTheSameBytesWhereverTheMessagesAreCut() throws Exception {
        byte[] body = pattern(300, 3);
        byte[] w = wire(body, 130, 1, 169);   // 130 needs a 2-byte count
        for (int i = 0; i <= w.length; i++) {
            for (int j = i; j <= w.length; j += 7) {
                InputStream in = new ByteStreamReader(cut(w, i, j), "s", P0);
                assertThat(in.readAllBytes()).as("cuts %d %d", i, j).isEqualTo(body);
            }
        }
        ArrayDeque<byte[]> single = new ArrayDeque<>();
        for (byte b : w) {
            single.add(new byte[] {b});
        }
        InputStream one = new ByteStreamReader(() -> single.isEmpty() ? new byte[0] : single.poll(), "s", P0);
        assertThat(one.readAllBytes()).isEqualTo(body);
    }

    @Test
    void aTruncatedOrOverlongStreamIsATypedErrorWithItsOffset() {
        byte[] body = pattern(10, 1);
        byte[] w = wire(body, 10);
        // EOF inside the chunk: 1 count byte + 4 of 10 bytes arrived
        assertThatThrownBy(() -> new ByteStreamReader(cut(java.util.Arrays.copyOf(w, 5)), "subj.params.0", P0)
                .readAllBytes()).isInstanceOf(IOException.class).cause().isInstanceOf(WrpcTransportException.class)
                .hasMessageContaining("subj.params.0").hasMessageContaining("offset 5");
        // EOF where the end chunk should be (a sender that aborted)
        assertThatThrownBy(() -> new ByteStreamReader(cut(java.util.Arrays.copyOf(w, 11)), "subj", P0).readAllBytes())
                .isInstanceOf(IOException.class).cause().isInstanceOf(WrpcTransportException.class)
                .hasMessageContaining("offset 11");
        // bytes after the end chunk
        byte[] extra = java.util.Arrays.copyOf(w, w.length + 1);
        assertThatThrownBy(() -> new ByteStreamReader(cut(extra), "subj", P0).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("after the end chunk");
        // a claimed count of 4 GiB - 1 with 3 bytes behind it: fails at EOF, reading what arrived only
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3};
        assertThatThrownBy(() -> new ByteStreamReader(cut(huge), "subj", P0).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("offset 8");
    }

    // ------------------------------------------------------------------------------- faults

    @Test
    void aServerThatStopsReadingFailsTheCallForTheClientAndIsReleased() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
        CountDownLatch handlerDone = new CountDownLatch(1);
        // 1 MiB in memory and 4 MiB on disk for unread params: the 64 MiB flood passes both
        try (WrpcServer small = WrpcServer.builder().server(server.url()).lattice("lat").maxBufferedBytes(1 << 20)
                .spill(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), 4 << 20).build();
                AutoCloseable reg = small.serveStreaming("stalls", IFACE, "sink", fn("sink"), call -> {
                    InputStream in = call.paramBytes(P0);
                    try {
                        in.read();
                        stalled.countDown();
                        resume.await(30, TimeUnit.SECONDS);   // stops reading
                        in.readAllBytes();
                        call.sendResults(List.of(new Value.Int(PrimitiveType.U64, 0L)));
                    } catch (IOException e) {
                        handlerSaw.set(e);
                    } finally {
                        handlerDone.countDown();
                    }
                })) {
            WrpcClientCall call = client.start("stalls", IFACE, "sink", fn("sink"),
                    List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults());
            IOException writeFailure = null;
            try (OutputStream out = call.paramBytes(P0)) {
                byte[] block = new byte[64 << 10];
                out.write(block);
                out.flush();
                // the handler runs and stops reading before the flood: on a busy machine the flood could otherwise
                // overrun the bound while the call still waits for its handler, which then never runs
                assertThat(stalled.await(20, TimeUnit.SECONDS)).as("the handler read its first byte").isTrue();
                for (long n = block.length; n < 64L << 20; n += block.length) {
                    out.write(block);
                }
            } catch (IOException e) {
                writeFailure = e;   // the server gave up: the client stops sending
            }
            assertThat(writeFailure).as("the client notices the server gave up").isNotNull();
            assertThatThrownBy(call::results).isInstanceOf(WrpcTransportException.class)
                    .hasMessageContaining(".results").hasMessageContaining("offset 0");
            call.close();
            resume.countDown();
            assertThat(handlerDone.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(handlerSaw.get()).isInstanceOf(IOException.class).hasMessageContaining("not read yet");
            assertThat(handlerSaw.get().getCause()).isInstanceOf(WrpcTransportException.class);
        }
    }

    @Test
    void aClientThatDisappearsMidBodyGivesTheHandlerATypedErrorAndTheServerKeepsServing() throws Exception {
        AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
        AtomicLong handlerRead = new AtomicLong();
        AtomicLong arrived = new AtomicLong();
        CountDownLatch handlerDone = new CountDownLatch(1);
        try (WrpcServer quick = WrpcServer.builder().server(server.url()).lattice("lat")
                .timeout(Duration.ofMillis(800)).build();
                AutoCloseable reg = quick.serveStreaming("gone", IFACE, "sink", fn("sink"), call -> {
                    long read = 0;
                    try (InputStream in = call.paramBytes(P0)) {
                        byte[] buf = new byte[8192];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            read += n;
                            arrived.set(read);
                        }
                        call.sendResults(List.of(new Value.Int(PrimitiveType.U64, read)));
                    } catch (IOException e) {
                        handlerSaw.set(e);
                        throw e;
                    } finally {
                        handlerRead.compareAndSet(0, read);
                        handlerDone.countDown();
                    }
                })) {
            WrpcClient leaving = WrpcClient.builder().server(server.url()).lattice("lat").build();
            WrpcClientCall call = leaving.start("gone", IFACE, "sink", fn("sink"),
                    List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults());
            OutputStream out = call.paramBytes(P0);
            out.write(new byte[100_000]);
            out.flush();
            // the bytes reach the handler before the client goes (a close could overtake the publish on its socket)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (arrived.get() < 100_000 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            leaving.close();   // its connection closes mid-body: no end chunk, no EOF
            assertThat(handlerDone.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(handlerRead.get()).isEqualTo(100_000);
            assertThat(handlerSaw.get()).isInstanceOf(IOException.class);
            assertThat(handlerSaw.get().getCause()).isInstanceOf(WrpcTimeoutException.class)
                    .hasMessageContaining(".params.0");
            assertThat(((WrpcTransportException) handlerSaw.get().getCause()).offset()).isGreaterThan(100_000);

            // the server still serves
            try (WrpcClientCall again = client.start("gone", IFACE, "sink", fn("sink"),
                    List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults())) {
                try (OutputStream o = again.paramBytes(P0)) {
                    o.write(new byte[1234]);
                }
                assertThat(again.results()).containsExactly(new Value.Int(PrimitiveType.U64, 1234L));
            }
        }
    }

    @Test
    void aServerThatDisappearsMidResponseBodyGivesTheClientATypedError() throws Exception {
        Connection own = Nats.connect(server.url());
        try (WrpcServer dying = WrpcServer.builder().connection(own).lattice("lat").build();
                AutoCloseable reg = dying.serveStreaming("dies", IFACE, "source", fn("source"), call -> {
                    call.sendResults(List.of(Value.ListValue.ofBytes(new byte[0])));
                    OutputStream out = call.resultBytes(P0);
                    out.write(new byte[50_000]);
                    out.flush();
                    own.flush(Duration.ofSeconds(5));
                    own.close();   // gone mid-body
                })) {
            try (WrpcClientCall call = client.start("dies", IFACE, "source", fn("source"), List.of(new Value.Int(PrimitiveType.U64, 1L << 30)),
                    InvokeOptions.builder().timeout(Duration.ofMillis(800)).build())) {
                assertThat(call.results()).containsExactly(Value.ListValue.ofBytes(new byte[0]));
                InputStream in = call.resultBytes(P0);
                byte[] buf = new byte[4096];
                long got = 0;
                IOException failure = null;
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        got += n;
                    }
                } catch (IOException e) {
                    failure = e;
                }
                assertThat(got).isEqualTo(50_000);
                assertThat(failure).isNotNull();
                assertThat(failure.getCause()).isInstanceOf(WrpcTimeoutException.class)
                        .hasMessageContaining(".results.0");
            }
        }
    }
}
