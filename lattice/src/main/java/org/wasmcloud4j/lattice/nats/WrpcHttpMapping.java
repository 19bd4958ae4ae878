package org.wasmcloud4j.lattice.nats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.http.HttpExchange;
import org.wasmcloud4j.http.HttpRequestHead;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;

/**
 * wasmCloud's mapping of {@code wasi:http/incoming-handler} onto wRPC (protocol notes §4.5): a component exporting it
 * is served as {@code wrpc:http/incoming-handler@0.1.0.handle(request) -> result<response, error-code>}, and an HTTP
 * exchange routed to a component on another host goes there the same way. The request and response records carry
 * the body as {@code stream<u8>} and the trailers as {@code future<option<fields>>}; bodies are held whole, bounded
 * by the wRPC buffer limit (16 MiB), and trailers are not carried. The types are in {@code wrpc-http.wit} beside this
 * class.
 */
final class WrpcHttpMapping {
    static final String INSTANCE = "wrpc:http/incoming-handler@0.1.0";
    static final String FUNCTION = "handle";
    static final FuncType HANDLE;
    /** The largest request body sent to another host (the wRPC server's default buffer bound). */
    static final int MAX_BODY = 16 << 20;
    private static final List<String> METHODS = List.of("get", "head", "post", "put", "delete", "connect", "options",
            "trace", "patch");

