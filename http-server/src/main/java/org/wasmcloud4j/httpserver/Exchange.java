package org.wasmcloud4j.httpserver;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.http.HttpExchange;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpRequestHead;

/**
 * One request of a {@link Connection} and its response, used by the handler's invocation thread. The framing
 * headers are the server's: those a handler gives ({@code content-length}, {@code transfer-encoding},
 * {@code connection} and other hop-by-hop fields) are dropped, the length or chunking follows from
 * {@link #respond}'s {@code contentLength}.
 */
final class Exchange implements HttpExchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    /** Response headers without Netty's validation: {@link #respond} checks every name and value itself. */
    private static final HttpHeadersFactory UNCHECKED = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te", "trailer");
    /** Fields a trailer must not carry (RFC 9110 §6.5.1: routing, request modifiers, authentication, content). */
    private static final Set<String> NOT_IN_TRAILERS = Set.of("host", "authorization", "proxy-authorization",
            "cookie", "set-cookie", "content-type", "content-encoding", "content-range", "cache-control", "expect",
            "max-forwards", "pragma", "range");

    private final Connection connection;
    private final Channel channel;
    private final HttpRequestHead head;
    private final RequestBody body;
    private final boolean http10;
    private final long writeTimeoutNanos;
    private volatile boolean keepAlive;

    private boolean responded;
    private boolean serverAnswered;
    private boolean aborted;
    private ResponseBody response;
    private volatile boolean gone;
    /** The request's trailer fields, complete when its body ended (failed when it will not). */
    private final java.util.concurrent.CompletableFuture<List<Map.Entry<String, byte[]>>> requestTrailers =
            new java.util.concurrent.CompletableFuture<>();
    /** The response's trailer fields, checked, sent after a chunked body; empty: none. */
    private volatile List<Map.Entry<String, byte[]>> responseTrailers = List.of();

    Exchange(Connection connection, Channel channel, HttpRequestHead head, long maxBody, boolean keepAlive,
            boolean http10, Duration writeTimeout) {
        this.connection = connection;
        this.channel = channel;
        this.head = head;
        this.body = new RequestBody(channel, maxBody, connection::resume);
        this.keepAlive = keepAlive;
        this.http10 = http10;
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    @Override
    public HttpRequestHead request() {
        return head;
    }

    @Override
    public RequestBody body() {
        return body;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    Connection connection() {
        return connection;
    }

    boolean gone() {
        return gone;
    }

    long writeTimeoutNanos() {
        return writeTimeoutNanos;
    }

    /** Runs the handler on the calling (invocation) thread and makes sure the exchange ends. */
    void run(HttpHandler handler) {
        try {
            handler.handle(this);
        } catch (Throwable t) {
            LOG.debug("handler failed for {} {}", head.method(), head.path(), t);
            abort(t);
        } finally {
            finish();
        }
    }

    private void finish() {
        ResponseBody r;
        synchronized (this) {
            if (serverAnswered || aborted) {
                return;
            }
            r = response;
        }
        if (r == null) {
            abort(new IllegalStateException("the handler returned without a response"));
        } else if (!r.isClosed()) {
            abort(new IllegalStateException("the handler returned with the response body still open"));
        }
    }

    /** On the event loop: the server answers instead of the handler (413), unless the handler has answered. */
    synchronized boolean takeOverResponse() {
        if (responded) {
            return false;
        }
        responded = true;
        serverAnswered = true;
        failBody("the request body is larger than " + body.limit() + " bytes");
        return true;
    }

    @Override
    public OutputStream respond(int status, List<Map.Entry<String, byte[]>> headers, long contentLength)
            throws IOException {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status + " is not a status code");
        }
        // the names and values are checked here (tokens; no CR, LF or NUL), so Netty does not check them again
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), UNCHECKED);
        for (Map.Entry<String, byte[]> h : headers) {
            String name = h.getKey();
            checkName(name);
            byte[] value = h.getValue();
            checkValue(name, value);
            if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                r.headers().add(name, new AsciiString(value, true));   // bytes as they are (ISO-8859-1)
            }
        }
        synchronized (this) {
            if (serverAnswered) {
                throw new IOException("the server already answered this request: its body was too large");
            }
            if (responded) {
                throw new IllegalStateException("the response was already started");
            }
            if (gone) {
                throw new IOException("the client went away");
            }
            responded = true;
            boolean bodyless = status < 200 || status == 204 || status == 304;
            boolean chunkedUnlessWhole = false;
            if (contentLength >= 0 || bodyless) {
                if (!bodyless) {
                    HttpUtil.setContentLength(r, contentLength);
                }
            } else if (http10) {
                keepAlive = false;   // HTTP/1.0 has no chunking: the body ends when the connection closes
            } else {
                chunkedUnlessWhole = true;   // the response body decides when the head goes out (ResponseBody)
            }
            if (!keepAlive) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (http10) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            response = new ResponseBody(this, channel, r, bodyless ? 0 : contentLength, chunkedUnlessWhole);
            return response;
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("header name '" + name + "' has a character not allowed there");
            }
        }
    }

    private static void checkValue(String name, byte[] value) {
        for (byte c : value) {
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("the value of header '" + name + "' has CR, LF or NUL");
            }
        }
    }

    /**
     * The request's trailer fields (names in lower case), once its body was read to its end: those of a chunked
     * request's last chunk, none for other requests; failed when the body will not end (too large, client gone).
     */
    @Override
    public java.util.concurrent.CompletionStage<List<Map.Entry<String, byte[]>>> requestTrailers() {
        return requestTrailers.minimalCompletionStage();
    }

    /** On the event loop: the body ended with {@code trailing} (framing fields in a trailer are not passed on). */
    void requestTrailersArrived(io.netty.handler.codec.http.HttpHeaders trailing) {
        List<Map.Entry<String, byte[]>> out = new java.util.ArrayList<>();
        for (Map.Entry<String, String> h : trailing) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!FRAMING.contains(name) && !NOT_IN_TRAILERS.contains(name)) {
                out.add(Map.entry(name, h.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
        }
        requestTrailers.complete(List.copyOf(out));
    }

    /** The request body will not end: its reads fail with {@code why}, and its trailers, which cannot come, too. */
    void failBody(String why) {
        body.fail(why);
        requestTrailers.completeExceptionally(new IOException(why));
    }

    /**
     * Sends {@code trailers} after the response body when it is chunked (a body of declared length, or an HTTP/1.0
     * response, has nowhere to carry them: they are dropped, as HTTP allows). Names and values are checked as
     * headers are; framing fields and those a trailer must not carry (RFC 9110 §6.5.1) are dropped.
     */
    @Override
    public void responseTrailers(List<Map.Entry<String, byte[]>> trailers) {
        List<Map.Entry<String, byte[]>> out = new java.util.ArrayList<>();
        for (Map.Entry<String, byte[]> t : trailers) {
            checkName(t.getKey());
            checkValue(t.getKey(), t.getValue());
            String name = t.getKey().toLowerCase(Locale.ROOT);
            if (!FRAMING.contains(name) && !NOT_IN_TRAILERS.contains(name)) {
                out.add(Map.entry(name, t.getValue().clone()));
            }
        }
        responseTrailers = List.copyOf(out);
    }

    /** The trailers to end a chunked response with (none: empty). */
    List<Map.Entry<String, byte[]>> responseTrailersToSend() {
        return responseTrailers;
    }

    @Override
    public synchronized boolean responded() {
        return responded;
    }

    @Override
    public void abort(Throwable cause) {
        ResponseBody r;
        synchronized (this) {
            if (aborted || serverAnswered) {
                return;
            }
            aborted = true;
            r = response;
        }
        if (r != null) {
            r.abort();   // the client sees the message cut off
            return;
        }
        if (gone) {
            return;
        }
        // nothing was sent: answer 500 (the cause is the handler's business, not the client's)
        try {
            keepAlive = false;
            respondText(500, "internal server error\n");
        } catch (IOException | RuntimeException e) {
            channel.close();
        }
    }

    /** On the event loop: the connection closed; the handler's reads and writes fail from now on. */
    void connectionClosed() {
        gone = true;
        failBody("the client went away");
        ResponseBody r;
        synchronized (this) {
            r = response;
        }
        if (r != null) {
            r.wake();
        }
    }

    void writabilityChanged() {
        ResponseBody r;
        synchronized (this) {
            r = response;
        }
        if (r != null) {
            r.wake();
        }
    }

    boolean waitingToWrite() {
        ResponseBody r;
        synchronized (this) {
            r = response;
        }
        return r != null && r.waiting();
    }
}
