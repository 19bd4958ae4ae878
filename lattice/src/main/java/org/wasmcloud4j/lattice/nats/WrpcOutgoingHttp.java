package org.wasmcloud4j.lattice.nats;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.http.OutgoingHttp;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcException;
import org.wasmcloud4j.lattice.wrpc.WrpcNoRespondersException;
import org.wasmcloud4j.lattice.wrpc.WrpcTimeoutException;

/**
 * wasmCloud's mapping of {@code wasi:http/outgoing-handler} onto wRPC (protocol notes §4.5): a component's outgoing
 * request, linked to an HTTP client provider on another host, is sent as
 * {@code wrpc:http/outgoing-handler@0.1.0.handle(request, options: option<request-options>) -> result<response,
 * error-code>} (types in {@code wrpc-http.wit} beside this class). The body goes whole as the request's
 * {@code stream<u8>}, no trailers; the response comes back whole.
 */
final class WrpcOutgoingHttp {
    static final String INSTANCE = "wrpc:http/outgoing-handler@0.1.0";
    static final String FUNCTION = "handle";
    static final FuncType HANDLE = WrpcHttpTypes.function(INSTANCE, FUNCTION);

    private WrpcOutgoingHttp() {
    }

    /** Sends {@code request} to HTTP client provider {@code id} for {@code caller}; the whole response. */
    static OutgoingHttp.Response send(WrpcClient client, String id, Lattice.Caller caller, OutgoingHttp.Request request)
            throws OutgoingHttp.Failure {
        Value.RecordValue req = WrpcHttpTypes.request(request.body(), request.method(), request.pathWithQuery(),
                request.scheme(), request.authority(), request.headers());
        Map<String, Value> options = new LinkedHashMap<>();
        options.put("connect-timeout", nanos(request.connectTimeout()));
        options.put("first-byte-timeout", nanos(request.firstByteTimeout()));
        options.put("between-bytes-timeout", nanos(request.betweenBytesTimeout()));
        boolean anyOption = request.connectTimeout().isPresent() || request.firstByteTimeout().isPresent()
                || request.betweenBytesTimeout().isPresent();
        List<Value> results;
        try {
            results = client.invoke(id, INSTANCE, FUNCTION, HANDLE, List.of(req,
                    new Value.OptionValue(anyOption ? Optional.of(new Value.RecordValue(options)) : Optional.empty())),
                    InvokeOptions.builder().sourceId(caller.sourceId()).linkName(caller.linkName()).build());
        } catch (WrpcNoRespondersException e) {
            throw new OutgoingHttp.Failure("destination-unavailable", "no HTTP client provider " + id + " answers: "
                    + e.getMessage());
        } catch (WrpcTimeoutException e) {
            throw new OutgoingHttp.Failure("HTTP-response-timeout", "HTTP client provider " + id + " did not answer "
                    + "in time: " + e.getMessage());
        } catch (WrpcException e) {
            throw new OutgoingHttp.Failure("internal-error", "HTTP through provider " + id + " over wRPC failed: "
                    + e.getMessage());
        }
        Value.ResultValue r = (Value.ResultValue) results.get(0);
        if (!r.isOk()) {
            Value.VariantValue code = (Value.VariantValue) r.payload().orElseThrow();
            throw new OutgoingHttp.Failure(code.caseName(), "HTTP client provider " + id + " answered with error-code "
                    + code.caseName() + code.payload().map(p -> " " + p).orElse(""));
        }
        Map<String, Value> resp = ((Value.RecordValue) r.payload().orElseThrow()).fields();
        int status = (int) ((Value.Int) resp.get("status")).value();
        if (status < 100 || status > 999) {
            throw new OutgoingHttp.Failure("HTTP-protocol-error", "HTTP client provider " + id + " answered with "
                    + "status " + status);
        }
        return new OutgoingHttp.Response(status, WrpcHttpTypes.entries(resp.get("headers")),
                ((Value.ListValue) resp.get("body")).toByteArray());
    }

    private static Value nanos(Optional<Duration> d) {
        return new Value.OptionValue(d.map(x -> new Value.Int(PrimitiveType.U64, x.toNanos())));
    }
}
