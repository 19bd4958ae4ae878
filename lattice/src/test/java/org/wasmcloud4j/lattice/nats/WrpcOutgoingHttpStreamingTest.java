package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.http;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.none;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.ok;
import static org.wasmcloud4j.lattice.nats.HttpApiCalls.some;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;
import org.wasmcloud4j.lattice.wrpc.WrpcServerCall;

/**
 * A component's outgoing HTTP request linked to an HTTP client provider on another host goes as
 * {@code wrpc:http/outgoing-handler@0.1.0.handle} with both bodies streamed: the request body leaves as the
 * component writes it (pending {@code stream<u8>} on {@code params.0.0}) and the response body reaches the component
 * as its chunks arrive ({@code results.0.0}). The component is {@code wat-http-api} (it re-exports the host's
 * {@code wasi:http} client functions, so the test writes and reads the bodies as a guest would); the provider is
 * plain Java on {@link WrpcServer}.
 */
class WrpcOutgoingHttpStreamingTest extends NatsHostsTest {
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-http-api.component.wasm";
    private static final int MIB = 1 << 20;
    private static final int BODY_MIB = 40;

    /** What the provider saw of one request. */
    static final class Seen {
        final AtomicLong received = new AtomicLong();
        final CRC32 crc = new CRC32();
        volatile String path;
        volatile Throwable bodyFailure;
        final CountDownLatch done = new CountDownLatch(1);
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Response bytes the component has read so far (the provider of /download stays within 8 MiB of it). */
    private final AtomicLong componentRead = new AtomicLong();
    private final AtomicBoolean readBeforeResponseEnded = new AtomicBoolean();

    /**
     * The provider: reads the request body to its end (counting and checksumming), then answers by path:
     * {@code /upload} 200 with a short body, {@code /download} 200 with {@link #BODY_MIB} MiB, never more than 8 MiB
     * ahead of what the component has read (NATS has no flow control: a cooperative sender here, the receiver's
     * memory bound and disk room otherwise), {@code /flood} the same without waiting, {@code /break} 200 and 1 MiB of body, then
     * fails (the stream aborted), {@code /vanish} fails after 1 MiB of request body without any results.
     */
    private WrpcServer provider(String id) throws Exception {
        WrpcServer server = WrpcServer.builder().server(nats.url()).lattice("h").build();
        closing.add(server);
        server.serveStreaming(id, WrpcOutgoingHttp.INSTANCE, WrpcOutgoingHttp.FUNCTION, WrpcOutgoingHttp.HANDLE,
                call -> handle(call));
        return server;
    }

    private void handle(WrpcServerCall call) throws Exception {
        Seen s = new Seen();
        seen.add(s);
        Map<String, Value> req = ((Value.RecordValue) call.params().get(0)).fields();
        s.path = ((Value.Str) ((Value.OptionValue) req.get("path-with-query")).value().orElseThrow()).value();
        if (s.path.equals("/duplex")) {
            duplex(call, s);
            return;
        }
        try (InputStream in = call.paramBytes(WrpcHttpMapping.BODY)) {
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) >= 0; ) {
                s.crc.update(buf, 0, n);
                s.received.addAndGet(n);
                if (s.path.equals("/vanish") && s.received.get() >= MIB) {
                    throw new IOException("the provider goes away mid-body");
                }
            }
        } catch (IOException e) {
            s.bodyFailure = e;
            s.done.countDown();
            throw e;
        }
        s.done.countDown();
        Map<String, Value> resp = new LinkedHashMap<>();
        boolean streamed = !s.path.equals("/upload");
        resp.put("body", Value.ListValue.ofBytes(streamed ? new byte[0] : ("got " + s.received.get() + " crc "
                + s.crc.getValue()).getBytes(StandardCharsets.UTF_8)));
        resp.put("trailers", WrpcHttpTypes.NO_TRAILERS);
        resp.put("status", new Value.Int(PrimitiveType.U16, 200));
        resp.put("headers", WrpcHttpTypes.fields(List.of(Map.entry("x-from", "provider".getBytes(
                StandardCharsets.US_ASCII)))));
        call.sendResults(List.of(Value.ResultValue.ok(new Value.RecordValue(resp))));
        if (!streamed) {
            return;
        }
        OutputStream out = call.resultBytes(WrpcHttpMapping.BODY);
        if (s.path.equals("/break")) {
            out.write(chunk(0));
            out.flush();
            throw new IOException("the provider breaks off its response body");
        }
        boolean paced = s.path.equals("/download");
        for (int i = 0; i < BODY_MIB; i++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (paced && (long) i * MIB - componentRead.get() > 8L * MIB && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (paced && i == BODY_MIB - 1) {
                // the component has read most of the body while its last MiB is not written yet: not held whole
                readBeforeResponseEnded.set(componentRead.get() >= (long) (BODY_MIB - 9) * MIB);
            }
            out.write(chunk(i));
        }
        out.close();
    }

