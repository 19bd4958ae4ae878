package org.wasmcloud4j.lattice.nats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;

/**
 * The values of {@code wrpc:http@0.1.0} both HTTP mappings share ({@link WrpcHttpMapping} for incoming requests,
 * {@link WrpcOutgoingHttp} for outgoing ones): the functions' types from {@code wrpc-http.wit} beside this class,
 * methods, and header fields.
 */
final class WrpcHttpTypes {
    private static final String WIT;
    private static final List<String> METHODS = List.of("get", "head", "post", "put", "delete", "connect", "options",
            "trace", "patch");

    static {
        try (InputStream in = WrpcHttpTypes.class.getResourceAsStream("wrpc-http.wit")) {
            WIT = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read wrpc-http.wit", e);
        }
    }

    private WrpcHttpTypes() {
    }

    /** The type of {@code function} of {@code instance} ({@code wrpc:http/…@0.1.0}). */
    static FuncType function(String instance, String function) {
        return WitFunctions.function(WIT, instance, function);
    }

    /** A method as the {@code method} variant: a known one in upper case as its case, anything else as {@code other}. */
    static Value method(String m) {
        return METHODS.contains(m.toLowerCase(Locale.ROOT)) && m.equals(m.toUpperCase(Locale.ROOT))
                ? new Value.VariantValue(m.toLowerCase(Locale.ROOT), Optional.empty())
                : new Value.VariantValue("other", Optional.of(new Value.Str(m)));
    }

    /** The method a {@code method} variant names. */
    static String method(Value.VariantValue v) {
        if (v.caseName().equals("other")) {
            return ((Value.Str) v.payload().orElseThrow()).value();
        }
        return v.caseName().toUpperCase(Locale.ROOT);
    }

    /** {@code future<option<fields>>} sent ready with no trailers. */
    static final Value NO_TRAILERS = new Value.OptionValue(Optional.of(new Value.OptionValue(Optional.empty())));
    /** {@code future<option<fields>>} pending: the trailers follow on the future's own channel. */
    static final Value PENDING_TRAILERS = new Value.OptionValue(Optional.empty());
    /** The trailers' index in a request (param 0) and in a response (inside result 0): field 1. */
    static final org.wasmcloud4j.lattice.wrpc.IndexPath TRAILERS = org.wasmcloud4j.lattice.wrpc.IndexPath.of(0, 1);

    /** The value of a trailers future: {@code option<fields>}, none for no trailers. */
    static Value trailers(List<Map.Entry<String, byte[]>> trailers) {
        return new Value.OptionValue(trailers.isEmpty() ? Optional.empty() : Optional.of(fields(trailers)));
    }

    /** A trailers future's value ({@code option<fields>}) as entries: none is an empty list. */
    static List<Map.Entry<String, byte[]>> trailerEntries(Value optionOfFields) {
        return ((Value.OptionValue) optionOfFields).value().map(WrpcHttpTypes::entries).orElse(List.of());
    }

    /**
     * A {@code request} record without trailers; {@code body} is the whole body, or empty when it is sent pending on
     * the request's body channel.
     */
    static Value.RecordValue request(byte[] body, String method, Optional<String> pathWithQuery,
            Optional<String> scheme, Optional<String> authority, List<Map.Entry<String, byte[]>> headers) {
        return request(body, NO_TRAILERS, method, pathWithQuery, scheme, authority, headers);
    }

    /** As above, with {@code trailers} ({@link #NO_TRAILERS}, {@link #PENDING_TRAILERS}). */
    static Value.RecordValue request(byte[] body, Value trailers, String method, Optional<String> pathWithQuery,
            Optional<String> scheme, Optional<String> authority, List<Map.Entry<String, byte[]>> headers) {
        Map<String, Value> req = new LinkedHashMap<>();
        req.put("body", Value.ListValue.ofBytes(body));
        req.put("trailers", trailers);
        req.put("method", method(method));
        req.put("path-with-query", new Value.OptionValue(pathWithQuery.map(Value.Str::new)));
        req.put("scheme", new Value.OptionValue(scheme.map(WrpcHttpTypes::scheme)));
        req.put("authority", new Value.OptionValue(authority.map(Value.Str::new)));
        req.put("headers", fields(headers));
        return new Value.RecordValue(req);
    }

    /** A scheme as the {@code scheme} variant. */
    static Value scheme(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "http" -> new Value.VariantValue("HTTP", Optional.empty());
            case "https" -> new Value.VariantValue("HTTPS", Optional.empty());
            default -> new Value.VariantValue("other", Optional.of(new Value.Str(s)));
        };
    }

    /** {@code list<tuple<string, list<list<u8>>>>} → header entries, names in lower case. */
    static List<Map.Entry<String, byte[]>> entries(Value fields) {
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
    static Value fields(List<Map.Entry<String, byte[]>> headers) {
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
