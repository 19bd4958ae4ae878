package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * The transport under size and concurrency (issue 14, Tests): 10 MiB params and results chunked at a
 * {@code max_payload} of 4096 bytes both ways, 128 concurrent callers against one server with its default bounds,
 * and registrations that are live as soon as {@code serve} returns. Real {@code nats-server}, client and server on
 * separate connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrpcTransportLoadTest {
    static final String WIT = """
            package test:load@0.1.0;
            interface load {
              echo-bytes: func(b: list<u8>) -> list<u8>;
              echo-string: func(s: string) -> string;
              size: func(b: list<u8>) -> u64;
              make: func(n: u32) -> list<u8>;
            }
            """;
    static final String IFACE = "test:load/load@0.1.0";
    static final int TEN_MIB = 10 * 1024 * 1024;

    @TempDir
    static Path dir;
    NatsServer server;
    WrpcServer wrpcServer;
    WrpcClient client;

    static FuncType fn(String name) {
        return WitFunctions.function(WIT, IFACE, name);
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @BeforeAll
    void start() throws Exception {
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "max_payload: 4096\n");
        server = NatsServer.start(dir.resolve("nats"), "-c", conf.toString());
        // default bounds: 64 calls at once, 1024 waiting, 16 MiB buffered per call
        // the builders open their own connections (WrpcConnections' options are part of what is tested)
        wrpcServer = WrpcServer.builder().server(server.url()).lattice("load").build();
        wrpcServer.serve("svc", IFACE, "echo-bytes", fn("echo-bytes"), p -> p);
        wrpcServer.serve("svc", IFACE, "echo-string", fn("echo-string"), p -> p);
        wrpcServer.serve("svc", IFACE, "size", fn("size"),
                p -> List.of(Value.u64(((Value.ListValue) p.get(0)).elements().size())));
        wrpcServer.serve("svc", IFACE, "make", fn("make"),
                p -> List.of(Value.ListValue.ofBytes(bytes((int) ((Value.Int) p.get(0)).value(), 7))));
        client = WrpcClient.builder().server(server.url()).lattice("load").build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        wrpcServer.close();
        server.close();
    }

    /** A connection with room for a loaded shared build machine. */
    Connection connect() throws Exception {
        return Nats.connect(new Options.Builder().server(server.url()).connectionTimeout(Duration.ofSeconds(10))
                .build());
    }

    List<Value> call(String f, Value... params) {
        return client.invoke("svc", IFACE, f, fn(f), List.of(params), InvokeOptions.defaults());
    }

    @Test
    void tenMebibytesGoBothWaysInMaxPayloadChunks() {
        Value ten = Value.ListValue.ofBytes(bytes(TEN_MIB, 1));
        assertThat(call("echo-bytes", ten)).containsExactly(ten);
    }

    @Test
    void tenMebibyteParamsAndTenMebibyteResultsEachWay() {
        assertThat(call("size", Value.ListValue.ofBytes(bytes(TEN_MIB, 2)))).containsExactly(Value.u64(TEN_MIB));
        assertThat(call("make", Value.u32(TEN_MIB))).containsExactly(Value.ListValue.ofBytes(bytes(TEN_MIB, 7)));
    }

    /**
     * A value decoded whole is bounded as a whole, not only by what is unread at any moment: a peer sending results
     * (or params) past the call's byte bound fails the call with a typed error, and the server keeps serving. A caller
     * that expects more raises its bound.
     */
    @Test
    void resultsAndParamsPastTheCallsByteBoundFailTheCall() {
        int over = 17 * 1024 * 1024;   // the default bound is 16 MiB
        assertThatThrownBy(() -> call("make", Value.u32(over))).isInstanceOf(WrpcException.class)
                .hasMessageContaining("bytes for one call");
        assertThat(client.invoke("svc", IFACE, "make", fn("make"), List.of(Value.u32(over)),
                InvokeOptions.builder().maxBufferedBytes(32L << 20).build()).get(0))
                .isEqualTo(Value.ListValue.ofBytes(bytes(over, 7)));
        assertThatThrownBy(() -> call("size", Value.ListValue.ofBytes(bytes(over, 4))))
                .isInstanceOf(WrpcException.class);
        assertThat(call("size", Value.ListValue.ofBytes(new byte[3]))).containsExactly(Value.u64(3));
    }

    @Test
    void aTenMebibyteStringRoundTrips() {
        StringBuilder sb = new StringBuilder(TEN_MIB);
        Random r = new Random(3);
        while (sb.length() < TEN_MIB - 4) {
            int c = r.nextInt(8) == 0 ? 0x1F600 + r.nextInt(64) : 'a' + r.nextInt(26); // multi-byte UTF-8 too
            sb.appendCodePoint(c);
        }
        Value s = Value.of(sb.toString());
        assertThat(call("echo-string", s)).containsExactly(s);
    }

    @Test
    void oneHundredTwentyEightConcurrentCallersAllComplete() throws Exception {
        int callers = 128;
        int calls = 20;
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < calls; i++) {
                        String s = "caller " + id + " call " + i + " " + "x".repeat(id * 8);
                        assertThat(call("echo-string", Value.of(s))).containsExactly(Value.of(s));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60).toMillis());
            assertThat(t.isAlive()).as("a caller still running after 60 s").isFalse();
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void aCallRightAfterServeIsServed() throws Exception {
        try (Connection other = connect();
                WrpcServer fresh = WrpcServer.builder().connection(other).lattice("load").build()) {
            for (int i = 0; i < 50; i++) {
                String id = "fresh-" + i;
                try (AutoCloseable reg = fresh.serve(id, IFACE, "echo-string", fn("echo-string"), p -> p)) {
                    assertThat(client.invoke(id, IFACE, "echo-string", fn("echo-string"), List.of(Value.of("hi")),
                            InvokeOptions.defaults())).containsExactly(Value.of("hi"));
                }
            }
        }
    }
}
