package org.wasmcloud4j.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request and its response, as a server hands it to a {@link HttpHandler}: the request's head and body
 * source in, the response's head and body sink out. Used from one invocation thread at a time; reads and writes
 * may block (the server applies back-pressure).
 */
public interface HttpExchange {
    /** The request's method, target and header fields. */
    HttpRequestHead request();

    /**
     * The request body as it arrives, never collected first. A read fails with an {@link IOException} when the
     * body exceeds the route's limit or the client goes away.
     */
    InputStream body();

    /**
     * Sends the response's status line and header fields and returns the sink of its body; closing the sink ends
     * the response. Called at most once.
     *
     * @param status the status code (100–999)
     * @param headers header fields in order (names as given; values ISO-8859-1 bytes)
     * @param contentLength the body's length when known (it is then sent as {@code content-length}), else -1
     *        (chunked, or until the connection closes for HTTP/1.0)
     * @throws IllegalArgumentException for a header field that cannot be sent (bad name, CR or LF in a value)
     * @throws IOException when the client went away
     * @throws IllegalStateException when a response was already started
     */
    OutputStream respond(int status, List<Map.Entry<String, byte[]>> headers, long contentLength) throws IOException;

    /** Whether {@link #respond} was called: the status line may be on its way. */
    boolean responded();

    /**
     * Ends the exchange as failed: before a response, the server answers 500; after, the response is cut off (the
     * connection is closed without the rest of the body or the chunked terminator) so the client sees an
     * incomplete message, never a clean one.
     */
    void abort(Throwable cause);

    /**
     * The request's trailer fields: completes once the body has been read to its end (an empty list when there are
     * none), and fails when they cannot be had (the body was not read to its end, the transfer broke off). Servers
     * without trailers keep this default: none.
     */
    default java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> requestTrailers() {
        return java.util.concurrent.CompletableFuture.completedFuture(List.of());
    }

    /**
     * Gives the response's trailer fields (names in lower case), to be sent after the body: called once, before the
     * body sink is closed, and only when the component set trailers. Servers that cannot send trailers keep this
     * default, which drops them.
     */
    default void responseTrailers(List<Map.Entry<String, byte[]>> trailers) {
    }

    /** Answers with a short plain-text body (for errors the host itself produces). */
    default void respondText(int status, String text) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (OutputStream out = respond(status, List.of(Map.entry("content-type",
                "text/plain; charset=utf-8".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))), b.length)) {
            out.write(b);
        }
    }
}
