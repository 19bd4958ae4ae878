package org.wasmcloud4j.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a component's outgoing HTTP requests ({@code wasi:http/outgoing-handler}) go instead of the host's own HTTP
 * client: an HTTP client provider elsewhere in the lattice, which a lattice over NATS reaches as wasmCloud does
 * ({@code wrpc:http/outgoing-handler@0.1.0.handle}). Bodies stream both ways: the request's body is an
 * {@link InputStream} that yields the bytes as the component writes them (it ends when the component finishes the
 * body, and fails with an {@link java.io.IOException} when the component drops it unfinished or the host gives up),
 * and the response's body is read by the component as it arrives. Neither is held whole in memory by the host.
 */
@FunctionalInterface
public interface OutgoingHttp {
    /**
     * Sends {@code request} and returns its response once its head (status, headers) is known; the response body
     * may still be arriving. Called on a thread of its own, never on the component's invocation thread. An
     * implementation may go on reading {@link Request#body()} after it returns — the response may come while the
     * request body still streams, as HTTP allows (full duplex) — and closes it when it is done with it (read to its
     * end, or given up on): from then on the component's further writes to the body fail, as they do once this
     * throws. The host closes {@link Response#body()} when the component is done with it (read to the end, or
     * dropped).
     *
     * @throws Failure with the {@code wasi:http} {@code error-code} case the component should see
     */
    Response send(Request request) throws Failure;

    /**
     * A request as the component made it.
     *
     * @param method the method ({@code GET}, an extension method)
     * @param scheme {@code http}, {@code https} or another scheme, empty when the component set none
     * @param authority the authority, empty when the component set none
     * @param pathWithQuery the path and query, empty when the component set none
     * @param headers the header fields in order (names in lower case; copied)
     * @param body the body as the component writes it: read it once; it blocks until bytes arrive, ends when the
     *     component finishes the body, and fails (an {@link java.io.IOException}) when the component drops the body
     *     without finishing it
     * @param trailers the request's trailer fields: complete when the component finishes the body (an empty list
     *     when it set none), failed when it drops the body unfinished
     * @param connectTimeout the component's connect timeout, if it set one
     * @param firstByteTimeout the component's first-byte timeout, if it set one
     * @param betweenBytesTimeout the component's between-bytes timeout, if it set one
     */
    record Request(String method, Optional<String> scheme, Optional<String> authority, Optional<String> pathWithQuery,
            List<Map.Entry<String, byte[]>> headers, InputStream body,
            java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers,
            Optional<Duration> connectTimeout,
            Optional<Duration> firstByteTimeout, Optional<Duration> betweenBytesTimeout) {
        /** Checks nulls and copies the headers. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(pathWithQuery, "pathWithQuery");
            headers = List.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(trailers, "trailers");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(firstByteTimeout, "firstByteTimeout");
            Objects.requireNonNull(betweenBytesTimeout, "betweenBytesTimeout");
        }
    }

    /**
     * A response: its head, and its body as it arrives.
     *
     * @param status the status code (100–999)
     * @param headers the header fields in order (names in lower case; copied)
     * @param body the body, read by the component as it arrives (blocking until bytes are there) and closed by the
     *     host when the component is done with it; a read failure reaches the component as a stream error
     * @param trailers the response's trailer fields (names in lower case), complete by the time the body has been
     *     read to its end (an empty list: none); a failed stage reaches the component as the trailers' error
     */
    record Response(int status, List<Map.Entry<String, byte[]>> headers, InputStream body,
            java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> trailers) {
        /** Checks the status and nulls, and copies the headers. */
        public Response {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("HTTP status " + status + " is not a three-digit code");
            }
            headers = List.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(trailers, "trailers");
        }

        /** A response without trailers. */
        public Response(int status, List<Map.Entry<String, byte[]>> headers, InputStream body) {
            this(status, headers, body, java.util.concurrent.CompletableFuture.completedFuture(List.of()));
        }

        /** A response whose body is {@code body}, whole (not copied), without trailers. */
        public Response(int status, List<Map.Entry<String, byte[]>> headers, byte[] body) {
            this(status, headers, new ByteArrayInputStream(body));
        }
    }

    /** The request failed; the component sees {@link #errorCode()}. */
    final class Failure extends org.wasmcloud4j.Wasmcloud4jException {
        private static final long serialVersionUID = 1L;
        private final String errorCode;

        /**
         * @param errorCode a case of {@code wasi:http/types.error-code} without a payload (for example
         *     {@code destination-unavailable}, {@code HTTP-response-timeout}) or {@code internal-error}
         * @param message what failed, for logs ({@code internal-error} carries it to the component)
         */
        public Failure(String errorCode, String message) {
            super(message);
            this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        }

        /** The {@code error-code} case. */
        public String errorCode() {
            return errorCode;
        }
    }
}
