package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * {@link WrpcServer#serveNonBlocking}: a call whose params came whole in the invocation is answered on the thread
 * that received it; every other call goes to a worker as with {@code serve}. Against a real nats-server with
 * {@code max_payload: 4096}, so params past it arrive in later messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrpcNonBlockingTest {
    private static final String WIT = """
            package test:direct@0.1.0;
            interface calls {
              echo: func(s: string) -> string;
              fail: func(s: string) -> string;
              count: func(b: stream<u8>) -> u64;
              ping: func() -> u32;
            }
            """;
    private static final String IFACE = "test:direct/calls@0.1.0";

    @TempDir
    static Path dir;
    private NatsServer server;
    private WrpcServer wrpcServer;
    private WrpcClient client;
    /** The threads the handlers ran on, in call order. */
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

    private static FuncType fn(String name) {
        return WitFunctions.function(WIT, IFACE, name);
    }

    @BeforeAll
    void start() throws Exception {
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "max_payload: 4096\n");
        server = NatsServer.start(dir.resolve("nats"), "-c", conf.toString());
        wrpcServer = WrpcServer.builder().server(server.url()).lattice("lat").timeout(Duration.ofSeconds(2)).build();
        wrpcServer.serveNonBlocking("d", IFACE, "echo", fn("echo"), (params, h) -> {
            threads.add(Thread.currentThread().getName());
            headers.add(h);
            return List.of(params.get(0));
        });
        wrpcServer.serveNonBlocking("d", IFACE, "fail", fn("fail"), params -> {
            throw new IllegalStateException("refused: " + params.get(0));
        });
        wrpcServer.serveNonBlocking("d", IFACE, "count", fn("count"), params -> {
            threads.add(Thread.currentThread().getName());
            return List.of(Value.u64(((Value.ListValue) params.get(0)).elements().size()));
        });
        wrpcServer.serveNonBlocking("d", IFACE, "ping", fn("ping"), params -> {
            threads.add(Thread.currentThread().getName());
            return List.of(Value.u32(7));
        });
        client = WrpcClient.builder().server(server.url()).lattice("lat").build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        wrpcServer.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        threads.clear();
        headers.clear();
    }

    private List<Value> call(String f, Value... params) {
        return client.invoke("d", IFACE, f, fn(f), List.of(params), InvokeOptions.defaults());
    }

    private static boolean onAWorker(String thread) {
        return thread.startsWith("wrpc-server-");
    }

    private void awaitOpenCallsAtMost(int n) throws InterruptedException {
        WrpcTransportTest.awaitOpenCallsAtMost(wrpcServer, n);
    }

    @Test
    void paramsWholeInTheInvocationAreAnsweredWithoutAWorker() {
        assertThat(client.invoke("d", IFACE, "echo", fn("echo"), List.of(Value.of("hi")),
                InvokeOptions.builder().sourceId("caller").build())).containsExactly(Value.of("hi"));
        assertThat(call("ping")).containsExactly(Value.u32(7));   // no params at all: an empty invocation
        assertThat(call("count", Value.ListValue.ofBytes(new byte[100]))).containsExactly(Value.u64(100));
        assertThat(threads).hasSize(3).noneMatch(WrpcNonBlockingTest::onAWorker);
        assertThat(headers.get(0)).containsEntry("source-id", "caller");
    }

    @Test
    void paramsPastTheInvocationGoToAWorker() {
        String big = "x".repeat(10_000);   // the invocation carries about 4 KiB of it, the rest follows on R_s.params
        assertThat(call("echo", Value.of(big))).containsExactly(Value.of(big));
        assertThat(threads).singleElement().satisfies(t -> assertThat(onAWorker(t)).isTrue());
    }

    @Test
    void pendingStreamParamsGoToAWorker() throws Exception {
        try (WrpcClientCall c = client.start("d", IFACE, "count", fn("count"),
                List.of(Value.ListValue.ofBytes(new byte[0])), InvokeOptions.defaults())) {
            try (OutputStream out = c.paramBytes(IndexPath.of(0))) {
                out.write(new byte[12_345]);
            }
            assertThat(c.results()).containsExactly(Value.u64(12_345));
        }
        assertThat(threads).singleElement().satisfies(t -> assertThat(onAWorker(t)).isTrue());
    }

    @Test
    void aHandlerThatThrowsEndsTheResultsAndTheServerKeepsServing() {
        assertThatThrownBy(() -> call("fail", Value.of("a"))).isInstanceOf(WrpcTransportException.class);
        assertThat(call("echo", Value.of("after"))).containsExactly(Value.of("after"));
    }

    @Test
    void answeredCallsAreReleasedWhenTheirParamsEndArrives() throws Exception {
        int before = wrpcServer.openCalls();
        for (int i = 0; i < 50; i++) {
            assertThat(call("echo", Value.of("n" + i))).containsExactly(Value.of("n" + i));
        }
        awaitOpenCallsAtMost(before);
    }

    /** A client that never sends the params EOF: the call is answered, and released by the timeout sweep. */
    @Test
    void aClientThatNeverEndsTheParamsIsAnsweredAndReleasedLater() throws Exception {
        awaitOpenCallsAtMost(0);   // the calls of earlier tests are released once their EOF is in
        int before = 0;
        try (Connection raw = Nats.connect(server.url())) {
            String rc = raw.createInbox();
            CountDownLatch results = new CountDownLatch(2);   // the value, then the results' EOF
            raw.createDispatcher(m -> results.countDown()).subscribe(rc + ".results");
            raw.flush(Duration.ofSeconds(5));
            raw.publish(WrpcClient.invocationSubject("lat", "d", IFACE, "echo"), rc, new byte[] {2, 'o', 'k'});
            assertThat(results.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(wrpcServer.openCalls()).isGreaterThan(before);
        Thread.sleep(2_300);   // past the server's 2 s timeout; the next invocation sweeps
        assertThat(call("echo", Value.of("sweep"))).containsExactly(Value.of("sweep"));
        awaitOpenCallsAtMost(before);
    }

    @Test
    void badParamsGoToAWorkerWhichFailsTheCallAsForServe() {
        FuncType wrong = WitFunctions.function("""
                package test:direct@0.1.0;
                interface calls { echo: func(n: u32) -> string; }
                """, IFACE, "echo");
        // a u32 where a string is expected: 0xff 0xff 0xff 0xff 0x0f is a length of 4 GiB with no bytes after it
        assertThatThrownBy(() -> client.invoke("d", IFACE, "echo", wrong, List.of(Value.u32(0xffff_ffffL)),
                InvokeOptions.builder().timeout(Duration.ofSeconds(3)).build()))
                .isInstanceOf(WrpcException.class);
        assertThat(threads).isEmpty();
        assertThat(call("echo", Value.of("still"))).containsExactly(Value.of("still"));
    }

    @Test
    void concurrentCallersAllGetTheirOwnAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<List<Value>>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String s = "c" + i + "-" + "y".repeat(i % 500);
                futures.add(pool.submit(() -> call("echo", Value.of(s))));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS))
                        .containsExactly(Value.of("c" + i + "-" + "y".repeat(i % 500)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(threads).hasSize(2_000).noneMatch(WrpcNonBlockingTest::onAWorker);
    }
}
