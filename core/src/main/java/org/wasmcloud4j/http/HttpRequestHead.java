package org.wasmcloud4j.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The head of an HTTP request as the server parsed it.
 *
 * @param method the method as sent ({@code GET}, {@code PATCH}, an extension method)
 * @param pathWithQuery the request target as sent (origin form: path and query, not decoded)
 * @param authority the {@code Host} header, {@code null} when there is none
 * @param headers the header fields in order, names in lower case, values as sent (ISO-8859-1 bytes; copied)
 */
public record HttpRequestHead(String method, String pathWithQuery, String authority,
        List<Map.Entry<String, byte[]>> headers) {
    public HttpRequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathWithQuery, "pathWithQuery");
        headers = List.copyOf(headers);
    }

    /** The path without the query. */
    public String path() {
        int q = pathWithQuery.indexOf('?');
        return q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
    }

    /** The first value of header {@code name} (lower case), as ISO-8859-1 text, or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, byte[]> h : headers) {
            if (h.getKey().equals(name)) {
                return new String(h.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