    static {
        try (InputStream in = WrpcHttpMapping.class.getResourceAsStream("wrpc-http.wit")) {
            HANDLE = WitFunctions.function(new String(in.readAllBytes(), StandardCharsets.UTF_8), INSTANCE, FUNCTION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read wrpc-http.wit", e);
        }
    }

    private WrpcHttpMapping() {
    }

    /** Whether an export is {@code wasi:http/incoming-handler} at a 0.2 version. */
    static boolean isIncomingHandler(String instance) {
        return instance.startsWith("wasi:http/incoming-handler@0.2");
    }

    // ------------------------------------------------------------------------------------------ serving side

    /** Runs one {@code wrpc:http} request through {@code target}'s HTTP handler; the result value. */
    static List<Value> serve(Lattice.Target target, List<Value> params) throws IOException {
        Value.RecordValue req = (Value.RecordValue) params.get(0);
        Map<String, Value> f = req.fields();
        String method = method((Value.VariantValue) f.get("method"));
        String path = ((Value.OptionValue) f.get("path-with-query")).value().map(v -> ((Value.Str) v).value())
                .orElse("/");
        String authority = ((Value.OptionValue) f.get("authority")).value().map(v -> ((Value.Str) v).value())
                .orElse(null);
        List<Map.Entry<String, byte[]>> headers = fromFields(f.get("headers"));
        byte[] body = ((Value.ListValue) f.get("body")).toByteArray();
        BufferedExchange exchange = new BufferedExchange(new HttpRequestHead(method, path, authority, headers), body);
        target.handleHttp(exchange);
        if (exchange.failure != null || exchange.status < 0) {
            String why = exchange.failure != null ? String.valueOf(exchange.failure.getMessage())
                    : "the component sent no response";
            return List.of(Value.ResultValue.err(new Value.VariantValue("internal-error",
                    Optional.of(new Value.OptionValue(Optional.of(new Value.Str(why)))))));
        }
        Map<String, Value> resp = new LinkedHashMap<>();
        resp.put("body", Value.ListValue.ofBytes(exchange.out.toByteArray()));
        resp.put("trailers", new Value.OptionValue(Optional.of(new Value.OptionValue(Optional.empty()))));
        resp.put("status", new Value.Int(PrimitiveType.U16, exchange.status));
        resp.put("headers", toFields(exchange.responseHeaders));
        return List.of(Value.ResultValue.ok(new Value.RecordValue(resp)));
    }

    private static String method(Value.VariantValue v) {
        if (v.caseName().equals("other")) {
            return ((Value.Str) v.payload().orElseThrow()).value();
        }
        return v.caseName().toUpperCase(Locale.ROOT);
    }

    /** An exchange whose request is in memory and whose response is collected (for the wRPC reply). */
    private static final class BufferedExchange implements HttpExchange {
        private final HttpRequestHead head;
        private final InputStream body;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = -1;
        List<Map.Entry<String, byte[]>> responseHeaders = List.of();
        Throwable failure;

        BufferedExchange(HttpRequestHead head, byte[] body) {
            this.head = head;
            this.body = new ByteArrayInputStream(body);
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
        public OutputStream respond(int status, List<Map.Entry<String, byte[]>> headers, long contentLength) {
            if (this.status >= 0) {
                throw new IllegalStateException("the response was already started");
            }
            this.status = status;
            this.responseHeaders = List.copyOf(headers);
            return out;
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

    /** Sends {@code exchange} to component {@code id} on another host and writes its answer back. */
    static void call(WrpcClient client, String id, HttpExchange exchange) throws IOException {
        HttpRequestHead head = exchange.request();
        byte[] body = exchange.body().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            exchange.respondText(413, "request body over " + MAX_BODY + " bytes cannot be sent to " + id + "\n");
            return;
        }
        Map<String, Value> req = new LinkedHashMap<>();
        req.put("body", Value.ListValue.ofBytes(body));
        req.put("trailers", new Value.OptionValue(Optional.of(new Value.OptionValue(Optional.empty()))));
        String m = head.method();
        req.put("method", METHODS.contains(m.toLowerCase(Locale.ROOT)) && m.equals(m.toUpperCase(Locale.ROOT))
                ? new Value.VariantValue(m.toLowerCase(Locale.ROOT), Optional.empty())
                : new Value.VariantValue("other", Optional.of(new Value.Str(m))));
        req.put("path-with-query", new Value.OptionValue(Optional.of(new Value.Str(head.pathWithQuery()))));
        req.put("scheme", new Value.OptionValue(Optional.of(new Value.VariantValue("HTTP", Optional.empty()))));
        req.put("authority", new Value.OptionValue(Optional.ofNullable(head.authority()).map(Value.Str::new)));
        req.put("headers", toFields(head.headers()));
        List<Value> results;
        try {
            results = client.invoke(id, INSTANCE, FUNCTION, HANDLE, List.of(new Value.RecordValue(req)),
                    InvokeOptions.defaults());
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
        byte[] out = ((Value.ListValue) resp.get("body")).toByteArray();
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        for (Map.Entry<String, byte[]> h : fromFields(resp.get("headers"))) {
            String name = h.getKey();
            if (!name.equals("content-length") && !name.equals("transfer-encoding")) {   // the server frames it
                headers.add(h);
            }
        }
        try (OutputStream sink = exchange.respond(status, headers, out.length)) {
            sink.write(out);
        }
    }

    // ------------------------------------------------------------------------------------------ fields

    /** {@code list<tuple<string, list<list<u8>>>>} → header entries, names in lower case. */
    private static List<Map.Entry<String, byte[]>> fromFields(Value fields) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (Value e : ((Value.ListValue) fields).elements()) {
            List<Value> pair = ((Value.TupleValue) e).elements();
            String name = ((Value.Str) pair.get(0)).value().toLowerCase(Locale.ROOT);
            for (Value v : ((Value.ListValue) pair.get(1)).elements()) {
                out.add(Map.entry(name, ((Value.ListValue) v).toByteArray()));
            }
        }
        return out;
    }

    /** Header entries → {@code fields}, the values of one name together in their order. */
    private static Value toFields(List<Map.Entry<String, byte[]>> headers) {
        Map<String, List<Value>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> h : headers) {
            byName.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(Value.ListValue.ofBytes(h.getValue()));
        }
        List<Value> out = new ArrayList<>();
        byName.forEach((name, values) -> out.add(new Value.TupleValue(List.of(new Value.Str(name),
                new Value.ListValue(values)))));
        return new Value.ListValue(out);
    }
}
