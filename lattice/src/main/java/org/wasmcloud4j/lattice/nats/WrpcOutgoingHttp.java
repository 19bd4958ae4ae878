package org.wasmcloud4j.lattice.nats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.http.OutgoingHttp;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcClientCall;
import org.wasmcloud4j.lattice.wrpc.WrpcException;
import org.wasmcloud4j.lattice.wrpc.WrpcNoRespondersException;
import org.wasmcloud4j.lattice.wrpc.WrpcTimeoutException;

/**
 * wasmCloud's mapping of {@code wasi:http/outgoing-handler} onto wRPC (protocol notes §4.5): a component's outgoing
 * request, linked to an HTTP client provider on another host, is sent as
 * {@code wrpc:http/outgoing-handler@0.1.0.handle(request, options: option<request-options>) -> result<response,
 * error-code>} (types in {@code wrpc-http.wit} beside this class). The request body goes pending on
 * {@code params.0.0} in chunks as the component writes it (never gathered whole), and its trailers (the
 * {@code future<option<fields>>} sent pending) on {@code params.0.1} once the component finishes the body. The
 * response's head is returned as soon as the results arrive, and a pending response body is handed to the component
 * as a stream read from {@code results.0.0} as its chunks arrive; its trailers ({@code results.0.1} when pending)
 * are read at the body's end. The call stays open until that stream is read to its end or closed. Memory per
 * request: a few chunks, whatever the bodies' sizes.
 */
