package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * The client side of {@code wasi:http} driven through the {@code wat-http-api} component (which re-exports the
 * host's instances) against a real JDK HTTP server on loopback: request getters and options, a request body
 * written after the request was sent (streamed), the response body read as a stream, and the first-byte timeout.
 */
class WasiHttpClientStreamingTest {
    private HttpServer server;
    private String authority;
    private Instance instance;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            byte[] in;
            try (InputStream body = exchange.getRequestBody()) {
                in = body.readAllBytes();
            }
            byte[] out = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " got " + in.length
                    + " bytes: " + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out, 0, 5);   // two chunks: the guest reads a stream, not one array
                os.flush();
                os.write(out, 5, out.length - 5);
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream os = exchange.getResponseBody();
            os.write("hello".getBytes(StandardCharsets.UTF_8));
            os.flush();
            try {
                Thread.sleep(3_000);   // then nothing more for a while
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        authority = "127.0.0.1:" + server.getAddress().getPort();
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        WasiHttp.addToLinker(linker, WasiConfig.builder().allowHttp(authority).build());
        instance = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-http-api.component")))
                .instantiate();
    }

    @AfterEach
    void stop() {
        instance.close();
        server.stop(0);
    }

    private Value call(String iface, String fn, Value... args) {
        return instance.func(iface, fn).orElseThrow().call(args).orElse(null);
    }

    private Value http(String fn, Value... args) {
        return call("http-types", fn, args);
    }

    private static Value ok(Value r) {
        Value.ResultValue result = (Value.ResultValue) r;
        assertThat(result.isOk()).as("%s", r).isTrue();
        return result.payload().orElse(null);
    }

    private static Value some(Value v) {
        return new Value.OptionValue(Optional.of(v));
    }

    private static Value nanos(long n) {
        return some(new Value.Int(PrimitiveType.U64, n));
    }

    private static Value bytes(String s) {
        return Value.ListValue.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private Value newRequest(String path) {
        Value req = http("[constructor]outgoing-request", http("[constructor]fields"));
        ok(http("[method]outgoing-request.set-authority", req, some(new Value.Str(authority))));
        ok(http("[method]outgoing-request.set-path-with-query", req, some(new Value.Str(path))));
        return req;
    }

    /** Blocks on the future and returns its result: ok(response) or err(error-code). */
    private Value await(Value future) {
        call("io-poll", "[method]pollable.block", http("[method]future-incoming-response.subscribe", future));
        Value got = ((Value.OptionValue) http("[method]future-incoming-response.get", future)).value().orElseThrow();
        return ok(got);
    }

    @Test
    void requestBodyStreamsAfterTheRequestIsSentAndTheResponseStreamsBack() throws Exception {
        StringBuilder t = new StringBuilder();
        Value req = http("[constructor]outgoing-request", http("[constructor]fields"));
        for (String g : new String[] {"method", "scheme", "authority", "path-with-query"}) {
            t.append("outgoing-request.").append(g).append("() -> ")
                    .append(Wave.print(http("[method]outgoing-request." + g, req))).append('\n');
        }
        ok(http("[method]outgoing-request.set-method", req, new Value.VariantValue("post", Optional.empty())));
        ok(http("[method]outgoing-request.set-scheme", req, some(new Value.VariantValue("HTTP", Optional.empty()))));
        ok(http("[method]outgoing-request.set-authority", req, some(new Value.Str(authority))));
        ok(http("[method]outgoing-request.set-path-with-query", req, some(new Value.Str("/echo?x=1"))));
        for (String g : new String[] {"method", "scheme", "authority", "path-with-query"}) {
            t.append("outgoing-request.").append(g).append("() -> ")
                    .append(Wave.print(http("[method]outgoing-request." + g, req)).replace(authority, "<test server>"))
                    .append('\n');
        }
        Value options = http("[constructor]request-options");
        ok(http("[method]request-options.set-first-byte-timeout", options, nanos(5_000_000_000L)));
        ok(http("[method]request-options.set-between-bytes-timeout", options, nanos(1_000_000_000L)));
        for (String g : new String[] {"connect-timeout", "first-byte-timeout", "between-bytes-timeout"}) {
            t.append("request-options.").append(g).append("() -> ")
                    .append(Wave.print(http("[method]request-options." + g, options))).append('\n');
        }
        ok(http("[method]request-options.set-connect-timeout", options, nanos(2_000_000_000L)));
        t.append("request-options.connect-timeout() -> ")
                .append(Wave.print(http("[method]request-options.connect-timeout", options))).append('\n');

        Value body = ok(http("[method]outgoing-request.body", req));
        Value stream = ok(http("[method]outgoing-body.write", body));
        // the request is sent before its body is written; the response cannot come before the body is finished
        Value future = ok(call("http-handler", "handle", req, some(options)));
        ok(call("io-streams", "[method]output-stream.blocking-write-and-flush", stream, bytes("hello ")));
        ok(call("io-streams", "[method]output-stream.blocking-write-and-flush", stream, bytes("world")));
        ((Value.Handle) stream).resource().drop();
        assertThat(((Value.OptionValue) http("[method]future-incoming-response.get", future)).value()).isEmpty();
        ok(http("[static]outgoing-body.finish", body, new Value.OptionValue(Optional.empty())));

        Value response = ok(await(future));
        t.append("response status -> ").append(Wave.print(http("[method]incoming-response.status", response)))
                .append('\n');
        Value in = ok(http("[method]incoming-body.stream", ok(http("[method]incoming-response.consume", response))));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            Value.ResultValue r = (Value.ResultValue) call("io-streams", "[method]input-stream.blocking-read", in,
                    new Value.Int(PrimitiveType.U64, 4096));
            if (!r.isOk()) {
                break;   // closed
            }
            got.writeBytes(((Value.ListValue) r.payload().orElseThrow()).toByteArray());
        }
        t.append("response body -> \"").append(got.toString(StandardCharsets.UTF_8)).append("\"\n");
        assertThat(t.toString())
                .isEqualTo(Fixtures.text("wat-http-api.component.expected-responses.txt").orElseThrow());
    }

    @Test
    void aResponseSlowerThanTheFirstByteTimeoutIsAnHttpResponseTimeout() {
        Value options = http("[constructor]request-options");
        ok(http("[method]request-options.set-first-byte-timeout", options, nanos(200_000_000L)));
        long start = System.nanoTime();
        Value future = ok(call("http-handler", "handle", newRequest("/slow"), some(options)));
        Value.ResultValue r = (Value.ResultValue) await(future);
        assertThat(r.isOk()).isFalse();
        assertThat(((Value.VariantValue) r.payload().orElseThrow()).caseName()).isEqualTo("HTTP-response-timeout");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void aRequestWhoseBodyIsDroppedUnfinishedIsAbortedNotSentShort() {
        Value req = newRequest("/echo");
        ok(http("[method]outgoing-request.set-method", req, new Value.VariantValue("post", Optional.empty())));
        Value body = ok(http("[method]outgoing-request.body", req));
        Value stream = ok(http("[method]outgoing-body.write", body));
        Value future = ok(call("http-handler", "handle", req, new Value.OptionValue(Optional.empty())));
        ok(call("io-streams", "[method]output-stream.blocking-write-and-flush", stream, bytes("partial")));
        ((Value.Handle) stream).resource().drop();
        ((Value.Handle) body).resource().drop();
        Value.ResultValue r = (Value.ResultValue) await(future);
        assertThat(r.isOk()).as("%s", r).isFalse();
    }

    @Test
    void aFutureIsNotReadyBeforeTheResponseArrives() {
        Value future = ok(call("http-handler", "handle", newRequest("/slow"), new Value.OptionValue(Optional.empty())));
        assertThat(((Value.OptionValue) http("[method]future-incoming-response.get", future)).value()).isEmpty();
    }

    /** A body that stalls longer than the between-bytes timeout fails the read with connection-read-timeout. */
    @Test
    void aStalledResponseBodyFailsAfterTheBetweenBytesTimeout() {
        Value options = http("[constructor]request-options");
        ok(http("[method]request-options.set-between-bytes-timeout", options, nanos(300_000_000L)));
        Value response = ok(await(ok(call("http-handler", "handle", newRequest("/stall"), some(options)))));
        Value in = ok(http("[method]incoming-body.stream", ok(http("[method]incoming-response.consume", response))));
        long start = System.nanoTime();
        StringBuilder got = new StringBuilder();
        Value.ResultValue r;
        while ((r = (Value.ResultValue) call("io-streams", "[method]input-stream.blocking-read", in,
                new Value.Int(PrimitiveType.U64, 4096))).isOk()) {
            got.append(new String(((Value.ListValue) r.payload().orElseThrow()).toByteArray(), StandardCharsets.UTF_8));
        }
        assertThat(got.toString()).isEqualTo("hello");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(2_500));
        Value.VariantValue streamError = (Value.VariantValue) r.payload().orElseThrow();
        assertThat(streamError.caseName()).isEqualTo("last-operation-failed");
        Value code = ((Value.OptionValue) http("http-error-code", streamError.payload().orElseThrow())).value()
                .orElseThrow();
        assertThat(((Value.VariantValue) code).caseName()).isEqualTo("connection-read-timeout");
    }
}