    /**
     * {@code /duplex}: answers 200 before reading any of the request body, then echoes each piece of it to the
     * response body at once (flushed), ending the response when the request body ends.
     */
    private static void duplex(WrpcServerCall call, Seen s) throws Exception {
        Map<String, Value> resp = new LinkedHashMap<>();
        resp.put("body", Value.ListValue.ofBytes(new byte[0]));
        resp.put("trailers", WrpcHttpTypes.NO_TRAILERS);
        resp.put("status", new Value.Int(PrimitiveType.U16, 200));
        resp.put("headers", WrpcHttpTypes.fields(List.of()));
        call.sendResults(List.of(Value.ResultValue.ok(new Value.RecordValue(resp))));
        OutputStream out = call.resultBytes(WrpcHttpMapping.BODY);
        try (InputStream in = call.paramBytes(WrpcHttpMapping.BODY)) {
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) >= 0; ) {
                s.received.addAndGet(n);
                out.write(buf, 0, n);
                out.flush();
            }
        }
        s.done.countDown();
        out.close();
    }

    /** MiB number {@code i} of a body: a pattern that differs per MiB. */
    private static byte[] chunk(int i) {
        byte[] b = new byte[MIB];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (k * 31 + i * 7 + (k >>> 11));
        }
        return b;
    }

    private static long crcOfBody(int mib) {
        CRC32 c = new CRC32();
        for (int i = 0; i < mib; i++) {
            c.update(chunk(i));
        }
        return c.getValue();
    }

    private Host linked(Engine.Mode mode, String target) throws InterruptedException {
        Host a = host("h", mode);
        a.startComponent("api", API, 1);
        a.putLink(new Link("api", target, "default", "wasi", "http", List.of("outgoing-handler"), List.of(),
                List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        return a;
    }

    /** A request the component starts: {@code POST http://upstream.example{path}}, its body and body stream. */
    private record Started(Value future, Value body, Value out) {
    }

    private static Started start(Host a, String path) {
        Value req = http(a, "[constructor]outgoing-request", http(a, "[constructor]fields"));
        ok(http(a, "[method]outgoing-request.set-method", req, new Value.VariantValue("post", Optional.empty())));
        ok(http(a, "[method]outgoing-request.set-authority", req, some(new Value.Str("upstream.example"))));
        ok(http(a, "[method]outgoing-request.set-path-with-query", req, some(new Value.Str(path))));
        Value body = ok(http(a, "[method]outgoing-request.body", req));
        Value out = ok(http(a, "[method]outgoing-body.write", body));
        Value future = ok(a.invoke("api", "http-handler", "handle", List.of(req, none())).orElseThrow());
        return new Started(future, body, out);
    }

    private static void write(Host a, Value out, byte[] bytes) {
        ok(a.invoke("api", "io-streams", "[method]output-stream.blocking-write-and-flush", List.of(out,
                Value.ListValue.ofBytes(bytes))).orElseThrow());
    }

    private static void finish(Host a, Started s) {
        ((Value.Handle) s.out()).resource().drop();
        ok(http(a, "[static]outgoing-body.finish", s.body(), none()));
    }

    /** Blocks on the future: ok(incoming-response) or err(error-code). */
    private static Value.ResultValue await(Host a, Value future) {
        a.invoke("api", "io-poll", "[method]pollable.block", List.of(http(a,
                "[method]future-incoming-response.subscribe", future)));
        Value got = ((Value.OptionValue) http(a, "[method]future-incoming-response.get", future)).value()
                .orElseThrow();
        return (Value.ResultValue) ok(got);
    }

    private static Value bodyStream(Host a, Value response) {
        Value body = ok(http(a, "[method]incoming-response.consume", response));
        return ok(http(a, "[method]incoming-body.stream", body));
    }

    /** One blocking read: the bytes, or null at the end; a failed read is the stream-error as text. */
    private static Object read(Host a, Value in) {
        Value.ResultValue r = (Value.ResultValue) a.invoke("api", "io-streams", "[method]input-stream.blocking-read",
                List.of(in, new Value.Int(PrimitiveType.U64, MIB))).orElseThrow();
        if (r.isOk()) {
            return ((Value.ListValue) r.payload().orElseThrow()).toByteArray();
        }
        Value.VariantValue e = (Value.VariantValue) r.payload().orElseThrow();
        return e.caseName().equals("closed") ? null : e.caseName();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "INTERPRETER"})
    void aRequestBodyLeavesAsTheComponentWritesItAndTheResponseBodyArrivesAsItIsSent(Engine.Mode mode)
            throws Exception {
        provider("http-client");
        Host a = linked(mode, "http-client");

        // upload: 40 MiB written 1 MiB at a time after handle; the provider sees it flowing long before the end
        Started up = start(a, "/upload");
        for (int i = 0; i < BODY_MIB; i++) {
            write(a, up.out(), chunk(i));
            if (i == BODY_MIB / 2) {
                long written = (long) (i + 1) * MIB;
                NatsLatticeTest.await("the provider reading the body while the component writes it",
                        () -> !seen.isEmpty() && seen.get(0).received.get() > 0);
                // and in-flight bytes stay bounded (the pipe, a chunk, the NATS flush window): never the whole body
                NatsLatticeTest.await("bounded bytes in flight", () -> written - seen.get(0).received.get() <= 4L * MIB);
                assertThat(seen.get(0).done.getCount()).as("the provider is still reading").isEqualTo(1);
            }
        }
        finish(a, up);
        Value.ResultValue r = await(a, up.future());
        assertThat(r.isOk()).as("%s", r).isTrue();
        Value response = r.payload().orElseThrow();
        assertThat(http(a, "[method]incoming-response.status", response)).isEqualTo(new Value.Int(PrimitiveType.U16,
                200));
        Value in = bodyStream(a, response);
        StringBuilder text = new StringBuilder();
        for (Object b; (b = read(a, in)) != null; ) {
            text.append(new String((byte[]) b, StandardCharsets.UTF_8));
        }
        assertThat(text.toString()).isEqualTo("got " + ((long) BODY_MIB * MIB) + " crc " + crcOfBody(BODY_MIB));
        ((Value.Handle) in).resource().drop();

        // download: 40 MiB streamed back; the component reads the first half before the provider writes the second
        Started down = start(a, "/download");
        finish(a, down);
        r = await(a, down.future());
        assertThat(r.isOk()).as("%s", r).isTrue();
        in = bodyStream(a, r.payload().orElseThrow());
        CRC32 crc = new CRC32();
        long total = 0;
        for (Object b; (b = read(a, in)) != null; ) {
            assertThat(b).as("a read failed").isInstanceOf(byte[].class);
            crc.update((byte[]) b);
            total += ((byte[]) b).length;
            componentRead.set(total);
        }
        assertThat(total).isEqualTo((long) BODY_MIB * MIB);
        assertThat(crc.getValue()).isEqualTo(crcOfBody(BODY_MIB));
        assertThat(readBeforeResponseEnded).as("the component read before the provider finished").isTrue();
    }

    /**
     * Full duplex: the response arrives while the component is still writing its request body, and each piece the
     * component writes comes back (echoed) before it writes the next, as over HTTP/1.1 or HTTP/2 with wasmtime.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "INTERPRETER"})
    void theResponseMayArriveAndStreamWhileTheRequestBodyIsStillBeingWritten(Engine.Mode mode) throws Exception {
        provider("http-client");
        Host a = linked(mode, "http-client");
        Started d = start(a, "/duplex");
        write(a, d.out(), "ping-0".getBytes(StandardCharsets.UTF_8));
        Value.ResultValue r = await(a, d.future());   // before the request body is finished
        assertThat(r.isOk()).as("%s", r).isTrue();
        Value in = bodyStream(a, r.payload().orElseThrow());
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                write(a, d.out(), ("ping-" + i).getBytes(StandardCharsets.UTF_8));
            }
            Object echoed = read(a, in);
            assertThat(echoed).as("echo %d", i).isInstanceOf(byte[].class);
            assertThat(new String((byte[]) echoed, StandardCharsets.UTF_8)).isEqualTo("ping-" + i);
        }
        finish(a, d);
        assertThat(read(a, in)).as("the response ends with the request").isNull();
        assertThat(seen.get(0).done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get(0).received.get()).isEqualTo(30);
        ((Value.Handle) in).resource().drop();
    }

    @Test
    void aProviderThatVanishesOrBreaksOffIsAnErrorTheComponentSeesAndTheHostKeepsServing() throws Exception {
        provider("http-client");
        Host a = linked(Engine.Mode.INTERPRETER, "http-client");

        // the provider fails after 1 MiB of the request body: the request fails (no response), the component's
        // further writes fail instead of blocking
        Started v = start(a, "/vanish");
        boolean writeFailed = false;
        for (int i = 0; i < 16 && !writeFailed; i++) {
            Value.ResultValue w = (Value.ResultValue) a.invoke("api", "io-streams",
                    "[method]output-stream.blocking-write-and-flush", List.of(v.out(), Value.ListValue.ofBytes(
                            chunk(i)))).orElseThrow();
            writeFailed = !w.isOk();
        }
        assertThat(writeFailed).as("writes fail once the request is gone").isTrue();
        Value.ResultValue r = await(a, v.future());
        assertThat(r.isOk()).isFalse();
        assertThat(((Value.VariantValue) r.payload().orElseThrow()).caseName()).isEqualTo("internal-error");
        ((Value.Handle) v.out()).resource().drop();
        ((Value.Handle) v.body()).resource().drop();

        // the response body breaks off after 1 MiB: the component's read fails (never a clean, short end)
        Started b = start(a, "/break");
        finish(a, b);
        r = await(a, b.future());
        assertThat(r.isOk()).isTrue();
        Value in = bodyStream(a, r.payload().orElseThrow());
        long got = 0;
        Object last;
        while ((last = read(a, in)) instanceof byte[] bytes) {
            got += bytes.length;
        }
        assertThat(last).as("the read after %s bytes", got).isEqualTo("last-operation-failed");
        assertThat(got).isLessThanOrEqualTo(MIB);
        ((Value.Handle) in).resource().drop();

        // the component drops its body unfinished: the provider sees a truncated body, not a short one
        Started d = start(a, "/upload");
        write(a, d.out(), chunk(0));
        ((Value.Handle) d.out()).resource().drop();
        ((Value.Handle) d.body()).resource().drop();
        r = await(a, d.future());
        assertThat(r.isOk()).isFalse();
        assertThat(seen.get(2).done.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get(2).bodyFailure).as("the provider's read of the dropped body").isNotNull();

        // a consumer that does not read while the provider floods (NATS has no flow control): past the call's 16 MiB
        // memory bound the host keeps the unread body on disk, and the consumer still gets all of it, in order
        Started f = start(a, "/flood");
        finish(a, f);
        r = await(a, f.future());
        assertThat(r.isOk()).isTrue();
        in = bodyStream(a, r.payload().orElseThrow());
        NatsLatticeTest.await("the provider flooding", () -> seen.size() == 4);
        Thread.sleep(2_000);   // the provider has sent far more than the 16 MiB bound by now
        got = 0;
        CRC32 flood = new CRC32();
        while ((last = read(a, in)) instanceof byte[] bytes) {
            got += bytes.length;
            flood.update(bytes);
        }
        assertThat(last).as("the read after %s bytes", got).isNull();   // the clean end
        assertThat(got).isEqualTo((long) BODY_MIB * MIB);
        assertThat(flood.getValue()).isEqualTo(crcOfBody(BODY_MIB));
        ((Value.Handle) in).resource().drop();

        // the host keeps serving: a plain request still works
        Started ok = start(a, "/upload");
        write(a, ok.out(), "fine".getBytes(StandardCharsets.UTF_8));
        finish(a, ok);
        r = await(a, ok.future());
        assertThat(r.isOk()).as("%s", r).isTrue();
    }

    /**
     * A raw NATS peer answering as an HTTP client provider whose response body stream is bad: a chunk claiming
     * 2^32 - 1 bytes that ends after three ({@code /huge}), or bytes after the end chunk ({@code /trailing}). The
     * component's read fails (never a 4 GiB allocation, never a clean end), and the host keeps serving.
     */
    @Test
    void oversizedOrMalformedResponseChunksAreAReadErrorTheComponentSees() throws Exception {
        Host a = linked(Engine.Mode.INTERPRETER, "raw");
        try (io.nats.client.Connection raw = io.nats.client.Nats.connect(nats.url())) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            List<String> paths = new CopyOnWriteArrayList<>(List.of("/huge", "/trailing"));
            io.nats.client.Dispatcher d = raw.createDispatcher(msg -> {
                String rc = msg.getReplyTo();
                raw.publish(rc, "_INBOX.raw." + n.incrementAndGet(), new byte[0]);   // the handshake: R_s
                // ok(response{body: pending, trailers: pending, status: 200, headers: []}), then EOF
                raw.publish(rc + ".results", new byte[] {0, 0, 0, (byte) 0xc8, 1, 0});
                raw.publish(rc + ".results", new byte[0]);
                byte[] body = paths.remove(0).equals("/huge")
                        ? new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3}
                        : new byte[] {3, 'a', 'b', 'c', 0, 5};
                raw.publish(rc + ".results.0.0", body);
                raw.publish(rc + ".results.0.0", new byte[0]);
            });
            d.subscribe(org.wasmcloud4j.lattice.wrpc.WrpcClient.invocationSubject("h", "raw", WrpcOutgoingHttp.INSTANCE,
                    WrpcOutgoingHttp.FUNCTION));
            raw.flush(java.time.Duration.ofSeconds(5));
            for (String path : List.of("/huge", "/trailing")) {
                Started s = start(a, path);
                finish(a, s);
                Value.ResultValue r = await(a, s.future());
                assertThat(r.isOk()).as("%s: %s", path, r).isTrue();
                Value in = bodyStream(a, r.payload().orElseThrow());
                Object last;
                while ((last = read(a, in)) instanceof byte[]) {
                    // what arrived before the fault
                }
                assertThat(last).as(path).isEqualTo("last-operation-failed");
                ((Value.Handle) in).resource().drop();
            }
        }
        // the host keeps serving: a well-behaved provider under the same id answers the next request
        provider("raw");
        Started ok = start(a, "/upload");
        finish(a, ok);
        assertThat(await(a, ok.future()).isOk()).isTrue();
    }
}
