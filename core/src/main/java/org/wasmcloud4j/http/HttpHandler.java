package org.wasmcloud4j.http;

/** What a server runs for each request. */
public interface HttpHandler {
    /**
     * The most request-body bytes {@code head}'s request may send (its route's limit), or -1 for the server's
     * {@link HttpServerOptions#maxBodySize()}. Called on an I/O thread as soon as the head is parsed: it must not
     * block. A larger body is answered with 413 (before the handler runs when {@code content-length} says so).
     */
    default long maxBodySize(HttpRequestHead head) {
        return -1;
    }

    /**
     * Handles one request on an invocation thread (never an I/O thread); it may block. It must respond or
     * {@link HttpExchange#abort abort}: an exception it throws aborts the exchange.
     */
    void handle(HttpExchange exchange) throws Exception;
}