final class WrpcOutgoingHttp {
    /** Threads that copy request bodies to their calls (one per request in flight; idle ones end after 30 s). */
    private static final java.util.concurrent.ExecutorService BODY_SENDERS = new java.util.concurrent.ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
            r -> {
                Thread t = new Thread(r, "wrpc-http-request-body");
                t.setDaemon(true);
                return t;
            });

    static final String INSTANCE = "wrpc:http/outgoing-handler@0.1.0";
    static final String FUNCTION = "handle";
    static final FuncType HANDLE = WrpcHttpTypes.function(INSTANCE, FUNCTION);

    private WrpcOutgoingHttp() {
    }

    /**
     * Sends {@code request} to HTTP client provider {@code id} for {@code caller}, its body streamed from
     * {@link OutgoingHttp.Request#body()}; the response with its body streaming.
     *
     * @throws OutgoingHttp.Failure {@code destination-unavailable} when nothing serves the provider,
     *     {@code HTTP-response-timeout} when it does not answer in time, {@code HTTP-request-body-size} never,
     *     {@code internal-error} when the request body fails (the component dropped it unfinished: the provider
     *     sees the body stream aborted) or the call fails otherwise, or the provider's own {@code error-code}
     */
    static OutgoingHttp.Response send(WrpcClient client, String id, Lattice.Caller caller, OutgoingHttp.Request request)
            throws OutgoingHttp.Failure {
        // an empty body list is the pending form: the body follows on params.0.0
        Value.RecordValue req = WrpcHttpTypes.request(new byte[0], WrpcHttpTypes.PENDING_TRAILERS, request.method(),
                request.pathWithQuery(), request.scheme(), request.authority(), request.headers());
        Map<String, Value> options = new LinkedHashMap<>();
        options.put("connect-timeout", nanos(request.connectTimeout()));
        options.put("first-byte-timeout", nanos(request.firstByteTimeout()));
        options.put("between-bytes-timeout", nanos(request.betweenBytesTimeout()));
        boolean anyOption = request.connectTimeout().isPresent() || request.firstByteTimeout().isPresent()
                || request.betweenBytesTimeout().isPresent();
        WrpcClientCall call;
        try {
            call = client.start(id, INSTANCE, FUNCTION, HANDLE, List.of(req,
                    new Value.OptionValue(anyOption ? Optional.of(new Value.RecordValue(options)) : Optional.empty())),
                    InvokeOptions.builder().sourceId(caller.sourceId()).linkName(caller.linkName()).build());
        } catch (WrpcException e) {
            throw failure(id, e);
        }
        boolean handedOn = false;
        try {
            // Full duplex: the body streams on a thread of its own while this one waits for the response head, so
            // a provider may answer (and stream its response) before the request body ends, as HTTP allows.
            java.util.concurrent.atomic.AtomicReference<OutgoingHttp.Failure> bodyFailure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            BODY_SENDERS.execute(() -> {
                try {
                    if (sendBody(id, request.body(), call)) {
                        sendTrailers(id, request, call);
                    }
                } catch (OutgoingHttp.Failure f) {
                    bodyFailure.set(f);
                    call.close();   // aborts the body (the provider sees it truncated) and ends the wait below
                } catch (RuntimeException e) {
                    bodyFailure.set(new OutgoingHttp.Failure("internal-error", "the request body to HTTP client "
                            + "provider " + id + " failed: " + e));
                    call.close();
                } finally {
                    try {
                        request.body().close();   // done with it: the component's further writes fail
                    } catch (IOException e) {
                        // nothing left to tell
                    }
                }
            });
            List<Value> results;
            try {
                results = call.results();
            } catch (WrpcException e) {
                OutgoingHttp.Failure f = bodyFailure.get();
                throw f != null ? f : failure(id, e);
            }
            Value.ResultValue r = (Value.ResultValue) results.get(0);
            if (!r.isOk()) {
                Value.VariantValue code = (Value.VariantValue) r.payload().orElseThrow();
                throw new OutgoingHttp.Failure(code.caseName(), "HTTP client provider " + id
                        + " answered with error-code " + code.caseName() + code.payload().map(p -> " " + p).orElse(""));
            }
            Map<String, Value> resp = ((Value.RecordValue) r.payload().orElseThrow()).fields();
            int status = (int) ((Value.Int) resp.get("status")).value();
            if (status < 100 || status > 999) {
                throw new OutgoingHttp.Failure("HTTP-protocol-error", "HTTP client provider " + id + " answered with "
                        + "status " + status);
            }
            List<Map.Entry<String, byte[]>> headers = WrpcHttpTypes.entries(resp.get("headers"));
            Value.ListValue ready = (Value.ListValue) resp.get("body");
            Optional<Value> readyTrailers = ((Value.OptionValue) resp.get("trailers")).value();
            CompletableFuture<List<Map.Entry<String, byte[]>>> trailers = new CompletableFuture<>();
            readyTrailers.ifPresent(t -> trailers.complete(WrpcHttpTypes.trailerEntries(t)));
            if (!ready.elements().isEmpty()) {   // sent ready, whole
                if (readyTrailers.isEmpty()) {
                    try {
                        trailers.complete(WrpcHttpTypes.trailerEntries(call.resultFuture(WrpcHttpTypes.TRAILERS)));
                    } catch (WrpcException e) {
                        trailers.completeExceptionally(failure(id, e));
                    }
                }
                return new OutgoingHttp.Response(status, headers, new java.io.ByteArrayInputStream(
                        ready.toByteArray()), trailers);
            }
            InputStream body;
            try {
                body = call.resultBytes(WrpcHttpMapping.BODY);
            } catch (WrpcException e) {
                throw failure(id, e);
            }
            handedOn = true;
            return new OutgoingHttp.Response(status, headers, new CallBody(body, call,
                    readyTrailers.isPresent() ? null : trailers, id), trailers);
        } finally {
            if (!handedOn) {
                call.close();
            }
        }
    }

    /**
     * Copies the request body to its pending stream. A body that fails to read (the component dropped it
     * unfinished) leaves the stream unclosed, so closing the call aborts it: the provider sees a truncated body,
     * never a short one that looks complete.
     */
    private static boolean sendBody(String id, InputStream body, WrpcClientCall call) throws OutgoingHttp.Failure {
        OutputStream out;
        try {
            out = call.paramBytes(WrpcHttpMapping.BODY);
        } catch (WrpcException e) {
            throw failure(id, e);
        }
        try {
            return WrpcHttpMapping.copyBody(body, out);   // false: the provider gave up, its results say why
        } catch (IOException e) {   // reading the component's body
            throw new OutgoingHttp.Failure("internal-error", "the request body to HTTP client provider " + id
                    + " failed: " + e.getMessage());
        }
    }

    /** Sends the trailers the component finished its body with (complete by now: finish sets them first). */
    private static void sendTrailers(String id, OutgoingHttp.Request request, WrpcClientCall call)
            throws OutgoingHttp.Failure {
        List<Map.Entry<String, byte[]>> trailers;
        try {
            trailers = request.trailers().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutgoingHttp.Failure("internal-error", "interrupted waiting for the request trailers");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new OutgoingHttp.Failure("internal-error", "the request trailers to HTTP client provider " + id
                    + " failed: " + e);
        }
        try {
            call.paramFuture(WrpcHttpTypes.TRAILERS, WrpcHttpTypes.trailers(trailers));
        } catch (WrpcException e) {
            throw failure(id, e);
        }
    }

    private static OutgoingHttp.Failure failure(String id, WrpcException e) {
        if (e instanceof WrpcNoRespondersException) {
            return new OutgoingHttp.Failure("destination-unavailable", "no HTTP client provider " + id + " answers: "
                    + e.getMessage());
        }
        if (e instanceof WrpcTimeoutException) {
            return new OutgoingHttp.Failure("HTTP-response-timeout", "HTTP client provider " + id + " did not answer "
                    + "in time: " + e.getMessage());
        }
        return new OutgoingHttp.Failure("internal-error", "HTTP through provider " + id + " over wRPC failed: "
                + e.getMessage());
    }

    private static Value nanos(Optional<Duration> d) {
        return new Value.OptionValue(d.map(x -> new Value.Int(PrimitiveType.U64, x.toNanos())));
    }

    /**
     * A response body read from its wRPC stream; the call is released at the stream's end, at a read failure, or
     * when the component closes it (whichever comes first).
     */
    private static final class CallBody extends InputStream {
        private final InputStream in;
        private final WrpcClientCall call;
        /** Pending trailers, read at the body's end (null when they came ready). */
        private final CompletableFuture<List<Map.Entry<String, byte[]>>> trailers;
        private final String id;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile boolean closed;

        CallBody(InputStream in, WrpcClientCall call, CompletableFuture<List<Map.Entry<String, byte[]>>> trailers,
                String id) {
            this.in = in;
            this.call = call;
            this.trailers = trailers;
            this.id = id;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("the response body was closed");
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                release();
                throw e;
            }
            if (n < 0) {
                if (trailers != null && !trailers.isDone()) {
                    try {
                        trailers.complete(WrpcHttpTypes.trailerEntries(call.resultFuture(WrpcHttpTypes.TRAILERS)));
                    } catch (WrpcException e) {
                        trailers.completeExceptionally(failure(id, e));
                    }
                }
                release();
            }
            return n;
        }

        /** Releases the call (never waits for a reader: the component may drop the body from another thread). */
        @Override
        public void close() {
            closed = true;
            release();
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                if (trailers != null) {
                    // before the end (a failure, or the component closed the body): there will be no trailers
                    trailers.completeExceptionally(new IOException("the response body from HTTP client provider "
                            + id + " was not read to its end"));
                }
                call.close();
            }
        }
    }
}
