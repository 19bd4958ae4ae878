package org.wasmcloud4j.wasi;

import org.wasmcloud4j.http.OutgoingHttp;

import static org.wasmcloud4j.wasi.WasiValues.ERR;
import static org.wasmcloud4j.wasi.WasiValues.OK;
import static org.wasmcloud4j.wasi.WasiValues.bytes;
import static org.wasmcloud4j.wasi.WasiValues.err;
import static org.wasmcloud4j.wasi.WasiValues.list;
import static org.wasmcloud4j.wasi.WasiValues.none;
import static org.wasmcloud4j.wasi.WasiValues.ok;
import static org.wasmcloud4j.wasi.WasiValues.some;
import static org.wasmcloud4j.wasi.WasiValues.str;
import static org.wasmcloud4j.wasi.WasiValues.tuple;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.http.HttpExchange;
import org.wasmcloud4j.http.HttpRequestHead;

/**
 * {@code wasi:http} for serving: {@code wasi:http/types} (fields, incoming requests and bodies, outgoing responses
 * and bodies, response out-parameters) on a {@link Linker}, and {@link #handle(Instance, HttpExchange)}, which runs
 * one request of any HTTP server (a server-neutral {@link HttpExchange}) through an instance of a
 * {@code wasi:http/incoming-handler} component; outgoing requests ({@code wasi:http/outgoing-handler}) go through the
 * JDK HTTP client, only to authorities the {@link WasiConfig} allows ({@link WasiConfig.Builder#allowHttp}).
 * Core carries no HTTP server: the host finds one through {@link org.wasmcloud4j.http.HttpServerProvider}.
 *
 * <pre>{@code
 * WasiHttp http = WasiHttp.addToLinker(linker, WasiConfig.builder().build());
 * InstancePre pre = linker.instantiatePre(component);
 * try (Instance instance = pre.instantiate()) {
 *     http.handle(instance, exchange);
 * }
 * }</pre>
 */
