package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * wRPC client and server against a real nats-server with {@code max_payload: 4096}, with each other and with a
 * raw-jnats peer that speaks the transport byte for byte as wrpc's transport-nats 0.28.1 does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrpcTransportTest {
    static final String WIT = """
            package test:wrpc@0.1.0;
            interface types {
              record point { x: s32, y: s32, label: string }
              variant shape { circle(f64), rect(point), empty }
              echo-string: func(s: string) -> string;
              echo-point: func(p: point) -> point;
              echo-shapes: func(s: list<shape>, tag: option<u64>) -> list<shape>;
              echo-bytes: func(b: stream<u8>) -> stream<u8>;
              echo-future: func(f: future<string>) -> future<string>;
              add: func(a: u32, b: u32) -> u32;
              nothing: func();
            }
            """;
    static final String IFACE = "test:wrpc/types@0.1.0";

    @TempDir
    static Path dir;
    NatsServer server;
    Connection nats;
    WrpcServer wrpcServer;
    WrpcClient client;
    final List<Map<String, String>> seenHeaders = new CopyOnWriteArrayList<>();

    static FuncType fn(String name) {
        return WitFunctions.function(WIT, IFACE, name);
    }

    @BeforeAll
    void start() throws Exception {
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "max_payload: 4096\n");
        server = NatsServer.start(dir.resolve("nats"), "-c", conf.toString());
        nats = Nats.connect(server.url());
        wrpcServer = WrpcServer.builder().server(server.url()).lattice("lat").maxConcurrentCalls(4).maxQueuedCalls(4)
                .timeout(Duration.ofSeconds(2)).build();
        for (String f : List.of("echo-string", "echo-point", "echo-shapes", "echo-bytes", "echo-future")) {
            wrpcServer.serve("svc", IFACE, f, fn(f), (params, headers) -> {
                seenHeaders.add(headers);
                return List.of(params.get(0));
            });
        }
        wrpcServer.serve("svc", IFACE, "add", fn("add"), params -> {
            long a = ((Value.Int) params.get(0)).value();
            long b = ((Value.Int) params.get(1)).value();
            if (a == 0) {
                throw new IllegalStateException("refusing zero");
            }
            return List.of(Value.u32(a + b));
        });
        wrpcServer.serve("svc", IFACE, "nothing", fn("nothing"), params -> List.of());
        client = WrpcClient.builder().server(server.url()).lattice("lat").build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        wrpcServer.close();
        nats.close();
        server.close();
    }

    /** Waits up to 5 s for {@code server}'s open calls to fall back to {@code n}, then checks they did. */
    static void awaitOpenCallsAtMost(WrpcServer server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openCalls() > n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.openCalls()).isLessThanOrEqualTo(n);
    }

    List<Value> call(String f, Value... params) {
        return client.invoke("svc", IFACE, f, fn(f), List.of(params), InvokeOptions.defaults());
    }

    static Value point(int x, int y, String label) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("x", Value.s32(x));
        m.put("y", Value.s32(y));
        m.put("label", Value.of(label));
        return new Value.RecordValue(m);
    }

    @Test
    void primitivesRecordsVariantsListsAndOptionsRoundTrip() {
        assertThat(call("add", Value.u32(2), Value.u32(40))).containsExactly(Value.u32(42));
        assertThat(call("echo-point", point(-3, 7, "p"))).containsExactly(point(-3, 7, "p"));
        Value shapes = Value.list(List.of(new Value.VariantValue("circle", Optional.of(new Value.F64(1.5))),
                new Value.VariantValue("rect", Optional.of(point(1, 2, "r"))),
                new Value.VariantValue("empty", Optional.empty())));
        assertThat(call("echo-shapes", shapes, new Value.OptionValue(Optional.of(Value.u64(9)))))
                .containsExactly(shapes);
        assertThat(call("nothing")).isEmpty();
    }

    @Test
    void stringsOverOneMebibyteAreSplitAtTheServersMaxPayload() {
        assertThat(nats.getServerInfo().getMaxPayload()).isEqualTo(4096);
        String big = "wRPC-ü-".repeat(200_000); // 1.8 MB of UTF-8
        assertThat(call("echo-string", Value.of(big))).containsExactly(Value.of(big));
    }

    @Test
    void headersReachTheHandler() {
        seenHeaders.clear();
        client.invoke("svc", IFACE, "echo-string", fn("echo-string"), List.of(Value.of("h")),
                InvokeOptions.builder().sourceId("caller").linkName("default").traceparent("00-abc-def-01")
                        .tracestate("k=v").build());
        assertThat(seenHeaders).singleElement().satisfies(h -> assertThat(h).containsEntry("source-id", "caller")
                .containsEntry("link-name", "default").containsEntry("traceparent", "00-abc-def-01")
                .containsEntry("tracestate", "k=v"));
    }

    @Test
    void streamsAndFuturesRoundTrip() {
        Value bytes = Value.list(List.of(u8(1), u8(2), u8(3)));
        assertThat(call("echo-bytes", bytes)).containsExactly(bytes);
        // an empty stream travels pending: 00 on the sync channel, then the end chunk on its index subject
        assertThat(call("echo-bytes", Value.list(List.of()))).containsExactly(Value.list(List.of()));
        Value ready = new Value.OptionValue(Optional.of(Value.of("later")));
        assertThat(call("echo-future", ready)).containsExactly(ready);
        assertThatThrownBy(() -> call("echo-future", new Value.OptionValue(Optional.empty())))
                .isInstanceOf(WrpcException.class).hasMessageContaining("pending future");
    }

    static Value u8(int v) {
        return new Value.Int(PrimitiveType.U8, v);
    }

    @Test
    void noRespondersIsTypedAndNamesTheSubject() {
        assertThatThrownBy(() -> client.invoke("nobody", IFACE, "add", fn("add"),
                List.of(Value.u32(1), Value.u32(2)), InvokeOptions.defaults()))
                .isInstanceOf(WrpcNoRespondersException.class)
                .hasMessageContaining("lat.nobody.wrpc.0.0.1.test:wrpc/types@0.1.0.add");
    }

    @Test
    void noHandshakeIsATimeout() throws Exception {
        Subscription silent = nats.subscribe("lat.silent.wrpc.0.0.1." + IFACE + ".add");
        nats.flush(Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.invoke("silent", IFACE, "add", fn("add"),
                List.of(Value.u32(1), Value.u32(2)), InvokeOptions.builder().timeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(WrpcTimeoutException.class).hasMessageContaining("handshake")
                .hasMessageContaining("lat.silent.wrpc.0.0.1.test:wrpc/types@0.1.0.add");
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
        silent.unsubscribe();
    }

    @Test
    void handlerFailureEndsTheResultsAndTheServerKeepsServing() {
        assertThatThrownBy(() -> call("add", Value.u32(0), Value.u32(1)))
                .isInstanceOf(WrpcTransportException.class).hasMessageContaining(".results")
                .hasMessageContaining("byte offset 0");
        assertThat(call("add", Value.u32(1), Value.u32(1))).containsExactly(Value.u32(2));
    }

    /** A raw peer in the server role, as transport-nats serves: handshake without headers, results then EOF. */
    final class RawServer implements AutoCloseable {
        final Connection c;
        final List<byte[]> params = new CopyOnWriteArrayList<>();
        final CountDownLatch paramsEnded = new CountDownLatch(1);
        volatile Message invocation;
        volatile Message handshake;

        RawServer(String id, String function, java.util.function.BiConsumer<Connection, String> answer)
                throws Exception {
            c = Nats.connect(server.url());
            var d = c.createDispatcher();
            d.subscribe("lat." + id + ".wrpc.0.0.1." + IFACE + "." + function, "lat." + id, msg -> {
                invocation = msg;
                String rs = c.createInbox();
                c.createDispatcher(m -> {
                    params.add(m.getData());
                    if (m.getData().length == 0) {
                        paramsEnded.countDown();
                    }
                }).subscribe(rs + ".params");
                params.add(msg.getData());
                c.publish(msg.getReplyTo(), rs, new byte[0]);
                answer.accept(c, msg.getReplyTo());
            });
            c.flush(Duration.ofSeconds(2));
        }

        byte[] allParams() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            params.forEach(out::writeBytes);
            return out.toByteArray();
        }

        @Override
        public void close() throws InterruptedException {
            c.close();
        }
    }

    @Test
    void clientAgainstARustShapedServerWithPendingStreamResults() throws Exception {
        try (RawServer raw = new RawServer("rawsrv", "echo-bytes", (c, rc) -> {
            // the stream's chunks overtake the byte that announces it: wRPC allows it
            c.publish(rc + ".results.0", new byte[] {3, 'a', 'b', 'c'});
            c.publish(rc + ".results.0", new byte[] {2, 'd', 'e'});
            c.publish(rc + ".results.0", new byte[] {0});
            c.publish(rc + ".results.0", new byte[0]);
            c.publish(rc + ".results", new byte[] {0});
            c.publish(rc + ".results", new byte[0]);
        })) {
            List<Value> out = client.invoke("rawsrv", IFACE, "echo-bytes", fn("echo-bytes"),
                    List.of(Value.list(List.of(u8(7), u8(8)))),
                    InvokeOptions.builder().sourceId("me").build());
            assertThat(out).containsExactly(Value.list(List.of(u8('a'), u8('b'), u8('c'), u8('d'), u8('e'))));
            assertThat(raw.paramsEnded.await(5, TimeUnit.SECONDS)).isTrue();
            // the first message carries the params (list<u8> 2 bytes), R_s.params only the EOF
            assertThat(raw.allParams()).containsExactly(2, 7, 8);
            assertThat(raw.params.get(raw.params.size() - 1)).isEmpty();
            assertThat(raw.invocation.getHeaders().getFirst("source-id")).isEqualTo("me");
            assertThat(raw.invocation.getReplyTo()).startsWith("_INBOX.");
        }
    }

    @Test
    void clientTruncatesTheFirstMessageAndSendsTheRestToRsParams() throws Exception {
        try (RawServer raw = new RawServer("rawbig", "echo-string", (c, rc) -> {
            c.publish(rc + ".results", new byte[] {2, 'o', 'k'});
            c.publish(rc + ".results", new byte[0]);
        })) {
            String big = "x".repeat(10_000);
            InvokeOptions opts = InvokeOptions.builder().sourceId("src").linkName("default").build();
            assertThat(client.invoke("rawbig", IFACE, "echo-string", fn("echo-string"), List.of(Value.of(big)),
                    opts)).containsExactly(Value.of("ok"));
            assertThat(raw.paramsEnded.await(5, TimeUnit.SECONDS)).isTrue();
            byte[] first = raw.invocation.getData();
            int headerBytes = raw.invocation.getHeaders().serializedLength();
            assertThat(first.length).isEqualTo(4096 - raw.invocation.getReplyTo().length() - headerBytes);
            byte[] all = raw.allParams();
            assertThat(all.length).isEqualTo(2 + 10_000);
            assertThat(new String(all, 2, 10_000, StandardCharsets.UTF_8)).isEqualTo(big);
            raw.params.subList(1, raw.params.size()).forEach(p -> assertThat(p.length).isLessThanOrEqualTo(4096));
        }
    }

    @Test
    void aServerThatDiesMidStreamIsATimeoutWithTheOffset() throws Exception {
        RawServer raw = new RawServer("dying", "echo-string", (c, rc) -> {
            c.publish(rc + ".results", new byte[] {10, 'a', 'b', 'c'}); // 10 bytes announced, 3 sent
        });
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(200);
                raw.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        assertThatThrownBy(() -> client.invoke("dying", IFACE, "echo-string", fn("echo-string"),
                List.of(Value.of("x")), InvokeOptions.builder().timeout(Duration.ofMillis(800)).build()))
                .isInstanceOf(WrpcTimeoutException.class)
                .satisfies(e -> {
                    WrpcTransportException t = (WrpcTransportException) e;
                    assertThat(t.subject()).endsWith(".results");
                    assertThat(t.offset()).isEqualTo(4);
                });
        killer.join();
    }

    @Test
    void resultsThatEndEarlyOrAreGarbageNameSubjectAndOffset() throws Exception {
        try (RawServer raw = new RawServer("garbage", "echo-point", (c, rc) -> {
            c.publish(rc + ".results", new byte[] {1, 2, 5, 'a', 'b'}); // label of 5 bytes, 2 sent, then EOF
            c.publish(rc + ".results", new byte[0]);
        })) {
            assertThatThrownBy(() -> client.invoke("garbage", IFACE, "echo-point", fn("echo-point"),
                    List.of(point(1, 2, "l")), InvokeOptions.defaults()))
                    .isInstanceOf(WrpcTransportException.class)
                    .hasMessageContaining(".results").hasMessageContaining("byte offset 3");
        }
    }

    /** Results are read whole at their end, so what floods them meets the call's bound. */
    @Test
    void aSlowConsumerBoundFailsTheCall() throws Exception {
        try (RawServer raw = new RawServer("flood", "echo-bytes", (c, rc) -> {
            for (int i = 0; i < 64; i++) { // 64 x 4 KiB on the stream channel before the sync byte
                byte[] chunk = new byte[4000];
                chunk[0] = (byte) 0x9e;
                chunk[1] = 0x1f; // LEB 3998
                c.publish(rc + ".results.0", chunk);
            }
        })) {
            assertThatThrownBy(() -> client.invoke("flood", IFACE, "echo-bytes", fn("echo-bytes"),
                    List.of(Value.list(List.of(u8(1)))),
                    InvokeOptions.builder().maxBufferedBytes(32 << 10).timeout(Duration.ofSeconds(3)).build()))
                    .isInstanceOf(WrpcTransportException.class).hasMessageContaining("bytes for one call");
        }
    }

    /** A raw peer in the client role, as transport-nats invokes. */
    record RawCall(Message handshake, byte[] results, List<byte[]> messages) {}

    RawCall rawInvoke(String function, byte[] params, int firstLength) throws Exception {
        try (Connection c = Nats.connect(server.url())) {
            String rc = c.createInbox();
            List<Message> got = new CopyOnWriteArrayList<>();
            CountDownLatch eof = new CountDownLatch(1);
            CountDownLatch hs = new CountDownLatch(1);
            c.createDispatcher(m -> {
                got.add(m);
                if (m.getSubject().equals(rc)) {
                    hs.countDown();
                } else if (m.getData().length == 0) {
                    eof.countDown();
                }
            }).subscribe(rc + ".>");
            var hsd = c.createDispatcher(m -> {
                got.add(m);
                hs.countDown();
            });
            hsd.subscribe(rc);
            c.flush(Duration.ofSeconds(2));
            byte[] head = java.util.Arrays.copyOf(params, firstLength);
            c.publish(NatsMessage.builder().subject("lat.svc.wrpc.0.0.1." + IFACE + "." + function).replyTo(rc)
                    .data(head).build());
            assertThat(hs.await(5, TimeUnit.SECONDS)).isTrue();
            Message handshake = got.stream().filter(m -> m.getSubject().equals(rc)).findFirst().orElseThrow();
            String rs = handshake.getReplyTo();
            if (params.length > firstLength) {
                c.publish(rs + ".params", java.util.Arrays.copyOfRange(params, firstLength, params.length));
            }
            c.publish(rs + ".params", new byte[0]);
            assertThat(eof.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // anything sent after the EOF would be a protocol error
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<byte[]> msgs = new ArrayList<>();
            for (Message m : got) {
                if (m.getSubject().equals(rc + ".results")) {
                    out.writeBytes(m.getData());
                    msgs.add(m.getData());
                }
            }
            return new RawCall(handshake, out.toByteArray(), msgs);
        }
    }

    @Test
    void serverAgainstARustShapedClient() throws Exception {
        // add(2, 40): params 02 28, split across the invocation message and R_s.params
        RawCall r = rawInvoke("add", new byte[] {2, 40}, 1);
        assertThat(r.handshake().getData()).isEmpty();
        assertThat(r.handshake().getHeaders()).isNull();
        assertThat(r.handshake().getReplyTo()).startsWith("_INBOX.");
        assertThat(r.results()).containsExactly(42);
        assertThat(r.messages().get(r.messages().size() - 1)).isEmpty();
    }

    @Test
    void serverReceivesAPendingStreamParamFromItsIndexSubject() throws Exception {
        try (Connection c = Nats.connect(server.url())) {
            String rc = c.createInbox();
            Map<String, ByteArrayOutputStream> bySubject = new ConcurrentHashMap<>();
            CountDownLatch eof = new CountDownLatch(1);
            CountDownLatch hs = new CountDownLatch(1);
            List<String> rsBox = new CopyOnWriteArrayList<>();
            c.createDispatcher(m -> {
                if (m.getSubject().equals(rc)) {
                    rsBox.add(m.getReplyTo());
                    hs.countDown();
                    return;
                }
                bySubject.computeIfAbsent(m.getSubject(), k -> new ByteArrayOutputStream()).writeBytes(m.getData());
                if (m.getSubject().equals(rc + ".results") && m.getData().length == 0) {
                    eof.countDown();
                }
            }).subscribe(rc).subscribe(rc + ".>");
            c.flush(Duration.ofSeconds(2));
            c.publish(NatsMessage.builder().subject("lat.svc.wrpc.0.0.1." + IFACE + ".echo-bytes").replyTo(rc)
                    .data(new byte[] {0}).build()); // pending stream
            assertThat(hs.await(5, TimeUnit.SECONDS)).isTrue();
            String rs = rsBox.get(0);
            c.publish(rs + ".params", new byte[0]);
            c.publish(rs + ".params.0", new byte[] {2, 'h', 'i'});
            c.publish(rs + ".params.0", new byte[] {1, '!'});
            c.publish(rs + ".params.0", new byte[] {0});
            c.publish(rs + ".params.0", new byte[0]);
            assertThat(eof.await(5, TimeUnit.SECONDS)).isTrue();
            // the server echoes the completed stream as a ready one
            assertThat(bySubject.get(rc + ".results").toByteArray()).containsExactly(3, 'h', 'i', '!');
        }
    }

    @Test
    void garbageOrTruncatedParamsCloseTheResultsAndTheServerKeepsServing() throws Exception {
        // echo-point: x = 2, y = 4, label length 9 but 1 byte, then EOF
        RawCall truncated = rawInvoke("echo-point", new byte[] {4, 8, 9, 'a'}, 4);
        assertThat(truncated.results()).isEmpty();
        // echo-shapes: one shape with discriminant 7 (no such case)
        RawCall garbage = rawInvoke("echo-shapes", new byte[] {1, 7, 0}, 3);
        assertThat(garbage.results()).isEmpty();
        // trailing bytes after complete params: the answer was already sent, the server only logs
        RawCall extra = rawInvoke("add", new byte[] {1, 2, 3}, 3);
        assertThat(extra.results()).containsExactly(3);
        assertThat(extra.messages()).hasSize(2); // the result and one EOF, no second EOF
        assertThat(truncated.messages()).hasSize(1);
        assertThat(call("add", Value.u32(5), Value.u32(6))).containsExactly(Value.u32(11));
    }

    @Test
    void aClientThatNeverSendsTheParamsEofIsAnsweredAndTheCallIsReleasedAfterTheTimeout() throws Exception {
        int before = wrpcServer.openCalls();
        try (Connection c = Nats.connect(server.url())) {
            String rc = c.createInbox();
            CountDownLatch eof = new CountDownLatch(1);
            ByteArrayOutputStream results = new ByteArrayOutputStream();
            c.createDispatcher(m -> {
                if (m.getSubject().equals(rc + ".results")) {
                    if (m.getData().length == 0) {
                        eof.countDown();
                    } else {
                        results.writeBytes(m.getData());
                    }
                }
            }).subscribe(rc + ".>");
            c.flush(Duration.ofSeconds(2));
            c.publish(NatsMessage.builder().subject("lat.svc.wrpc.0.0.1." + IFACE + ".add").replyTo(rc)
                    .data(new byte[] {2, 3}).build());   // complete params, and never the EOF
            assertThat(eof.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(results.toByteArray()).containsExactly(5);   // answered without waiting for the EOF
            // the call waits for its EOF without a thread; past the server's timeout (2 s) it is released
            Thread.sleep(2600);
            assertThat(call("add", Value.u32(1), Value.u32(1))).containsExactly(Value.u32(2));
            // (a call an earlier test left waiting may be released meanwhile too: at most as many as before)
            awaitOpenCallsAtMost(wrpcServer, before);
        }
    }

    @Test
    void answeredCallsDoNotStayQueuedForTheTimeout() {
        // each call's params EOF comes right after its results: the call is released then, and the next
        // invocation's sweep drops it from the queue instead of holding its buffers for the 2 s timeout
        for (int i = 1; i <= 500; i++) {   // (the test's add refuses zero)
            assertThat(call("add", Value.u32(i), Value.u32(1))).containsExactly(Value.u32(i + 1));
        }
        assertThat(wrpcServer.queuedExpiries()).isLessThan(50);
    }

    @Test
    void manyConcurrentCallersBeyondTheServersConcurrencyStillComplete() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        List<Value> out = call("echo-string", Value.of("caller " + id + " call " + i));
                        assertThat(out).containsExactly(Value.of("caller " + id + " call " + i));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        // maxConcurrentCalls 4 with 4 queued: calls past that are refused (EOF early) rather than queued forever
        errors.forEach(e -> assertThat(e).isInstanceOf(WrpcTransportException.class));
        assertThat(errors.size()).isLessThan(16 * 20);
    }

    @Test
    void callsPastTheConcurrencyAndQueueBoundsAreRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        try (WrpcServer small = WrpcServer.builder().server(server.url()).lattice("lat").maxConcurrentCalls(1)
                .maxQueuedCalls(1).build()) {
            small.serve("busy", IFACE, "echo-string", fn("echo-string"), params -> {
                entered.countDown();
                release.await();
                return params;
            });
            List<Object> outcomes = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> outcomes.add(client.invoke("busy", IFACE, "echo-string",
                        fn("echo-string"), List.of(Value.of("q")), InvokeOptions.defaults())));
                callers.add(t);
                t.start();
                if (i == 0) {
                    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
                }
            }
            Thread.sleep(300); // the second call is queued
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.invoke("busy", IFACE, "echo-string", fn("echo-string"),
                    List.of(Value.of("r")), InvokeOptions.defaults()))
                    .isInstanceOf(WrpcTransportException.class).hasMessageContaining("end of data");
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
            release.countDown();
            for (Thread t : callers) {
                t.join(10_000);
            }
            assertThat(outcomes).containsExactly(List.of(Value.of("q")), List.of(Value.of("q")));
        }
    }

    /**
     * A handler that blocks holds up the calls behind it only briefly: while it is blocked, other calls to the same
     * server are queued for the running thread for at most the hand-over's patience, then get threads of their own
     * and are answered (the server's threads take queued calls without waking others only while they make progress).
     */
    @Test
    void aBlockedHandlerDoesNotHoldUpTheCallsBehindIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        try (WrpcServer s = WrpcServer.builder().server(server.url()).lattice("lat").build()) {
            s.serve("patient", IFACE, "echo-string", fn("echo-string"), params -> {
                if (params.get(0).equals(Value.of("block"))) {
                    entered.countDown();
                    release.await();
                }
                return params;
            });
            Thread blocked = new Thread(() -> client.invoke("patient", IFACE, "echo-string", fn("echo-string"),
                    List.of(Value.of("block")), InvokeOptions.defaults()));
            blocked.start();
            try {
                assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 20; i++) {
                    long t0 = System.nanoTime();
                    assertThat(client.invoke("patient", IFACE, "echo-string", fn("echo-string"),
                            List.of(Value.of("q" + i)), InvokeOptions.defaults())).containsExactly(Value.of("q" + i));
                    assertThat(System.nanoTime() - t0).as("call %d behind the blocked one", i)
                            .isLessThan(TimeUnit.SECONDS.toNanos(2));
                }
            } finally {
                release.countDown();
                blocked.join(10_000);
            }
        }
    }

    @Test
    void witFunctionsFindsInterfacesAndRefusesUnknownNames() {
        assertThat(WitFunctions.interfaceType(WIT, IFACE).function("add")).isPresent();
        assertThatThrownBy(() -> WitFunctions.function(WIT, IFACE, "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> WitFunctions.function(WIT, "test:wrpc/other@0.1.0", "add"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    }

    @Test
    void closingARegistrationStopsServingIt() throws Exception {
        WrpcServer other = WrpcServer.builder().connection(nats).lattice("lat").build();
        AutoCloseable reg = other.serve("temp", IFACE, "add", fn("add"), p -> List.of(Value.u32(1)));
        assertThat(client.invoke("temp", IFACE, "add", fn("add"), List.of(Value.u32(1), Value.u32(1)),
                InvokeOptions.defaults())).containsExactly(Value.u32(1));
        reg.close();
        nats.flush(Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.invoke("temp", IFACE, "add", fn("add"),
                List.of(Value.u32(1), Value.u32(1)), InvokeOptions.defaults()))
                .isInstanceOf(WrpcNoRespondersException.class);
        other.close();
        reg.close(); // idempotent, also after the server is closed
        assertThat(nats.getStatus()).isEqualTo(Connection.Status.CONNECTED); // a given connection stays open
    }

    @Test
    void paramsOverTheServersBufferBoundEndTheCallAtOnce() throws Exception {
        try (WrpcServer tight = WrpcServer.builder().connection(nats).lattice("lat").maxBufferedBytes(200).build()) {
            tight.serve("tight", IFACE, "echo-string", fn("echo-string"), p -> p);
            assertThat(client.invoke("tight", IFACE, "echo-string", fn("echo-string"), List.of(Value.of("s")),
                    InvokeOptions.defaults())).containsExactly(Value.of("s"));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.invoke("tight", IFACE, "echo-string", fn("echo-string"),
                    List.of(Value.of("b".repeat(1000))), InvokeOptions.defaults()))
                    .isInstanceOf(WrpcTransportException.class).hasMessageContaining("end of data");
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }
}
