package org.wasmcloud4j.lattice.nats;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.http.HttpExchange;
import org.wasmcloud4j.http.HttpRequestHead;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcClientCall;
import org.wasmcloud4j.lattice.wrpc.WrpcServerCall;

/**
 * wasmCloud's mapping of {@code wasi:http/incoming-handler} onto wRPC (protocol notes §4.5): a component exporting it
 * is served as {@code wrpc:http/incoming-handler@0.1.0.handle(request) -> result<response, error-code>}, and an HTTP
 * exchange routed to a component on another host goes there the same way. The request and response records carry
 * the body as {@code stream<u8>} and the trailers as {@code future<option<fields>>}. Bodies stream both ways in chunks
 * as they are produced (pending streams on {@code params.0.0} / {@code results.0.0}). Serving, the request's
 * trailers (ready, or pending on {@code params.0.1}, read at the body's end) reach the component through
 * {@code incoming-body.finish}, and the response's go pending, on {@code results.0.1} once the body ends (none
 * unless the component set some). Calling another host, the request goes without trailers and the response's
 * trailers are handed to the exchange ({@link HttpExchange#responseTrailers}). The types are in
 * {@code wrpc-http.wit} beside this class.
 */
final class WrpcHttpMapping {
    static final String INSTANCE = "wrpc:http/incoming-handler@0.1.0";
    static final String FUNCTION = "handle";
    static final FuncType HANDLE = WrpcHttpTypes.function(INSTANCE, FUNCTION);
    /** The body's index in a request (param 0) and in a response (inside result 0): field 0. */
    static final IndexPath BODY = IndexPath.of(0, 0);

    private WrpcHttpMapping() {
    }

    /** Whether an export is {@code wasi:http/incoming-handler} at a 0.2 version. */
    static boolean isIncomingHandler(String instance) {
        return instance.startsWith("wasi:http/incoming-handler@0.2");
    }

    // ------------------------------------------------------------------------------------------ serving side

    /**
     * Runs one {@code wrpc:http} request through {@code target}'s HTTP handler. The request body is read from its
     * channel as the component reads it; the response (status, headers, body pending, no trailers) goes out when the
     * component starts it, and its body as the component writes it. A component that fails before responding gets
     * {@code err(internal-error)}; one that fails while writing the body has its body stream aborted (the caller sees
     * a truncated body, never a silently short one).
     */
    static void serve(Lattice.Target target, WrpcServerCall call) throws IOException {
        Value.RecordValue req = (Value.RecordValue) call.params().get(0);
        Map<String, Value> f = req.fields();
        String method = WrpcHttpTypes.method((Value.VariantValue) f.get("method"));
        String path = ((Value.OptionValue) f.get("path-with-query")).value().map(v -> ((Value.Str) v).value())
                .orElse("/");
        String authority = ((Value.OptionValue) f.get("authority")).value().map(v -> ((Value.Str) v).value())
                .orElse(null);
        List<Map.Entry<String, byte[]>> headers = WrpcHttpTypes.entries(f.get("headers"));
        Value.ListValue body = (Value.ListValue) f.get("body");
        InputStream in = body.elements().isEmpty() ? call.paramBytes(BODY)   // pending: streamed
                : new ByteArrayInputStream(body.toByteArray());                   // sent ready, whole
        CompletableFuture<List<Map.Entry<String, byte[]>>> trailers = new CompletableFuture<>();
        Optional<Value> readyTrailers = ((Value.OptionValue) f.get("trailers")).value();
        readyTrailers.ifPresent(t -> trailers.complete(WrpcHttpTypes.trailerEntries(t)));
        StreamingExchange exchange = new StreamingExchange(new HttpRequestHead(method, path, authority, headers),
                new TrailedBody(in, readyTrailers.isPresent() ? null : call, trailers), trailers, call);
        target.handleHttp(exchange);
        if (exchange.status < 0) {
            String why = exchange.failure != null ? String.valueOf(exchange.failure.getMessage())
                    : "the component sent no response";
            call.sendResults(List.of(Value.ResultValue.err(new Value.VariantValue("internal-error",
                    Optional.of(new Value.OptionValue(Optional.of(new Value.Str(why))))))));
        } else if (exchange.failure != null) {
            throw new IOException("the component failed while writing its response body", exchange.failure);
        }
    }

    /** An exchange whose request body streams from the wRPC call and whose response streams back on it. */
    private static final class StreamingExchange implements HttpExchange {
        private final HttpRequestHead head;
        private final InputStream body;
        private final CompletableFuture<List<Map.Entry<String, byte[]>>> requestTrailers;
        private final WrpcServerCall call;
        private volatile List<Map.Entry<String, byte[]>> responseTrailers = List.of();
        int status = -1;
        Throwable failure;