public final class WasiHttp {
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "connect", "options",
            "trace", "patch");

    /** Header fields; immutable when they belong to a request or a sent response. */
    static final class Fields {
        final List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        final boolean immutable;

        Fields(boolean immutable) {
            this.immutable = immutable;
        }

        Fields copy(boolean immutableCopy) {
            Fields f = new Fields(immutableCopy);
            f.entries.addAll(entries);
            return f;
        }
    }

    record IncomingRequest(String method, String pathWithQuery, String authority, Fields headers, InputStream body,
            java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers) {}

    /** No trailers, at once. */
    private static final java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> NO_TRAILERS =
            java.util.concurrent.CompletableFuture.completedFuture(List.of());

    /**
     * A request's or response's body as it arrives: streamed to the guest, never collected first; its trailers
     * complete once the body has been read to its end.
     */
    static final class IncomingBody {
        final InputStream in;
        final long betweenBytesNanos;
        final java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers;
        boolean streamed;

        IncomingBody(InputStream in, java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers) {
            this(in, 0, trailers);
        }

        IncomingBody(InputStream in, long betweenBytesNanos,
                java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers) {
            this.in = in;
            this.betweenBytesNanos = betweenBytesNanos;
            this.trailers = trailers;
        }
    }

    /** {@code future-trailers}: the trailers of a finished incoming body, handed out once. */
    static final class FutureTrailers {
        final java.util.concurrent.CompletableFuture<List<Map.Entry<String, byte[]>>> trailers;
        boolean taken;

        FutureTrailers(java.util.concurrent.CompletableFuture<List<Map.Entry<String, byte[]>>> trailers) {
            this.trailers = trailers;
        }
    }

    /**
     * The most bytes held for an outgoing body before it has a destination (written before its request was sent or
     * its response set); later bytes stream through a bounded pipe.
     */
    static final int MAX_UNSENT_BODY = 16 << 20;

    /**
     * The bytes a guest writes for an outgoing body: buffered until a destination is attached (the HTTP exchange
     * once the response is set, or the client's request pipe once the request is sent), at most
     * {@link #MAX_UNSENT_BODY} (a write past that fails: the guest sends the rest after {@code handle} or
     * {@code response-outparam.set}), then forwarded as written; {@code finish} ends the destination.
     */
    static final class OutgoingBody extends OutputStream {
        private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private OutputStream target;
        private BodyPipe pipe;
        boolean written;
        boolean finished;
        /**
         * The body's trailers: completed by {@code finish} (an empty list when the guest set none) before the
         * destination is closed, failed when the guest drops the body unfinished.
         */
        final java.util.concurrent.CompletableFuture<List<Map.Entry<String, byte[]>>> trailers = new java.util.concurrent.CompletableFuture<>();

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the body is finished");
            }
            if (target != null) {
                target.write(b, off, len);
            } else if (buffer.size() + (long) len > MAX_UNSENT_BODY) {
                throw new IOException("more than " + MAX_UNSENT_BODY + " bytes written to an outgoing body before "
                        + "its request was sent or its response set: write the rest after that");
            } else {
                buffer.write(b, off, len);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (target != null) {
                target.flush();
            }
        }

        /** How many bytes were written while nothing was attached. */
        synchronized int bufferedLength() {
            return buffer == null ? 0 : buffer.size();
        }

        /** What was written while nothing was attached. */
        synchronized byte[] buffered() {
            return buffer == null ? new byte[0] : buffer.toByteArray();
        }

        /** Sends what is buffered to {@code out} and every later write straight there. */
        synchronized void attach(OutputStream out) throws IOException {
            ByteArrayOutputStream pending = buffer;
            buffer = null;
            target = out;
            if (pending.size() > 0) {
                pending.writeTo(out);
            }
            if (finished) {
                out.close();
            }
        }

        /** Attaches a client request pipe, which {@link #abandon} can fail. */
        synchronized void attach(BodyPipe p) throws IOException {
            pipe = p;
            attach(p.sink());
        }

        synchronized void finish() throws IOException {
            finish(List.of());
        }

        /** Ends the body with {@code trailers} (empty: none), handed on before the destination is closed. */
        synchronized void finish(List<Map.Entry<String, byte[]>> trailers) throws IOException {
            if (!finished) {
                finished = true;
                this.trailers.complete(List.copyOf(trailers));
                if (target != null) {
                    target.close();
                }
            }
        }

        /** The guest dropped the body without finishing it: a request in flight is aborted, not sent short. */
        synchronized void abandon() {
            if (!finished) {
                trailers.completeExceptionally(new IOException(
                        "the outgoing body was dropped without outgoing-body.finish"));
                if (pipe != null) {
                    pipe.fail("the outgoing body was dropped without outgoing-body.finish");
                }
            }
        }
    }

    /** Where a response body goes once its client is gone: every write fails. */
    private static final OutputStream GONE = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("the client went away");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("the client went away");
        }
    };

    static final class OutgoingResponse {
        int status = 200;
        final Fields headers;
        OutgoingBody body;

        OutgoingResponse(Fields headers) {
            this.headers = headers;
        }
    }

    /** Where a handler puts its response (or error); {@code onSet} streams it out as soon as it is set. */
    static final class ResponseOutparam {
        final ResponseSink onSet;
        OutgoingResponse response;
        String error;
        boolean set;
        /** The response could not be sent: the client went away. */
        boolean clientGone;

        ResponseOutparam(ResponseSink onSet) {
            this.onSet = onSet;
        }
    }

    /** Sends a response's status and headers as soon as the guest sets it, and attaches its body. */
    interface ResponseSink {
        void send(OutgoingResponse response) throws IOException;
    }

    static final class OutgoingRequest {
        String method = "GET";
        String scheme;
        String authority;
        String pathWithQuery;
        final Fields headers;
        OutgoingBody body;

        OutgoingRequest(Fields headers) {
            this.headers = headers;
        }
    }

    /**
     * A response as it arrives; its body stream fails after {@code betweenBytesNanos} without data (0: never).
     * {@code consumed} is set by {@code consume}: a response dropped unconsumed closes its body (releasing the
     * connection or wRPC call behind it).
     */
    record IncomingResponse(int status, Fields headers, InputStream body, long betweenBytesNanos,
            java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers,
            java.util.concurrent.atomic.AtomicBoolean consumed) {
        IncomingResponse(int status, Fields headers, InputStream body, long betweenBytesNanos,
                java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers) {
            this(status, headers, body, betweenBytesNanos, trailers, new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    /** {@code request-options}: timeouts in nanoseconds, {@code null} when not set. */
    static final class RequestOptions {
        Long connectTimeout;
        Long firstByteTimeout;
        Long betweenBytesTimeout;
    }

    /** An outgoing request in flight: its response (headers arrived) or its error-code, handed out once. */
    static final class FutureResponse {
        final java.util.concurrent.CompletableFuture<FutureResult> result;
        boolean taken;

        FutureResponse(java.util.concurrent.CompletableFuture<FutureResult> result) {
            this.result = result;
        }
    }

    /** How an outgoing request ended: a response, or a {@code wasi:http} error-code. */
    record FutureResult(IncomingResponse response, Value errorCode) {}

    private final HostResource<Fields> fields;
    private final HostResource<IncomingRequest> requests;
    private final HostResource<ResponseOutparam> outparams;
    private final Wasi.Shared io;
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<OutgoingHttp>> route;
    private final RoutedSlots routed;

    private WasiHttp(HostResource<Fields> fields, HostResource<IncomingRequest> requests,
            HostResource<ResponseOutparam> outparams, Wasi.Shared io,
            java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<OutgoingHttp>> route,
            RoutedSlots routed) {
        this.routed = routed;
        this.fields = fields;
        this.requests = requests;
        this.outparams = outparams;
        this.io = io;
        this.route = route;
    }

    /**
     * Sends outgoing requests ({@code wasi:http/outgoing-handler.handle}) where {@code router} says: it is asked on
     * the component's invocation thread at each {@code handle} and gives the {@link OutgoingHttp} for this request,
     * or {@code null} for the host's own HTTP client (and its allow-list). A routed request's body streams to the
     * route as the component writes it (through a bounded pipe: a component that writes faster than the route sends
     * waits); the response's body streams back to the component as the route delivers it.
     */
    public void routeOutgoing(java.util.function.Supplier<OutgoingHttp> router) {
        route.set(router);
    }

    /** Threads that wait for routed requests (never the component's invocation thread). */
    private static final java.util.concurrent.ExecutorService ROUTED = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wasmcloud4j-http-routed");
        t.setDaemon(true);
        return t;
    });

    /** {@code error-code} cases without a payload (the others come back as {@code internal-error}). */
    private static final java.util.Set<String> PLAIN_CODES = java.util.Set.of("DNS-timeout", "destination-not-found",
            "destination-unavailable", "destination-IP-prohibited", "destination-IP-unroutable", "connection-refused",
            "connection-terminated", "connection-timeout", "connection-read-timeout", "connection-write-timeout",
            "connection-limit-reached", "TLS-protocol-error", "TLS-certificate-error", "HTTP-request-denied",
            "HTTP-request-length-required", "HTTP-request-method-invalid", "HTTP-request-URI-invalid",
            "HTTP-request-URI-too-long", "HTTP-response-incomplete", "HTTP-response-timeout", "HTTP-upgrade-failed",
            "HTTP-protocol-error", "loop-detected", "configuration-error");

    /**
     * Sends {@code r} through {@code via} on a thread of {@link #ROUTED}: a body the component is still writing
     * streams there through a {@link BodyPipe} (a finished one goes as the bytes it holds); the future completes
     * when the route returns the response's head.
     */
    /** The bound on routed requests in flight (for tests). */
    RoutedSlots routedSlots() {
        return routed;
    }

    private static java.util.concurrent.CompletableFuture<FutureResult> sendVia(OutgoingHttp via, OutgoingRequest r,
            RequestOptions o, RoutedSlots slots) {
        java.util.concurrent.CompletableFuture<FutureResult> result = new java.util.concurrent.CompletableFuture<>();
        InputStream bodyIn;
        BodyPipe pipe = null;
        java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers =
                r.body == null ? NO_TRAILERS : r.body.trailers;
        // the request's slot: held until the route returned and (a body still being written) closed the body
        RoutedSlots.Part[] parts = slots.parts(r.body == null || r.body.finished ? 1 : 2);
        if (r.body == null) {
            bodyIn = InputStream.nullInputStream();
        } else if (r.body.finished) {
            bodyIn = new java.io.ByteArrayInputStream(r.body.buffered());
        } else {
            pipe = new BodyPipe();   // the guest goes on writing the body after handle: it streams as it comes
            BodyPipe p = pipe;
            RoutedSlots.Part bodyPart = parts[1];
            bodyIn = new java.io.FilterInputStream(pipe.source()) {
                @Override
                public void close() {
                    // the route is done with the body: a component still writing it must not wait for a reader
                    p.fail("the request body is no longer read (the request was sent, or it failed)");
                    bodyPart.done();
                }
            };
        }
        BodyPipe streaming = pipe;
        List<Map.Entry<String, byte[]>> headers = List.copyOf(r.headers.entries);
        ROUTED.execute(() -> {
            try {
                OutgoingHttp.Response resp = via.send(new OutgoingHttp.Request(r.method, Optional.ofNullable(r.scheme),
                        Optional.ofNullable(r.authority), Optional.ofNullable(r.pathWithQuery), headers, bodyIn,
                        trailers, optionalNanos(o.connectTimeout), optionalNanos(o.firstByteTimeout), optionalNanos(o.betweenBytesTimeout)));
                Fields h = new Fields(true);
                resp.headers().forEach(e -> h.entries.add(new AbstractMap.SimpleImmutableEntry<>(
                        e.getKey().toLowerCase(Locale.ROOT), e.getValue())));
                result.complete(new FutureResult(new IncomingResponse(resp.status(), h, resp.body(), 0,
                        resp.trailers()), null));
            } catch (OutgoingHttp.Failure e) {
                failBody(streaming, parts);
                result.complete(new FutureResult(null, PLAIN_CODES.contains(e.errorCode())
                        ? errorCode(e.errorCode()) : internalError(e.errorCode() + ": " + e.getMessage())));
            } catch (RuntimeException e) {
                failBody(streaming, parts);
                result.complete(new FutureResult(null, internalError("sending the request: " + e)));
            } finally {
                parts[0].done();
            }
            // returned normally: the route may still be reading the body (full duplex); it closes it when done
        });
        if (pipe != null) {
            try {
                r.body.attach(pipe);   // after the reader started: what was written so far may exceed the pipe
            } catch (IOException e) {
                pipe.fail("attaching the body: " + e.getMessage());
            }
        }
        return result;
    }

    /** A failed route reads the body no more: a component still writing it must not wait for a reader. */
    private static void failBody(BodyPipe streaming, RoutedSlots.Part[] parts) {
        if (streaming != null) {
            streaming.fail("the request failed");
            parts[1].done();
        }
    }

    private static Optional<java.time.Duration> optionalNanos(Long nanos) {
        return nanos == null ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(nanos));
    }

    private static Value internalError(String message) {
        return new Value.VariantValue("internal-error", Optional.of(some(str(message))));
    }

    /**
     * A new owned {@code wasi:io/streams.input-stream} of this linker reading {@code in}, for other host
     * capabilities' functions to return (such as a blob's contents). {@code in} is read directly, so it must never
     * block for long (memory, files); it is closed when the component drops the stream.
     */
    public Value.Handle newInputStream(InputStream in) {
        return io.inputs().create(new InputSource.Closing(in));
    }

    /**
     * A new owned {@code wasi:io/streams.input-stream} of this linker reading {@code in}, which may block for as long
     * as its data takes to arrive (a network stream): it is drained by a thread of its own into a bounded buffer, so
     * the component's non-blocking reads and pollables work; dropping the stream closes {@code in}.
     */
    public Value.Handle newBlockingInputStream(InputStream in) {
        return io.inputs().create(InputSource.owned(in));
    }

    /**
     * A new owned {@code wasi:io/streams.output-stream} of this linker writing straight to {@code out}, for other
     * host capabilities' functions to return. Writes must not block for long (memory, files); the stream is flushed,
     * not closed, when the component drops it: {@code out} belongs to the caller.
     */
    public Value.Handle newOutputStream(OutputStream out) {
        return io.outputs().create(out);
    }

    /** Defines WASI ({@link Wasi#addToLinker}) and {@code wasi:http/types} on {@code linker}. */
    public static WasiHttp addToLinker(Linker linker, WasiConfig config) {
        Wasi.Shared io = Wasi.define(linker, config);
        String types = Wasi.iface("wasi:http/types");
        HostResource<Fields> fields = linker.defineResource(types, "fields", f -> { });
        HostResource<IncomingRequest> requests = linker.defineResource(types, "incoming-request", r -> { });
        HostResource<IncomingBody> incomingBodies = linker.defineResource(types, "incoming-body", b -> {
            if (!b.streamed) {
                closeQuietly(b.in);
            }
        });
        HostResource<FutureTrailers> futureTrailers = linker.defineResource(types, "future-trailers", t -> { });
        HostResource<OutgoingResponse> responses = linker.defineResource(types, "outgoing-response", r -> { });
        HostResource<OutgoingBody> outgoingBodies = linker.defineResource(types, "outgoing-body",
                OutgoingBody::abandon);
        HostResource<ResponseOutparam> outparams = linker.defineResource(types, "response-outparam", o -> { });

        // the http error-code behind a stream error, where the host knows one
        linker.defineFunction(types, "http-error-code", a ->
                io.errors().get(a.get(0)) instanceof InputSource.ReadTimeout
                        ? some(errorCode("connection-read-timeout")) : none());
        linker.defineFunction(types, "[constructor]fields", a -> fields.create(new Fields(false)));
        linker.defineFunction(types, "[static]fields.from-list", a -> {
            Fields f = new Fields(false);
            for (Value e : ((Value.ListValue) a.get(0)).elements()) {
                List<Value> kv = ((Value.TupleValue) e).elements();
                f.entries.add(new AbstractMap.SimpleImmutableEntry<>(((Value.Str) kv.get(0)).value(),
                        WasiValues.toBytes(kv.get(1)).clone()));
            }
            return ok(fields.create(f));
        });
        linker.defineFunction(types, "[method]fields.get", a -> {
            List<Value> out = new ArrayList<>();
            String name = name(a.get(1));
            fields.get(a.get(0)).entries.stream().filter(e -> e.getKey().equals(name))
                    .forEach(e -> out.add(bytes(e.getValue(), e.getValue().length)));
            return list(out);
        });
        linker.defineFunction(types, "[method]fields.has", a -> {
            String name = name(a.get(1));
            return new Value.Bool(fields.get(a.get(0)).entries.stream().anyMatch(e -> e.getKey().equals(name)));
        });
        linker.defineFunction(types, "[method]fields.set", a -> {
            Fields f = fields.get(a.get(0));
            if (f.immutable) {
                return headerError("immutable");
            }
            String name = name(a.get(1));
            f.entries.removeIf(e -> e.getKey().equals(name));
            for (Value v : ((Value.ListValue) a.get(2)).elements()) {
                f.entries.add(new AbstractMap.SimpleImmutableEntry<>(name, WasiValues.toBytes(v).clone()));
            }
            return OK;
        });
        linker.defineFunction(types, "[method]fields.delete", a -> {
            Fields f = fields.get(a.get(0));
            if (f.immutable) {
                return headerError("immutable");
            }
            String name = name(a.get(1));
            f.entries.removeIf(e -> e.getKey().equals(name));
            return OK;
        });
        linker.defineFunction(types, "[method]fields.append", a -> {
            Fields f = fields.get(a.get(0));
            if (f.immutable) {
                return headerError("immutable");
            }
            String name = ((Value.Str) a.get(1)).value();
            if (!isFieldName(name)) {
                return headerError("invalid-syntax");
            }
            f.entries.add(new AbstractMap.SimpleImmutableEntry<>(name.toLowerCase(Locale.ROOT),
                    WasiValues.toBytes(a.get(2)).clone()));
            return OK;
        });
        linker.defineFunction(types, "[method]fields.entries", a -> {
            List<Value> out = new ArrayList<>();
            fields.get(a.get(0)).entries.forEach(e -> out.add(tuple(str(e.getKey()),
                    bytes(e.getValue(), e.getValue().length))));
            return list(out);
        });
        linker.defineFunction(types, "[method]fields.clone", a -> fields.create(fields.get(a.get(0)).copy(false)));

        linker.defineFunction(types, "[method]incoming-request.method", a -> {
            String m = requests.get(a.get(0)).method().toLowerCase(Locale.ROOT);
            return METHODS.contains(m) ? new Value.VariantValue(m, Optional.empty())
                    : new Value.VariantValue("other", Optional.of(str(requests.get(a.get(0)).method())));
        });
        linker.defineFunction(types, "[method]incoming-request.path-with-query",
                a -> some(str(requests.get(a.get(0)).pathWithQuery())));
        linker.defineFunction(types, "[method]incoming-request.scheme",
                a -> some(new Value.VariantValue("HTTP", Optional.empty())));
        linker.defineFunction(types, "[method]incoming-request.authority", a -> {
            String authority = requests.get(a.get(0)).authority();
            return authority == null ? none() : some(str(authority));
        });
        linker.defineFunction(types, "[method]incoming-request.headers",
                a -> fields.create(requests.get(a.get(0)).headers().copy(true)));
        linker.defineFunction(types, "[method]incoming-request.consume",
                a -> ok(incomingBodies.create(new IncomingBody(requests.get(a.get(0)).body(),
                        requests.get(a.get(0)).trailers()))));
        linker.defineFunction(types, "[method]incoming-body.stream", a -> {
            IncomingBody b = incomingBodies.get(a.get(0));
            if (b.streamed) {
                return WasiValues.err(new Value.TupleValue(List.of()));
            }
            b.streamed = true;
            // the component owns the body: dropping its stream releases the connection or call behind it
            return ok(io.inputs().create(b.betweenBytesNanos > 0
                    ? InputSource.ownedWithReadTimeout(b.in, b.betweenBytesNanos) : InputSource.owned(b.in)));
        });
        linker.defineFunction(types, "[static]incoming-body.finish", a -> {
            IncomingBody b = incomingBodies.get(a.get(0));
            java.util.concurrent.CompletableFuture<List<Map.Entry<String, byte[]>>> t =
                    b.trailers.toCompletableFuture();
            dropOwned(a.get(0));   // a body not read to its end is closed: its trailers fail, never wait forever
            return futureTrailers.create(new FutureTrailers(t));
        });
        linker.defineFunction(types, "[method]future-trailers.get", a -> {
            FutureTrailers f = futureTrailers.get(a.get(0));
            if (!f.trailers.isDone()) {
                return none();
            }
            if (f.taken) {
                return some(ERR);
            }
            f.taken = true;
            List<Map.Entry<String, byte[]>> got;
            try {
                got = f.trailers.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                return some(ok(err(internalError("the trailers: " + c.getMessage()))));
            }
            if (got.isEmpty()) {
                return some(ok(ok(none())));
            }
            Fields t = new Fields(true);
            got.forEach(e -> t.entries.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey().toLowerCase(Locale.ROOT),
                    e.getValue())));
            return some(ok(ok(some(fields.create(t)))));
        });
        linker.defineFunction(types, "[method]future-trailers.subscribe", a -> {
            FutureTrailers f = futureTrailers.get(a.get(0));
            return io.pollables().create(new Wasi.Pollable(f.trailers::isDone, () -> {
                try {
                    f.trailers.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Trap("interrupted while blocking on HTTP trailers");
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    // ready: get reports it
                }
            }));
        });

        linker.defineFunction(types, "[constructor]outgoing-response", a -> {
            OutgoingResponse r = new OutgoingResponse(fields.get(a.get(0)).copy(false));
            dropOwned(a.get(0));
            return responses.create(r);
        });
        linker.defineFunction(types, "[method]outgoing-response.status-code",
                a -> new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U16,
                        responses.get(a.get(0)).status));
        linker.defineFunction(types, "[method]outgoing-response.set-status-code", a -> {
            long code = ((Value.Int) a.get(1)).value();
            if (code < 100 || code > 999) {
                return ERR;
            }
            responses.get(a.get(0)).status = (int) code;
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-response.headers",
                a -> fields.create(responses.get(a.get(0)).headers.copy(true)));
        linker.defineFunction(types, "[method]outgoing-response.body", a -> {
            OutgoingResponse r = responses.get(a.get(0));
            if (r.body != null) {
                return ERR;
            }
            r.body = new OutgoingBody();
            return ok(outgoingBodies.create(r.body));
        });
        linker.defineFunction(types, "[method]outgoing-body.write", a -> {
            OutgoingBody b = outgoingBodies.get(a.get(0));
            if (b.written) {
                return ERR;
            }
            b.written = true;
            return ok(io.outputs().create(b));
        });
        linker.defineFunction(types, "[static]outgoing-body.finish", a -> {
            OutgoingBody b = outgoingBodies.get(a.get(0));
            Optional<Value> trailerHandle = ((Value.OptionValue) a.get(1)).value();
            List<Map.Entry<String, byte[]>> trailers = trailerHandle.map(h -> List.copyOf(fields.get(h).entries))
                    .orElse(List.of());
            trailerHandle.ifPresent(WasiHttp::dropOwned);
            try {
                b.finish(trailers);
            } catch (IOException e) {
                dropOwned(a.get(0));
                return err(new Value.VariantValue("internal-error", Optional.of(some(str("finishing the body: "
                        + e.getMessage())))));
            }
            dropOwned(a.get(0));
            return OK;
        });
        linker.defineFunction(types, "[static]response-outparam.set", a -> {
            ResponseOutparam o = outparams.get(a.get(0));
            Value.ResultValue r = (Value.ResultValue) a.get(1);
            o.set = true;
            if (r.isOk()) {
                o.response = responses.get(r.payload().orElseThrow());
                dropOwned(r.payload().orElseThrow());
                if (o.onSet != null) {
                    try {
                        o.onSet.send(o.response);
                    } catch (IOException e) {
                        // the client went away: the guest's writes to the body fail from now on
                        o.clientGone = true;
                        if (o.response.body != null) {
                            try {
                                o.response.body.attach(GONE);
                            } catch (IOException ignored) {
                                // GONE refuses the buffered bytes: they have nowhere to go
                            }
                        }
                    } catch (IllegalArgumentException e) {
                        // a header field the server cannot send (bad name, CR/LF in a value): nothing went out
                        o.set = false;
                        o.response = null;
                        throw new Trap("the component's response cannot be sent: " + e.getMessage());
                    }
                }
            } else {
                o.error = Wave(r.payload().orElseThrow());
            }
            dropOwned(a.get(0));
            return null;
        });
        java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<OutgoingHttp>> route =
                new java.util.concurrent.atomic.AtomicReference<>();
        RoutedSlots routed = new RoutedSlots();
        outgoing(linker, config, types, io, fields, incomingBodies, outgoingBodies, route, routed);
        return new WasiHttp(fields, requests, outparams, io, route, routed);
    }

    private static Value errorCode(String c) {
        return new Value.VariantValue(c, Optional.empty());
    }

    private static void outgoing(Linker linker, WasiConfig config, String types, Wasi.Shared io,
            HostResource<Fields> fields, HostResource<IncomingBody> incomingBodies,
            HostResource<OutgoingBody> outgoingBodies,
            java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<OutgoingHttp>> route,
            RoutedSlots routed) {
        HostResource<OutgoingRequest> oreqs = linker.defineResource(types, "outgoing-request", r -> { });
        HostResource<RequestOptions> options = linker.defineResource(types, "request-options", o -> { });
        HostResource<FutureResponse> futures = linker.defineResource(types, "future-incoming-response", f -> {
            // a response nobody will read: release its connection
            f.result.thenAccept(r -> {
                if (r.response() != null && !f.taken) {
                    closeQuietly(r.response().body());
                }
            });
        });
        HostResource<IncomingResponse> iresps = linker.defineResource(types, "incoming-response", r -> {
            if (!r.consumed().get()) {
                closeQuietly(r.body());
            }
        });
        linker.defineFunction(types, "[constructor]outgoing-request", a -> {
            OutgoingRequest r = new OutgoingRequest(fields.get(a.get(0)).copy(false));
            dropOwned(a.get(0));
            return oreqs.create(r);
        });
        linker.defineFunction(types, "[method]outgoing-request.set-method", a -> {
            Value.VariantValue m = (Value.VariantValue) a.get(1);
            oreqs.get(a.get(0)).method = m.caseName().equals("other")
                    ? ((Value.Str) m.payload().orElseThrow()).value() : m.caseName().toUpperCase(Locale.ROOT);
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-request.set-scheme", a -> {
            Optional<Value> sc = ((Value.OptionValue) a.get(1)).value();
            oreqs.get(a.get(0)).scheme = sc.map(v -> {
                Value.VariantValue vv = (Value.VariantValue) v;
                return vv.caseName().equals("other") ? ((Value.Str) vv.payload().orElseThrow()).value()
                        : vv.caseName().toLowerCase(Locale.ROOT);
            }).orElse(null);
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-request.method", a -> {
            String m = oreqs.get(a.get(0)).method;
            String lower = m.toLowerCase(Locale.ROOT);
            return METHODS.contains(lower) && m.equals(lower.toUpperCase(Locale.ROOT))
                    ? new Value.VariantValue(lower, Optional.empty())
                    : new Value.VariantValue("other", Optional.of(str(m)));
        });
        linker.defineFunction(types, "[method]outgoing-request.scheme", a -> {
            String sc = oreqs.get(a.get(0)).scheme;
            if (sc == null) {
                return none();
            }
            return some(sc.equals("http") ? new Value.VariantValue("HTTP", Optional.empty())
                    : sc.equals("https") ? new Value.VariantValue("HTTPS", Optional.empty())
                    : new Value.VariantValue("other", Optional.of(str(sc))));
        });
        linker.defineFunction(types, "[method]outgoing-request.authority", a -> {
            String au = oreqs.get(a.get(0)).authority;
            return au == null ? none() : some(str(au));
        });
        linker.defineFunction(types, "[method]outgoing-request.path-with-query", a -> {
            String pq = oreqs.get(a.get(0)).pathWithQuery;
            return pq == null ? none() : some(str(pq));
        });
        linker.defineFunction(types, "[method]outgoing-request.set-authority", a -> {
            oreqs.get(a.get(0)).authority = ((Value.OptionValue) a.get(1)).value()
                    .map(v -> ((Value.Str) v).value()).orElse(null);
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-request.set-path-with-query", a -> {
            oreqs.get(a.get(0)).pathWithQuery = ((Value.OptionValue) a.get(1)).value()
                    .map(v -> ((Value.Str) v).value()).orElse(null);
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-request.headers",
                a -> fields.create(oreqs.get(a.get(0)).headers.copy(true)));
        linker.defineFunction(types, "[method]outgoing-request.body", a -> {
            OutgoingRequest r = oreqs.get(a.get(0));
            if (r.body != null) {
                return ERR;
            }
            r.body = new OutgoingBody();
            return ok(outgoingBodies.create(r.body));
        });
        linker.defineFunction(types, "[constructor]request-options", a -> options.create(new RequestOptions()));
        linker.defineFunction(types, "[method]request-options.connect-timeout",
                a -> duration(options.get(a.get(0)).connectTimeout));
        linker.defineFunction(types, "[method]request-options.set-connect-timeout", a -> {
            options.get(a.get(0)).connectTimeout = nanos(a.get(1));
            return OK;
        });
        linker.defineFunction(types, "[method]request-options.first-byte-timeout",
                a -> duration(options.get(a.get(0)).firstByteTimeout));
        linker.defineFunction(types, "[method]request-options.set-first-byte-timeout", a -> {
            options.get(a.get(0)).firstByteTimeout = nanos(a.get(1));
            return OK;
        });
        linker.defineFunction(types, "[method]request-options.between-bytes-timeout",
                a -> duration(options.get(a.get(0)).betweenBytesTimeout));
        linker.defineFunction(types, "[method]request-options.set-between-bytes-timeout", a -> {
            options.get(a.get(0)).betweenBytesTimeout = nanos(a.get(1));
            return OK;
        });
        linker.defineFunction(Wasi.iface("wasi:http/outgoing-handler"), "handle", a -> {
            OutgoingRequest r = oreqs.get(a.get(0));
            RequestOptions o = ((Value.OptionValue) a.get(1)).value().map(options::get).orElse(new RequestOptions());
            dropOwned(a.get(0));
            ((Value.OptionValue) a.get(1)).value().ifPresent(WasiHttp::dropOwned);
            java.util.function.Supplier<OutgoingHttp> router = route.get();
            OutgoingHttp via = router == null ? null : router.get();
            if (via != null) {   // linked to an HTTP client provider: the link is the permission
                if (!routed.take()) {
                    return err(internalError("more than " + routed.max() + " outgoing HTTP requests in flight: "
                            + "finish or drop some first"));
                }
                return ok(futures.create(new FutureResponse(sendVia(via, r, o, routed))));
            }
            if (r.authority == null || !config.allowsHttp(r.authority)) {
                return err(errorCode("HTTP-request-denied"));
            }
            return ok(futures.create(new FutureResponse(send(r, o))));
        });
        linker.defineFunction(types, "[method]future-incoming-response.subscribe", a -> {
            FutureResponse f = futures.get(a.get(0));
            return io.pollables().create(new Wasi.Pollable(f.result::isDone, () -> {
                try {
                    f.result.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Trap("interrupted while blocking on an HTTP response");
                } catch (java.util.concurrent.ExecutionException e) {
                    // ready: get reports it
                }
            }));
        });
        linker.defineFunction(types, "[method]future-incoming-response.get", a -> {
            FutureResponse f = futures.get(a.get(0));
            if (!f.result.isDone()) {
                return none();
            }
            if (f.taken) {
                return some(ERR);
            }
            f.taken = true;
            FutureResult r = f.result.join();
            Value inner = r.response() != null ? ok(iresps.create(r.response())) : err(r.errorCode());
            return some(ok(inner));
        });
        linker.defineFunction(types, "[method]incoming-response.status",
                a -> new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U16, iresps.get(a.get(0)).status()));
        linker.defineFunction(types, "[method]incoming-response.headers",
                a -> fields.create(iresps.get(a.get(0)).headers().copy(true)));
        linker.defineFunction(types, "[method]incoming-response.consume", a -> {
            IncomingResponse r = iresps.get(a.get(0));
            if (r.consumed().getAndSet(true)) {
                return ERR;   // at most once
            }
            return ok(incomingBodies.create(new IncomingBody(r.body(), r.betweenBytesNanos(), r.trailers())));
        });
    }

    /** One JDK client per connect timeout (the JDK sets that per client); HTTP/1.1 like wasmtime's default. */
    private static final Map<Long, java.net.http.HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.net.http.HttpClient client(Long connectTimeoutNanos) {
        return CLIENTS.computeIfAbsent(connectTimeoutNanos == null ? -1L : connectTimeoutNanos, t -> {
            java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1);
            if (t >= 0) {
                b.connectTimeout(java.time.Duration.ofNanos(Math.max(1, t)));
            }
            return b.build();
        });
    }

    /**
     * Starts an outgoing request with the JDK client: the body streams from the guest while it writes (a
     * {@link BodyPipe}; already finished bodies go as one array), and the result completes when the response
     * headers arrive; the response body then streams to the guest. The first-byte timeout bounds the wait for
     * the response headers; the between-bytes timeout fails a body read that waits longer than it for data
     * ({@code http-error-code} of that stream error is {@code connection-read-timeout}).
     */
    private static java.util.concurrent.CompletableFuture<FutureResult> send(OutgoingRequest r, RequestOptions o) {
        java.net.http.HttpRequest request;
        try {
            String scheme = r.scheme == null ? "http" : r.scheme;
            java.net.URI uri = java.net.URI.create(scheme + "://" + r.authority
                    + (r.pathWithQuery == null ? "/" : r.pathWithQuery));
            java.net.http.HttpRequest.BodyPublisher body;
            if (r.body == null) {
                body = java.net.http.HttpRequest.BodyPublishers.noBody();
            } else if (r.body.finished) {
                byte[] bytes = r.body.buffered();
                body = bytes.length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes);
            } else {
                BodyPipe pipe = new BodyPipe();
                r.body.attach(pipe);
                body = java.net.http.HttpRequest.BodyPublishers.ofInputStream(pipe::source);
            }
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri).method(r.method, body);
            if (o.firstByteTimeout != null) {
                b.timeout(java.time.Duration.ofNanos(Math.max(1, o.firstByteTimeout)));
            }
            for (Map.Entry<String, byte[]> h : r.headers.entries) {
                try {
                    b.header(h.getKey(), new String(h.getValue(), StandardCharsets.ISO_8859_1));
                } catch (IllegalArgumentException restricted) {
                    // headers the JDK client sets itself (host, content-length, ...) are left to it
                }
            }
            if (r.headers.entries.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("traceparent"))) {
                // the calling invocation's trace continues in the request (W3C trace context), unless the
                // component set its own
                W3CTraceContextPropagator.getInstance().inject(Context.current(), b,
                        java.net.http.HttpRequest.Builder::header);
            }
            request = b.build();
        } catch (IllegalArgumentException | IOException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new FutureResult(null, errorCode("HTTP-request-URI-invalid")));
        }
        return client(o.connectTimeout).sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream())
                .handle((resp, failure) -> {
                    if (failure == null) {
                        Fields headers = new Fields(true);
                        resp.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.entries.add(
                                new AbstractMap.SimpleImmutableEntry<>(k.toLowerCase(Locale.ROOT),
                                        v.getBytes(StandardCharsets.ISO_8859_1)))));
                        return new FutureResult(new IncomingResponse(resp.statusCode(), headers, resp.body(),
                                o.betweenBytesTimeout == null ? 0 : Math.max(1, o.betweenBytesTimeout),
                                NO_TRAILERS), null);
                    }
                    Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    return new FutureResult(null, failureCode(e));
                });
    }

    /** The {@code wasi:http} error-code for a failed exchange. */
    private static Value failureCode(Throwable e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return errorCode("connection-timeout");
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return errorCode("HTTP-response-timeout");
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return errorCode("connection-refused");
            }
        }
        return new Value.VariantValue("internal-error", Optional.of(some(str(String.valueOf(e.getMessage())))));
    }

    private static Value duration(Long nanos) {
        return nanos == null ? none() : some(WasiValues.u64(nanos));
    }

    /** A timeout (a u64 duration; past 2^63 is cut to 2^63 - 1 ns, not a negative one), or {@code null}. */
    private static Long nanos(Value option) {
        return ((Value.OptionValue) option).value().map(WasiValues::saturatedU64).orElse(null);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to tell
        }
    }

    /** Ends an owned handle the host received (the object lives on where the host keeps it). */
    private static void dropOwned(Value v) {
        if (v instanceof Value.Handle h && !h.resource().isBorrowed() && !h.resource().isGone()) {
            h.resource().drop();
        }
    }

    /** Objects of the request-scoped resources still alive (for leak checks). */
    int liveObjects() {
        return fields.liveCount() + requests.liveCount() + outparams.liveCount();
    }

    private static String Wave(Value v) {
        return org.wasmcloud4j.component.value.Wave.print(v);
    }

    private static String name(Value v) {
        return ((Value.Str) v).value().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code name} is non-empty, visible ASCII and has no colon (a loop: this runs per header set). */
    private static boolean isFieldName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static Value headerError(String c) {
        return err(new Value.VariantValue(c, Optional.empty()));
    }

    /** A response produced by a component. */
    public record Response(int status, List<Map.Entry<String, byte[]>> headers, byte[] body) {}

    /**
     * Runs one request through a fresh instance of {@code pre}'s {@code wasi:http/incoming-handler} component.
     *
     * @throws Trap if the component traps or sets no response
     */
    public Response handle(InstancePre pre, String method, String pathWithQuery, String authority,
            List<Map.Entry<String, byte[]>> headers, byte[] body) {
        ResponseOutparam out = new ResponseOutparam(null);
        try (Instance instance = pre.instantiate()) {
            run(instance, method, pathWithQuery, authority, headers, new ByteArrayInputStream(body), NO_TRAILERS, out);
        }
        if (!out.set) {
            throw new Trap("the component did not set a response");
        }
        if (out.response == null) {
            throw new Trap("the component answered with an error: " + out.error);
        }
        OutgoingResponse r = out.response;
        byte[] bytes = r.body == null ? new byte[0] : r.body.buffered();
        return new Response(r.status, List.copyOf(r.headers.entries), bytes);
    }

    /** Calls the handler of {@code instance} with a request whose body streams from {@code body}. */
    private void run(Instance instance, String method, String pathWithQuery, String authority,
            List<Map.Entry<String, byte[]>> headers, InputStream body,
            java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers, ResponseOutparam out) {
        Func handle = instance.func("wasi:http/incoming-handler@0.2.0", "handle").orElseThrow(() ->
                new IllegalArgumentException("the component does not export wasi:http/incoming-handler@0.2.x"));
        Fields h = new Fields(true);
        h.entries.addAll(headers);
        handle.call(requests.create(new IncomingRequest(method, pathWithQuery, authority, h, body, trailers)),
                outparams.create(out));
    }

    /**
     * Answers {@code exchange} with a fresh instance of {@code pre}'s {@code wasi:http/incoming-handler}, as
     * {@link #handle(Instance, HttpExchange)} does, and closes the instance. {@code pre} must come from a linker this
     * object was added to.
     */
    public void handle(InstancePre pre, HttpExchange exchange) throws IOException {
        try (Instance instance = pre.instantiate()) {
            handle(instance, exchange);
        }
    }

    /**
     * Runs one request of any HTTP server through {@code instance}'s {@code wasi:http/incoming-handler} (made from a
     * linker this object was added to; the caller keeps it, a trap poisons it). The request body streams to the
     * component as it arrives; the response's status and headers go out as soon as the component sets them, and
     * its body streams as the component writes it (with a length when the body was finished before the response
     * was set, else chunked). The exchange is always finished: completed, or {@linkplain HttpExchange#abort
     * aborted} when the component fails after its response started, so the client sees an incomplete message.
     *
     * @throws Trap when the component traps, sets no response or sets an error (the exchange has no response
     *         yet when {@link HttpExchange#responded()} is false: the caller answers it)
     * @throws IllegalArgumentException when the component does not export {@code wasi:http/incoming-handler}
     * @throws IOException when the client went away
     */
    public void handle(Instance instance, HttpExchange exchange) throws IOException {
        HttpRequestHead head = exchange.request();
        ResponseOutparam out = new ResponseOutparam(r -> {
            long length = r.body == null ? 0 : r.body.finished ? r.body.bufferedLength() : -1;
            OutputStream sink = exchange.respond(r.status, List.copyOf(r.headers.entries), length);
            if (r.body == null) {
                sink.close();
            } else {
                // trailers the guest sets reach the exchange as finish runs, before it closes the sink
                r.body.trailers.thenAccept(t -> {
                    if (!t.isEmpty()) {
                        exchange.responseTrailers(t);
                    }
                });
                r.body.attach(sink);   // writes what is buffered; closes the sink when the body is finished
            }
        });
        try {
            run(instance, head.method(), head.pathWithQuery(), head.authority(), head.headers(), exchange.body(),
                    exchange.requestTrailers(), out);
            if (!out.set || out.response == null) {
                throw new Trap(!out.set ? "the component did not set a response"
                        : "the component answered with an error: " + out.error);
            }
            OutgoingResponse r = out.response;
            if (r.body != null && !r.body.finished) {
                r.body.finish();   // the handler returned without finishing: end the body here
            }
        } catch (RuntimeException | IOException e) {
            if (exchange.responded()) {
                exchange.abort(e);   // the status line is out: the client must see the response cut off
            }
            throw e;
        }
        if (out.clientGone) {
            throw new IOException("the client went away before the response was sent");
        }
    }
}
