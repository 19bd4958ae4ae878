package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.NatsServer;

/**
 * Pending streams of elements other than bytes ({@code stream<string>}, {@code stream<record>}) written with
 * {@link ElementWriter} and read element by element, both ways, against a real nats-server with
 * {@code max_payload: 4096}: many chunks, elements larger than one message, full duplex, and peers that send what is
 * not a stream of the declared type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrpcElementStreamTest {
    static final String WIT = """
            package test:elems@0.1.0;
            interface e {
              record point { x: u32, y: u32 }
              names: func(n: u32, width: u32) -> stream<string>;
              total: func(points: stream<point>) -> u64;
              echo: func(s: stream<string>) -> stream<string>;
              raw: func(b: list<u8>, end: bool) -> stream<u8>;
              raw-as-strings: func(b: list<u8>, end: bool) -> stream<string>;
            }
            """;
    static final String IFACE = "test:elems/e@0.1.0";
    static final IndexPath P0 = IndexPath.of(0);
    static final Value PENDING = new Value.ListValue(List.of());

    @TempDir
    static Path dir;
    NatsServer server;
    WrpcServer wrpcServer;
    WrpcClient client;

    static FuncType fn(String name) {
        return WitFunctions.function(WIT, IFACE, name);
    }

    static String name(int i, int width) {
        StringBuilder b = new StringBuilder("n").append(i).append('-');
        while (b.length() < width) {
            b.append((char) ('a' + (i + b.length()) % 26));
        }
        return b.append('é').toString();   // multi-byte UTF-8 at the end of every element
    }

    @BeforeAll
    void start() throws Exception {
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "max_payload: 4096\n");
        server = NatsServer.start(dir.resolve("nats"), "-c", conf.toString());
        wrpcServer = WrpcServer.builder().server(server.url()).lattice("lat").timeout(Duration.ofSeconds(2)).build();
        wrpcServer.serveStreaming("svc", IFACE, "names", fn("names"), call -> {
            int n = (int) ((Value.Int) call.params().get(0)).value();
            int width = (int) ((Value.Int) call.params().get(1)).value();
            call.sendResults(List.of(PENDING));
            try (ElementWriter out = call.resultElements(P0)) {
                for (int i = 0; i < n; i++) {
                    out.write(new Value.Str(name(i, width)));
                }
            }
        });
        wrpcServer.serveStreaming("svc", IFACE, "total", fn("total"), call -> {
            long sum = 0;
            for (Iterator<Value> it = call.paramElements(P0); it.hasNext(); ) {
                Map<String, Value> p = ((Value.RecordValue) it.next()).fields();
                sum += ((Value.Int) p.get("x")).value() * ((Value.Int) p.get("y")).value();
            }
            call.sendResults(List.of(Value.u64(sum)));
        });
        wrpcServer.serveStreaming("svc", IFACE, "echo", fn("echo"), call -> {
            call.sendResults(List.of(PENDING));
            try (ElementWriter out = call.resultElements(P0)) {
                for (Iterator<Value> it = call.paramElements(P0); it.hasNext(); ) {
                    out.write(it.next());
                    out.flush();   // one chunk per element: the client reads each before it sends the next
                }
            }
        });
        // a peer whose stream is not what the caller declares: raw bytes, ended or cut off
        wrpcServer.serveStreaming("svc", IFACE, "raw", fn("raw"), call -> {
            byte[] b = ((Value.ListValue) call.params().get(0)).toByteArray();
            boolean end = ((Value.Bool) call.params().get(1)).value();
            call.sendResults(List.of(Value.ListValue.ofBytes(new byte[0])));
            OutputStream out = call.resultBytes(P0);
            out.write(b);
            out.flush();
            if (end) {
                out.close();
            } else {
                throw new IllegalStateException("cut off");   // the server aborts the open stream: EOF, no end chunk
            }
        });
        client = WrpcClient.builder().server(server.url()).lattice("lat").build();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        wrpcServer.close();
        server.close();
    }

    private List<String> names(int n, int width) {
        try (WrpcClientCall call = client.start("svc", IFACE, "names", fn("names"),
                List.of(Value.u32(n), Value.u32(width)), InvokeOptions.defaults())) {
            assertThat(call.results()).containsExactly(PENDING);
            List<String> got = new ArrayList<>();
            for (Iterator<Value> it = call.resultElements(P0); it.hasNext(); ) {
                got.add(((Value.Str) it.next()).value());
            }
            return got;
        }
    }

    /** 20 000 strings of 40 bytes: about 200 chunks of one message each, in order, every one intact. */
    @Test
    void aServerStreamsManyStringsInManyChunks() {
        List<String> got = names(20_000, 40);
        assertThat(got).hasSize(20_000);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(name(i, 40));
        }
    }

    /** Elements of 10 000 bytes, more than one message: each chunk goes out in several messages and reads back whole. */
    @Test
    void elementsLargerThanOneMessageArriveWhole() {
        List<String> got = names(12, 10_000);
        assertThat(got).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(got.get(i)).isEqualTo(name(i, 10_000));
        }
    }

    /** An empty stream: the end chunk at once; {@code next} past the end is refused. */
    @Test
    void anEmptyStreamEndsAtOnce() {
        try (WrpcClientCall call = client.start("svc", IFACE, "names", fn("names"),
                List.of(Value.u32(0), Value.u32(1)), InvokeOptions.defaults())) {
            call.results();
            Iterator<Value> it = call.resultElements(P0);
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    /** A client streams 5 000 records as params; the server reads them as they come and answers with their sum. */
    @Test
    void aClientStreamsRecordsToTheServer() {
        try (WrpcClientCall call = client.start("svc", IFACE, "total", fn("total"), List.of(PENDING),
                InvokeOptions.defaults())) {
            long expected = 0;
            try (ElementWriter out = call.paramElements(P0)) {
                for (int i = 0; i < 5_000; i++) {
                    out.write(new Value.RecordValue(Map.of("x", Value.u32(i), "y", Value.u32(i % 7))));
                    expected += (long) i * (i % 7);
                }
            }
            assertThat(call.results()).containsExactly(Value.u64(expected));
        }
    }

    /**
     * Full duplex, element by element: the client sends one string and waits for it to come back before it sends the
     * next, so neither side holds the whole stream.
     */
    @Test
    void elementsEchoOneByOneInFullDuplex() throws Exception {
        try (WrpcClientCall call = client.start("svc", IFACE, "echo", fn("echo"), List.of(PENDING),
                InvokeOptions.defaults())) {
            ElementWriter out = call.paramElements(P0);
            assertThat(call.results()).containsExactly(PENDING);
            Iterator<Value> back = call.resultElements(P0);
            for (int i = 0; i < 200; i++) {
                out.write(new Value.Str(name(i, 30)));
                out.flush();
                CompletableFuture<Value> one = CompletableFuture.supplyAsync(back::next);
                assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo(new Value.Str(name(i, 30)));
            }
            out.close();
            assertThat(back.hasNext()).isFalse();
        }
    }

    /**
     * Random streams (30 seeds): 0 to 300 strings of 0 to 6 000 chars, some multi-byte, written in bursts with random
     * flushes, echoed by the server and read back: exactly what was written, in order, across every chunk and message
     * boundary the sizes fall on.
     */
    @Test
    void randomStreamsRoundTripExactly() {
        for (long seed = 0; seed < 30; seed++) {
            java.util.Random r = new java.util.Random(seed);
            List<String> sent = new ArrayList<>();
            int n = r.nextInt(301);
            for (int i = 0; i < n; i++) {
                int len = r.nextInt(10) == 0 ? r.nextInt(6001) : r.nextInt(40);
                StringBuilder b = new StringBuilder(len);
                for (int k = 0; k < len; k++) {
                    int c = r.nextInt(20);
                    b.append(c == 0 ? '\u00e9' : c == 1 ? '\u4e2d' : (char) ('a' + r.nextInt(26)));
                }
                if (r.nextInt(50) == 0) {
                    b.appendCodePoint(0x1F600);   // a 4-byte UTF-8 character
                }
                sent.add(b.toString());
            }
            try (WrpcClientCall call = client.start("svc", IFACE, "echo", fn("echo"), List.of(PENDING),
                    InvokeOptions.defaults())) {
                CompletableFuture<List<String>> back = CompletableFuture.supplyAsync(() -> {
                    call.results();
                    List<String> got = new ArrayList<>();
                    for (Iterator<Value> it = call.resultElements(P0); it.hasNext(); ) {
                        got.add(((Value.Str) it.next()).value());
                    }
                    return got;
                });
                try (ElementWriter out = call.paramElements(P0)) {
                    for (String v : sent) {
                        out.write(new Value.Str(v));
                        if (r.nextInt(8) == 0) {
                            out.flush();
                        }
                    }
                }
                assertThat(back.join()).as("seed %d", seed).isEqualTo(sent);
            }
        }
    }

    /** A value of the wrong type is refused at the write that gives it; nothing is sent, and the stream goes on. */
    @Test
    void aWrongElementIsRefusedAtItsWrite() {
        try (WrpcClientCall call = client.start("svc", IFACE, "total", fn("total"), List.of(PENDING),
                InvokeOptions.defaults())) {
            ElementWriter out = call.paramElements(P0);
            assertThatThrownBy(() -> out.write(new Value.Str("not a point"))).isInstanceOf(WrpcCodecException.class);
            out.write(new Value.RecordValue(Map.of("x", Value.u32(3), "y", Value.u32(4))));
            out.close();
            assertThatThrownBy(() -> out.write(new Value.RecordValue(Map.of("x", Value.u32(1), "y", Value.u32(1)))))
                    .isInstanceOf(WrpcException.class).hasMessageContaining("closed");
            assertThat(call.results()).containsExactly(Value.u64(12));
        }
    }

    /** Asking for elements where the stream is of bytes, or bytes where it is of elements, is refused. */
    @Test
    void theWrongKindOfStreamIsRefused() {
        try (WrpcClientCall call = client.start("svc", IFACE, "names", fn("names"),
                List.of(Value.u32(1), Value.u32(1)), InvokeOptions.defaults())) {
            call.results();
            assertThatThrownBy(() -> call.resultBytes(P0)).isInstanceOf(WrpcException.class)
                    .hasMessageContaining("stream<u8>");
            assertThatThrownBy(() -> call.resultElements(IndexPath.of(1))).isInstanceOf(WrpcException.class);
            assertThat(call.resultElements(P0).next()).isEqualTo(new Value.Str(name(0, 1)));
            assertThatThrownBy(() -> call.resultElements(P0)).as("asked for twice").isInstanceOf(WrpcException.class);
        }
        try (WrpcClientCall call = client.start("svc", IFACE, "raw", fn("raw"),
                List.of(Value.ListValue.ofBytes(new byte[] {1}), new Value.Bool(true)), InvokeOptions.defaults())) {
            call.results();
            assertThatThrownBy(() -> call.resultElements(P0)).isInstanceOf(WrpcException.class)
                    .hasMessageContaining("T not u8");
        }
    }

    /** Bytes that are not strings (count 3, a 2-byte string of invalid UTF-8): a typed error naming subject and offset. */
    @Test
    void malformedElementsFailTheReadWithTheSubjectAndOffset() {
        byte[] bad = {0x02, (byte) 0xff, (byte) 0xfe};
        try (WrpcClientCall call = client.start("svc", IFACE, "raw", fn("raw-as-strings"),
                List.of(Value.ListValue.ofBytes(bad), new Value.Bool(true)), InvokeOptions.defaults())) {
            call.results();
            Iterator<Value> it = call.resultElements(P0);
            assertThatThrownBy(it::hasNext).isInstanceOf(WrpcTransportException.class)
                    .hasMessageContaining("UTF-8").hasMessageContaining(".results.0")
                    .satisfies(e -> assertThat(((WrpcTransportException) e).offset()).isEqualTo(2));
            assertThatThrownBy(it::next).as("the failure stays").isInstanceOf(WrpcTransportException.class);
        }
    }

    /**
     * A stream that ends (EOF) inside a chunk, without its end chunk: a typed error (the elements of whole chunks
     * before it are handed out; a chunk is decoded whole before its elements are). The raw
     * server frames its bytes {@code 02 'o' 'k'} as one chunk of three bytes, {@code 03 02 'o' 'k'}: read as strings,
     * a chunk of three strings of which the first, "ok", came whole.
     */
    @Test
    void aStreamCutOffBeforeItsEndChunkFailsAfterTheElementsThatCame() {
        byte[] raw = {0x02, 'o', 'k'};
        try (WrpcClientCall call = client.start("svc", IFACE, "raw", fn("raw-as-strings"),
                List.of(Value.ListValue.ofBytes(raw), new Value.Bool(false)), InvokeOptions.defaults())) {
            call.results();
            Iterator<Value> it = call.resultElements(P0);
            List<Value> got = new ArrayList<>();
            assertThatThrownBy(() -> {
                while (it.hasNext()) {
                    got.add(it.next());
                }
            }).isInstanceOf(WrpcTransportException.class).hasMessageContaining(".results.0");
            assertThat(got).isEmpty();   // the chunk is decoded whole before its elements are handed out
        }
    }
}