        StreamingExchange(HttpRequestHead head, InputStream body,
                CompletableFuture<List<Map.Entry<String, byte[]>>> requestTrailers, WrpcServerCall call) {
            this.head = head;
            this.body = body;
            this.requestTrailers = requestTrailers;
            this.call = call;
        }

        @Override
        public CompletableFuture<List<Map.Entry<String, byte[]>>> requestTrailers() {
            return requestTrailers;
        }

        @Override
        public void responseTrailers(List<Map.Entry<String, byte[]>> trailers) {
            responseTrailers = List.copyOf(trailers);
        }

        @Override
        public HttpRequestHead request() {
            return head;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public OutputStream respond(int status, List<Map.Entry<String, byte[]>> headers, long contentLength)
                throws IOException {
            if (this.status >= 0) {
                throw new IllegalStateException("the response was already started");
            }
            this.status = status;
            Map<String, Value> resp = new LinkedHashMap<>();
            resp.put("body", Value.ListValue.ofBytes(new byte[0]));   // pending: the body follows on results.0.0
            resp.put("trailers", WrpcHttpTypes.PENDING_TRAILERS);      // and the trailers on results.0.1 after it
            resp.put("status", new Value.Int(PrimitiveType.U16, status));
            resp.put("headers", WrpcHttpTypes.fields(headers));
            try {
                call.sendResults(List.of(Value.ResultValue.ok(new Value.RecordValue(resp))));
                OutputStream out = call.resultBytes(BODY);
                return new java.io.FilterOutputStream(out) {
                    private boolean closed;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    /** Ends the body, then sends the trailers the component finished it with. */
                    @Override
                    public void close() throws IOException {
                        if (closed) {
                            return;
                        }
                        closed = true;
                        out.close();
                        try {
                            call.resultFuture(WrpcHttpTypes.TRAILERS, WrpcHttpTypes.trailers(responseTrailers));
                        } catch (RuntimeException e) {
                            throw new IOException("sending the trailers to the wRPC caller: " + e.getMessage(), e);
                        }
                    }
                };
            } catch (RuntimeException e) {
                throw new IOException("the wRPC caller is gone: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean responded() {
            return status >= 0;
        }

        @Override
        public void abort(Throwable cause) {
            failure = cause == null ? new IOException("aborted") : cause;
        }
    }

    // ------------------------------------------------------------------------------------------ calling side

    /**
     * Sends {@code exchange} to component {@code id} on another host and writes its answer back, both bodies streamed
     * in chunks as they are read (memory per exchange: a few chunks, whatever the body's size). A request body that
     * fails to read aborts the wRPC body stream (the component sees a truncated body); a response body that breaks
     * off aborts the exchange.
     */
    static void call(WrpcClient client, String id, HttpExchange exchange) throws IOException {
        HttpRequestHead head = exchange.request();
        // the body is pending: streamed on params.0.0
        // the body is pending on params.0.0, the trailers on params.0.1 once the body has been read to its end
        Value.RecordValue req = WrpcHttpTypes.request(new byte[0], WrpcHttpTypes.PENDING_TRAILERS, head.method(),
                Optional.of(head.pathWithQuery()), Optional.of("http"), Optional.ofNullable(head.authority()),
                head.headers());
        WrpcClientCall call;
        try {
            call = client.start(id, INSTANCE, FUNCTION, HANDLE, List.of(req),
                    InvokeOptions.defaults());
        } catch (RuntimeException e) {
            throw new HostException("HTTP to " + id + " over wRPC failed: " + e.getMessage(), e);
        }
        try (call) {
            try {
                if (sendBody(exchange.body(), call)) {
                    sendRequestTrailers(exchange, call);
                }
            } catch (RuntimeException e) {   // no handshake: no responders, timeout
                throw new HostException("HTTP to " + id + " over wRPC failed: " + e.getMessage(), e);
            }
            List<Value> results;
            try {
                results = call.results();
            } catch (RuntimeException e) {
                throw new HostException("HTTP to " + id + " over wRPC failed: " + e.getMessage(), e);
            }
            Value.ResultValue r = (Value.ResultValue) results.get(0);
            if (!r.isOk()) {
                Value.VariantValue code = (Value.VariantValue) r.payload().orElseThrow();
                throw new HostException("component " + id + " answered the HTTP request with error-code "
                        + code.caseName());
            }
            Map<String, Value> resp = ((Value.RecordValue) r.payload().orElseThrow()).fields();
            int status = (int) ((Value.Int) resp.get("status")).value();
            Value.ListValue ready = (Value.ListValue) resp.get("body");
            List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
            for (Map.Entry<String, byte[]> h : WrpcHttpTypes.entries(resp.get("headers"))) {
                String name = h.getKey();
                if (!name.equals("content-length") && !name.equals("transfer-encoding")) {   // the server frames it
                    headers.add(h);
                }
            }
            Optional<Value> readyTrailers = ((Value.OptionValue) resp.get("trailers")).value();
            if (!ready.elements().isEmpty()) {   // sent ready, whole
                byte[] out = ready.toByteArray();
                try (OutputStream sink = exchange.respond(status, headers, out.length)) {
                    sink.write(out);
                    forwardTrailers(id, readyTrailers, call, exchange);
                }
                return;
            }
            InputStream in = call.resultBytes(BODY);
            OutputStream sink = exchange.respond(status, headers, -1);
            byte[] buf = new byte[64 << 10];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {   // the body broke off on the wRPC side: the HTTP client must see that
                    exchange.abort(e);
                    throw new HostException("the response body from " + id + " over wRPC broke off: "
                            + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                sink.write(buf, 0, n);
            }
            forwardTrailers(id, readyTrailers, call, exchange);
            sink.close();
        }
    }

    /** Hands the response's trailers (ready, or read from {@code results.0.1}) to the exchange, if there are any. */
    private static void forwardTrailers(String id, Optional<Value> ready, WrpcClientCall call, HttpExchange exchange) {
        List<Map.Entry<String, byte[]>> trailers;
        try {
            trailers = WrpcHttpTypes.trailerEntries(ready.isPresent() ? ready.get()
                    : call.resultFuture(WrpcHttpTypes.TRAILERS));
        } catch (RuntimeException e) {
            throw new HostException("the response trailers from " + id + " over wRPC failed: " + e.getMessage(), e);
        }
        if (!trailers.isEmpty()) {
            exchange.responseTrailers(trailers);
        }
    }

    /**
     * A request body whose pending trailers (on {@code params.0.1}) are read when the body has been read to its
     * end; closed or failed before that, the trailers fail (the component's {@code future-trailers} gets an
     * error-code, it never waits for trailers that cannot come).
     */
    private static final class TrailedBody extends InputStream {
        private final InputStream in;
        /** The call to read pending trailers from, null when they came ready. */
        private final WrpcServerCall call;
        private final CompletableFuture<List<Map.Entry<String, byte[]>>> trailers;

        TrailedBody(InputStream in, WrpcServerCall call, CompletableFuture<List<Map.Entry<String, byte[]>>> trailers) {
            this.in = in;
            this.call = call;
            this.trailers = trailers;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                trailers.completeExceptionally(e);
                throw e;
            }
            if (n < 0 && call != null && !trailers.isDone()) {
                try {
                    trailers.complete(WrpcHttpTypes.trailerEntries(call.paramFuture(WrpcHttpTypes.TRAILERS)));
                } catch (RuntimeException e) {
                    trailers.completeExceptionally(e);
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            trailers.completeExceptionally(new IOException("the request body was not read to its end"));
            in.close();
        }
    }

    /** Streams the request body; a failure reading it leaves the stream unclosed, so closing the call aborts it. */
    /** Streams the request body; false when the server gave up on the call before its end (its results say why). */
    private static boolean sendBody(InputStream body, WrpcClientCall call) throws IOException {
        return copyBody(body, call.paramBytes(BODY));
    }

    /**
     * Copies {@code body} to a call's pending body stream {@code out} in chunks and closes it; false when the peer gave
     * up on the call (a write or the close failed: its results say why). A failure reading {@code body} propagates and
     * leaves {@code out} open, so closing the call aborts the stream (the peer sees a truncated body).
     */
    static boolean copyBody(InputStream body, OutputStream out) throws IOException {
        byte[] buf = new byte[64 << 10];
        while (true) {
            int n = body.read(buf);
            if (n < 0) {
                break;
            }
            try {
                out.write(buf, 0, n);
                if (body.available() == 0) {
                    out.flush();   // nothing more ready: what came goes now (a duplex peer may be waiting for it)
                }
            } catch (IOException e) {
                return false;
            }
        }
        try {
            out.close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends the request's trailers (complete once its body was read to the end, which it just was) on
     * {@code params.0.1}; trailers the server cannot give are sent as none.
     */
    private static void sendRequestTrailers(HttpExchange exchange, WrpcClientCall call) {
        List<Map.Entry<String, byte[]>> trailers;
        try {
            trailers = exchange.requestTrailers().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            trailers = List.of();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            trailers = List.of();
        }
        call.paramFuture(WrpcHttpTypes.TRAILERS, WrpcHttpTypes.trailers(trailers));
    }
}
