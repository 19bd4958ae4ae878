package org.wasmcloud4j.wasi;

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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:http} for serving: {@code wasi:http/types} (fields, incoming requests and bodies, outgoing responses
 * and bodies, response out-parameters) on a {@link Linker}, and a server that runs each HTTP request through a
 * fresh instance of an {@code wasi:http/incoming-handler} component on the JDK's HTTP server; outgoing requests
 * ({@code wasi:http/outgoing-handler}) go through the JDK HTTP client, only to authorities the
 * {@link WasiConfig} allows ({@link WasiConfig.Builder#allowHttp}).
 *
 * <pre>{@code
 * WasiHttp http = WasiHttp.addToLinker(linker, WasiConfig.builder().build());
 * HttpServer server = http.serve(linker.instantiatePre(component), new InetSocketAddress("127.0.0.1", 8080));
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

    record IncomingRequest(String method, String pathWithQuery, String authority, Fields headers, byte[] body) {}

    static final class IncomingBody {
        final byte[] bytes;
        boolean streamed;

        IncomingBody(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    static final class OutgoingBody {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean written;
        boolean finished;
    }

    static final class OutgoingResponse {
        int status = 200;
        final Fields headers;
        OutgoingBody body;

        OutgoingResponse(Fields headers) {
            this.headers = headers;
        }
    }

    /** Where a handler puts its response (or error). */
    static final class ResponseOutparam {
        OutgoingResponse response;
        String error;
        boolean set;
    }

    static final class OutgoingRequest {
        String method = "GET";
        String scheme = "http";
        String authority;
        String pathWithQuery = "/";
        final Fields headers;
        OutgoingBody body;

        OutgoingRequest(Fields headers) {
            this.headers = headers;
        }
    }

    record IncomingResponse(int status, Fields headers, byte[] body) {}

    /** A finished outgoing request: its response or its error-code, handed out once. */
    static final class FutureResponse {
        final IncomingResponse response;
        final Value errorCode;
        boolean taken;

        FutureResponse(IncomingResponse response, Value errorCode) {
            this.response = response;
            this.errorCode = errorCode;
        }
    }

    private final HostResource<Fields> fields;
    private final HostResource<IncomingRequest> requests;
    private final HostResource<ResponseOutparam> outparams;

    private WasiHttp(HostResource<Fields> fields, HostResource<IncomingRequest> requests,
            HostResource<ResponseOutparam> outparams) {
        this.fields = fields;
        this.requests = requests;
        this.outparams = outparams;
    }

    /** Defines WASI ({@link Wasi#addToLinker}) and {@code wasi:http/types} on {@code linker}. */
    public static WasiHttp addToLinker(Linker linker, WasiConfig config) {
        Wasi.Shared io = Wasi.define(linker, config);
        String types = Wasi.iface("wasi:http/types");
        HostResource<Fields> fields = linker.defineResource(types, "fields", f -> { });
        HostResource<IncomingRequest> requests = linker.defineResource(types, "incoming-request", r -> { });
        HostResource<IncomingBody> incomingBodies = linker.defineResource(types, "incoming-body", b -> { });
        HostResource<Object> futureTrailers = linker.defineResource(types, "future-trailers", t -> { });
        HostResource<OutgoingResponse> responses = linker.defineResource(types, "outgoing-response", r -> { });
        HostResource<OutgoingBody> outgoingBodies = linker.defineResource(types, "outgoing-body", b -> { });
        HostResource<ResponseOutparam> outparams = linker.defineResource(types, "response-outparam", o -> { });

        linker.defineFunction(types, "http-error-code", a -> none());
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
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
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
                a -> ok(incomingBodies.create(new IncomingBody(requests.get(a.get(0)).body()))));
        linker.defineFunction(types, "[method]incoming-body.stream", a -> {
            IncomingBody b = incomingBodies.get(a.get(0));
            if (b.streamed) {
                return WasiValues.err(new Value.TupleValue(List.of()));
            }
            b.streamed = true;
            return ok(io.inputs().create(InputSource.of(new ByteArrayInputStream(b.bytes))));
        });
        linker.defineFunction(types, "[static]incoming-body.finish", a -> futureTrailers.create(new Object()));
        linker.defineFunction(types, "[method]future-trailers.get",
                a -> some(ok(ok(none()))));
        linker.defineFunction(types, "[method]future-trailers.subscribe",
                a -> io.pollables().create(Wasi.Pollable.READY));

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
            return ok(io.outputs().create(b.buffer));
        });
        linker.defineFunction(types, "[static]outgoing-body.finish", a -> {
            outgoingBodies.get(a.get(0)).finished = true;
            dropOwned(a.get(0));
            ((Value.OptionValue) a.get(1)).value().ifPresent(WasiHttp::dropOwned);
            return OK;
        });
        linker.defineFunction(types, "[static]response-outparam.set", a -> {
            ResponseOutparam o = outparams.get(a.get(0));
            Value.ResultValue r = (Value.ResultValue) a.get(1);
            o.set = true;
            if (r.isOk()) {
                o.response = responses.get(r.payload().orElseThrow());
                dropOwned(r.payload().orElseThrow());
            } else {
                o.error = Wave(r.payload().orElseThrow());
            }
            dropOwned(a.get(0));
            return null;
        });
        outgoing(linker, config, types, io, fields, incomingBodies, outgoingBodies);
        return new WasiHttp(fields, requests, outparams);
    }

    private static Value errorCode(String c) {
        return new Value.VariantValue(c, Optional.empty());
    }

    private static void outgoing(Linker linker, WasiConfig config, String types, Wasi.Shared io,
            HostResource<Fields> fields, HostResource<IncomingBody> incomingBodies,
            HostResource<OutgoingBody> outgoingBodies) {
        HostResource<OutgoingRequest> oreqs = linker.defineResource(types, "outgoing-request", r -> { });
        HostResource<Object> options = linker.defineResource(types, "request-options", o -> { });
        HostResource<FutureResponse> futures = linker.defineResource(types, "future-incoming-response", f -> { });
        HostResource<IncomingResponse> iresps = linker.defineResource(types, "incoming-response", r -> { });
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
            }).orElse("http");
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-request.set-authority", a -> {
            oreqs.get(a.get(0)).authority = ((Value.OptionValue) a.get(1)).value()
                    .map(v -> ((Value.Str) v).value()).orElse(null);
            return OK;
        });
        linker.defineFunction(types, "[method]outgoing-request.set-path-with-query", a -> {
            oreqs.get(a.get(0)).pathWithQuery = ((Value.OptionValue) a.get(1)).value()
                    .map(v -> ((Value.Str) v).value()).orElse("/");
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
        linker.defineFunction(types, "[constructor]request-options", a -> options.create(new Object()));
        linker.defineFunction(Wasi.iface("wasi:http/outgoing-handler"), "handle", a -> {
            OutgoingRequest r = oreqs.get(a.get(0));
            dropOwned(a.get(0));
            ((Value.OptionValue) a.get(1)).value().ifPresent(WasiHttp::dropOwned);
            if (r.authority == null || !config.allowsHttp(r.authority)) {
                return err(errorCode("HTTP-request-denied"));
            }
            return ok(futures.create(send(r)));
        });
        linker.defineFunction(types, "[method]future-incoming-response.subscribe",
                a -> io.pollables().create(Wasi.Pollable.READY));
        linker.defineFunction(types, "[method]future-incoming-response.get", a -> {
            FutureResponse f = futures.get(a.get(0));
            if (f.taken) {
                return some(ERR);
            }
            f.taken = true;
            Value inner = f.response != null ? ok(iresps.create(f.response)) : err(f.errorCode);
            return some(ok(inner));
        });
        linker.defineFunction(types, "[method]incoming-response.status",
                a -> new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U16, iresps.get(a.get(0)).status()));
        linker.defineFunction(types, "[method]incoming-response.headers",
                a -> fields.create(iresps.get(a.get(0)).headers().copy(true)));
        linker.defineFunction(types, "[method]incoming-response.consume",
                a -> ok(incomingBodies.create(new IncomingBody(iresps.get(a.get(0)).body()))));
    }

    private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    /** Sends an outgoing request with the JDK client, synchronously. */
    private static FutureResponse send(OutgoingRequest r) {
        try {
            java.net.URI uri = java.net.URI.create(r.scheme + "://" + r.authority + r.pathWithQuery);
            byte[] body = r.body == null ? new byte[0] : r.body.buffer.toByteArray();
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri).method(r.method,
                    body.length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, byte[]> h : r.headers.entries) {
                try {
                    b.header(h.getKey(), new String(h.getValue(), StandardCharsets.ISO_8859_1));
                } catch (IllegalArgumentException restricted) {
                    // headers the JDK client sets itself (host, content-length, ...) are left to it
                }
            }
            java.net.http.HttpResponse<byte[]> resp = CLIENT.send(b.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            Fields headers = new Fields(true);
            resp.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.entries.add(
                    new AbstractMap.SimpleImmutableEntry<>(k.toLowerCase(Locale.ROOT),
                            v.getBytes(StandardCharsets.ISO_8859_1)))));
            return new FutureResponse(new IncomingResponse(resp.statusCode(), headers, resp.body()), null);
        } catch (java.net.ConnectException e) {
            return new FutureResponse(null, errorCode("connection-refused"));
        } catch (IllegalArgumentException e) {
            return new FutureResponse(null, errorCode("HTTP-request-URI-invalid"));
        } catch (IOException e) {
            return new FutureResponse(null, new Value.VariantValue("internal-error",
                    Optional.of(some(str(String.valueOf(e.getMessage()))))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FutureResponse(null, errorCode("connection-terminated"));
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
        try (Instance instance = pre.instantiate()) {
            Func handle = instance.func("wasi:http/incoming-handler@0.2.0", "handle").orElseThrow(() ->
                    new IllegalArgumentException("the component does not export wasi:http/incoming-handler@0.2.x"));
            Fields h = new Fields(true);
            h.entries.addAll(headers);
            ResponseOutparam out = new ResponseOutparam();
            handle.call(requests.create(new IncomingRequest(method, pathWithQuery, authority, h, body)),
                    outparams.create(out));
            if (!out.set) {
                throw new Trap("the component did not set a response");
            }
            if (out.response == null) {
                throw new Trap("the component answered with an error: " + out.error);
            }
            OutgoingResponse r = out.response;
            byte[] bytes = r.body == null ? new byte[0] : r.body.buffer.toByteArray();
            return new Response(r.status, List.copyOf(r.headers.entries), bytes);
        }
    }

    /**
     * Serves {@code pre} on {@code address} with the JDK's HTTP server: each request runs in a fresh instance; a
     * trap answers 500. The server is started; stop it with {@link HttpServer#stop(int)}. Run the JVM with
     * {@code -Dsun.net.httpserver.nodelay=true}: without it the JDK server waits for delayed TCP ACKs (about 40 ms
     * per request).
     */
    public HttpServer serve(InstancePre pre, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.setExecutor(Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors())));
        server.createContext("/", exchange -> respond(pre, exchange));
        server.start();
        return server;
    }

    private void respond(InstancePre pre, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
            exchange.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> headers.add(
                    new AbstractMap.SimpleImmutableEntry<>(k.toLowerCase(Locale.ROOT),
                            v.getBytes(StandardCharsets.ISO_8859_1)))));
            String uri = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Response r;
            try {
                r = handle(pre, exchange.getRequestMethod(), uri, exchange.getRequestHeaders().getFirst("Host"),
                        headers, body);
            } catch (RuntimeException e) {
                byte[] msg = ("component failed: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, msg.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(msg);
                }
                return;
            }
            r.headers().forEach(e -> exchange.getResponseHeaders().add(e.getKey(),
                    new String(e.getValue(), StandardCharsets.ISO_8859_1)));
            exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(r.body());
                }
            }
        }
    }
}
