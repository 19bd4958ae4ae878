package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.http.OutgoingHttp;

/**
 * The {@link OutgoingHttp} route contract ({@link WasiHttp#routeOutgoing}), driven through {@code wat-http-api}: a
 * route may answer before it reads the request body and go on reading it afterwards (full duplex); the component's
 * writes fail — they do not block — once the route closed the body, or failed.
 */
class WasiHttpRoutedTest {
    private Instance instance;
    private WasiHttp wasiHttp;

    private void route(OutgoingHttp route) throws Exception {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        WasiHttp http = WasiHttp.addToLinker(linker, WasiConfig.builder().build());
        wasiHttp = http;
        http.routeOutgoing(() -> route);
        instance = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-http-api.component")))
                .instantiate();
    }

    @AfterEach
    void stop() {
        if (instance != null) {
            instance.close();
        }
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

    /** A POST with its body open: the future, the outgoing-body and its stream. */
    private Value[] start() {
        Value req = http("[constructor]outgoing-request", http("[constructor]fields"));
        ok(http("[method]outgoing-request.set-method", req, new Value.VariantValue("post", Optional.empty())));
        ok(http("[method]outgoing-request.set-authority", req, new Value.OptionValue(Optional.of(
                new Value.Str("routed.example")))));
        Value body = ok(http("[method]outgoing-request.body", req));
        Value stream = ok(http("[method]outgoing-body.write", body));
        Value future = ok(call("http-handler", "handle", req, new Value.OptionValue(Optional.empty())));
        return new Value[] {future, body, stream};
    }

    private boolean write(Value stream, String text) {
        return ((Value.ResultValue) call("io-streams", "[method]output-stream.blocking-write-and-flush", stream,
                Value.ListValue.ofBytes(text.getBytes(StandardCharsets.UTF_8)))).isOk();
    }

    private Value.ResultValue await(Value future) {
        call("io-poll", "[method]pollable.block", http("[method]future-incoming-response.subscribe", future));
        return (Value.ResultValue) ok(((Value.OptionValue) http("[method]future-incoming-response.get", future))
                .value().orElseThrow());
    }

    /** One blocking read of the response body: its text, or null at its end. */
    private String read(Value in) {
        Value.ResultValue r = (Value.ResultValue) call("io-streams", "[method]input-stream.blocking-read", in,
                new Value.Int(PrimitiveType.U64, 4096));
        return r.isOk() ? new String(((Value.ListValue) r.payload().orElseThrow()).toByteArray(),
                StandardCharsets.UTF_8) : null;
    }

    /** Answers at once and echoes the body on a thread of its own, closing it at its end (the contract). */
    private static OutgoingHttp echo() {
        return request -> {
            PipedInputStream echoed = new PipedInputStream(1 << 16);
            try {
                PipedOutputStream out = new PipedOutputStream(echoed);
                Thread t = new Thread(() -> {   // echoes each piece as it comes, after the route returned
                    try (InputStream body = request.body(); out) {
                        byte[] buf = new byte[4096];
                        for (int n; (n = body.read(buf)) >= 0; ) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the test sees the missing echo
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                throw new OutgoingHttp.Failure("internal-error", e.toString());
            }
            return new OutgoingHttp.Response(200, List.of(), echoed);
        };
    }

    @Test
    void aRouteMayAnswerFirstAndReadTheBodyAfterwards() throws Exception {
        route(echo());
        Value[] s = start();
        Value.ResultValue r = await(s[0]);   // before the body is finished
        assertThat(r.isOk()).isTrue();
        Value in = ok(http("[method]incoming-body.stream", ok(http("[method]incoming-response.consume",
                r.payload().orElseThrow()))));
        for (String piece : List.of("one", "two", "three")) {
            assertThat(write(s[2], piece)).isTrue();
            assertThat(read(in)).isEqualTo(piece);
        }
        ((Value.Handle) s[2]).resource().drop();
        ok(http("[static]outgoing-body.finish", s[1], new Value.OptionValue(Optional.empty())));
        assertThat(read(in)).as("the echo ends with the body").isNull();
    }

    @Test
    void writesFailOnceTheRouteClosedTheBodyOrFailed() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<String> mode = new AtomicReference<>("close");
        route(request -> {
            if (mode.get().equals("fail")) {
                throw new OutgoingHttp.Failure("destination-unavailable", "no provider");
            }
            try {
                request.body().close();   // done with the body without reading it
            } catch (IOException e) {
                throw new OutgoingHttp.Failure("internal-error", e.toString());
            }
            closed.countDown();
            return new OutgoingHttp.Response(204, List.of(), new byte[0]);
        });
        Value[] s = start();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(await(s[0]).isOk()).isTrue();
        boolean failed = false;
        for (int i = 0; i < 64 && !failed; i++) {   // 64 x 16 KiB: far past the pipe's 256 KiB, yet no write blocks
            failed = !write(s[2], "x".repeat(16 << 10));
        }
        assertThat(failed).as("a write fails once the route closed the body").isTrue();

        mode.set("fail");
        Value[] f = start();
        Value.ResultValue r = await(f[0]);
        assertThat(r.isOk()).isFalse();
        assertThat(((Value.VariantValue) r.payload().orElseThrow()).caseName()).isEqualTo("destination-unavailable");
        failed = false;
        for (int i = 0; i < 64 && !failed; i++) {
            failed = !write(f[2], "x".repeat(16 << 10));
        }
        assertThat(failed).as("a write fails once the route failed").isTrue();
    }

    /**
     * A guest that starts requests without end, their bodies left open, holds threads for each: past the bound,
     * {@code handle} fails; a request whose route returned and closed its body gives its slot back.
     */
    @Test
    void routedRequestsInFlightAreBounded() throws Exception {
        route(echo());
        wasiHttp.routedSlots().max(3);
        List<Value[]> open = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Value[] s = start();
            assertThat(await(s[0]).isOk()).isTrue();   // answered, body still open: the slot stays taken
            open.add(s);
        }
        Value req = http("[constructor]outgoing-request", http("[constructor]fields"));
        ok(http("[method]outgoing-request.set-method", req, new Value.VariantValue("post", Optional.empty())));
        Value.ResultValue refused = (Value.ResultValue) call("http-handler", "handle", req,
                new Value.OptionValue(Optional.empty()));
        assertThat(refused.isOk()).isFalse();
        assertThat(org.wasmcloud4j.component.value.Wave.print(refused)).contains("internal-error")
                .contains("more than 3 outgoing HTTP requests in flight");
        // one body finished: the route reads its end, closes it, and the slot is free again
        Value[] first = open.get(0);
        ((Value.Handle) first[2]).resource().drop();
        ok(http("[static]outgoing-body.finish", first[1], new Value.OptionValue(Optional.empty())));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (wasiHttp.routedSlots().used() > 2 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(wasiHttp.routedSlots().used()).isEqualTo(2);
        assertThat(await(start()[0]).isOk()).isTrue();
    }
}
