package org.wasmcloud4j.httpserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpRequestHead;
import org.wasmcloud4j.http.HttpServerOptions;

/**
 * One connection's HTTP/1.1 state, on its event loop: at most one exchange at a time (pipelined requests wait in
 * order, reading pauses past {@value #MAX_PENDING} of them), reading paused while a request body waits unread past
 * {@link RequestBody#HIGH_WATER} bytes (never toggled per request: that costs system calls), the head timeout armed by a
 * head's first byte, the idle timeout, the body limit, and error answers the server gives itself (400, 413, 414,
 * 431, 505).
 */
final class Connection extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Where the connection is between requests. */
    private enum State {
        /** Waiting for a request head. */
        AWAIT_HEAD,
        /** A request is being handled and its body is still arriving. */
        IN_BODY,
        /** A request is being handled and its whole body has arrived. */
        BODY_DONE,
        /** The response is complete but the request body is not: the rest is read and dropped. */
        DISCARD,
        /** An error answer is going out; the connection closes after it. */
        CLOSING
    }

    private final HttpServerOptions options;
    private final HttpHandler handler;
    private final Executor invocations;

    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_HEAD;
    private Exchange current;
    /**
     * The head timer: armed by the first byte of a head when not armed already, and not cancelled when the head is
     * complete (a schedule and a cancel per request cost the event loop more than the rest of a small request's
     * bookkeeping); when it fires it closes the connection if the head in progress began a timeout ago, re-arms
     * itself for the rest of the time if a later head is in progress, else lapses.
     */
    private ScheduledFuture<?> headTimer;
    /** {@link System#nanoTime} of the first byte of the head being read; -1 when no head is in progress. */
    private long headSince = -1;
    /** Messages of pipelined requests that arrived while one was being handled. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private long discarded;
    private long discardLimit;
    private boolean closeAfterResponse;
    /** Reads are off: a body or pipelined messages are buffered up to their bounds. */
    private boolean paused;
    /** Pipelined messages buffered at most before reading pauses. */
    private static final int MAX_PENDING = 8;

    Connection(HttpServerOptions options, HttpHandler handler, Executor invocations) {
        this.options = options;
        this.handler = handler;
        this.invocations = invocations;
    }

    /** The handler before the codec that starts the head timer at the first byte of a head. */
    ChannelInboundHandlerAdapter headWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (headSince < 0 && state != State.IN_BODY && state != State.DISCARD
                        && msg instanceof ByteBuf b && b.isReadable()) {
                    headSince = System.nanoTime();
                    if (headTimer == null) {
                        headTimer = c.executor().schedule(Connection.this::headTimerFired,
                                options.headerTimeout().toNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                c.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void headTimerFired() {
        headTimer = null;
        if (headSince < 0) {
            return;   // no head in progress: the next one arms the timer again
        }
        long left = headSince + options.headerTimeout().toNanos() - System.nanoTime();
        if (left > 0) {   // a later head than the one that armed it: its own time is not up yet
            headTimer = ctx.executor().schedule(this::headTimerFired, left, TimeUnit.NANOSECONDS);
            return;
        }
        headSince = -1;
        if (state == State.AWAIT_HEAD) {
            LOG.debug("{}: no complete request head within {}; closing", ctx.channel(), options.headerTimeout());
            ctx.close();
        } else {
            closeAfterResponse = true;   // a pipelined head is late: finish the exchange in progress, then close
        }
    }

    private void cancelHeadTimer() {
        headSince = -1;
        if (headTimer != null) {
            headTimer.cancel(false);
            headTimer = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            headSince = -1;   // the head is complete; the timer lapses when it fires (see headTimer)
        }
        switch (state) {
            case AWAIT_HEAD:
                process(msg);
                break;
            case IN_BODY:
                if (msg instanceof HttpContent c && !(msg instanceof HttpRequest)) {
                    body(c);
                } else {
                    pending.add(msg);
                }
                break;
            case DISCARD:
                if (msg instanceof HttpContent c) {
                    discard(c);
                } else {
                    pending.add(msg);
                }
                break;
            case BODY_DONE:
                pending.add(msg);
                break;
            default:
                ReferenceCountUtil.release(msg);
        }
        if (pending.size() >= MAX_PENDING) {
            pause();
        }
    }

    /** Stops reading the socket (a body or pipelined requests pile up); {@link #resume} starts again. */
    private void pause() {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Reads again, unless what is buffered is still over its bounds. */
    void resume() {
        if (paused && state != State.CLOSING && pending.size() < MAX_PENDING
                && (current == null || current.body().buffered() < RequestBody.LOW_WATER)) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A message while no exchange is in progress. */
    private void process(Object msg) {
        if (!(msg instanceof HttpRequest req)) {
            ReferenceCountUtil.release(msg);   // the rest of a request the server already answered
            return;
        }
        try {
            DecoderResult result = req.decoderResult();
            if (result.isFailure()) {
                Throwable cause = result.cause();
                HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                        ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                        : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                        : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                        : HttpResponseStatus.BAD_REQUEST;
                answerAndClose(status, status.code() == 400 ? "bad request: " + cause.getMessage()
                        : "request head larger than " + options.maxHeaderSize() + " bytes");
                return;
            }
            HttpVersion v = req.protocolVersion();
            if (v.majorVersion() != 1 || v.minorVersion() > 1) {
                answerAndClose(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version " + v.text()
                        + " is not supported; use HTTP/1.1");
                return;
            }
            HttpRequestHead head = head(req);
            long limit = handler.maxBodySize(head);
            if (limit < 0) {
                limit = options.maxBodySize();
            }
            long length;
            try {
                length = HttpUtil.getContentLength(req, -1L);
            } catch (NumberFormatException e) {
                answerAndClose(HttpResponseStatus.BAD_REQUEST, "bad content-length");
                return;
            }
            if (length > limit) {
                answerAndClose(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body larger than " + limit
                        + " bytes");
                return;
            }
            if (HttpUtil.is100ContinueExpected(req)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER));
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            current = new Exchange(this, ctx.channel(), head, limit, keepAlive,
                    v.equals(HttpVersion.HTTP_1_0), options.idleTimeout());
            state = State.IN_BODY;
            discardLimit = limit;
            Exchange ex = current;
            try {
                invocations.execute(() -> ex.run(handler));
            } catch (RejectedExecutionException e) {
                current = null;
                answerAndClose(HttpResponseStatus.SERVICE_UNAVAILABLE, "the server is not taking requests");
                return;
            }
            if (msg instanceof HttpContent c) {
                body(c);   // a full request in one message
                return;
            }
        } catch (RuntimeException e) {
            LOG.debug("{}: bad request head", ctx.channel(), e);
            answerAndClose(HttpResponseStatus.BAD_REQUEST, "bad request");
        }
        ReferenceCountUtil.release(msg);
    }

    private static HttpRequestHead head(HttpRequest req) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>(req.headers().size());
        for (var it = req.headers().iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            headers.add(new AbstractMap.SimpleImmutableEntry<>(h.getKey().toString().toLowerCase(Locale.ROOT),
                    h.getValue().toString().getBytes(StandardCharsets.ISO_8859_1)));
        }
        String target = req.uri();
        String authority = req.headers().get(HttpHeaderNames.HOST);
        if (!target.startsWith("/") && !target.equals("*")) {
            java.net.URI uri = java.net.URI.create(target);   // absolute form: its path, and its authority
            target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            if (uri.getRawAuthority() != null) {
                authority = uri.getRawAuthority();
            }
        }
        return new HttpRequestHead(req.method().name(), target, authority, headers);
    }

    /** Body bytes of the exchange in progress (released here). */
    private void body(HttpContent c) {
        try {
            boolean last = c instanceof LastHttpContent;
            if (!current.body().offer(c.content())) {
                // past the limit: the handler's reads fail; answer 413 if it has not answered yet
                Exchange ex = current;
                if (ex.takeOverResponse()) {
                    answerAndClose(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body larger than "
                            + ex.body().limit() + " bytes");
                } else {
                    ex.failBody("the request body is larger than " + ex.body().limit() + " bytes");
                    ctx.close();
                }
                return;
            }
            if (last) {
                current.requestTrailersArrived(((LastHttpContent) c).trailingHeaders());
                current.body().end();
                state = State.BODY_DONE;
            } else if (current.body().buffered() >= RequestBody.HIGH_WATER) {
                pause();   // the handler reads slower than the client sends: let TCP push back
            }
        } finally {
            c.release();
        }
    }

    private void discard(HttpContent c) {
        discarded += c.content().readableBytes();
        boolean last = c instanceof LastHttpContent;
        c.release();
        if (discarded > discardLimit) {
            ctx.close();
        } else if (last) {
            ready();
        }
    }

    /** From the exchange, on the event loop: its response is complete (the last write went out). */
    void responseDone(Exchange ex) {
        if (ex != current) {
            return;
        }
        if (!ex.keepAlive() || closeAfterResponse) {
            ctx.close();
            return;
        }
        if (state == State.IN_BODY) {
            ex.failBody("the response was sent before the request body was read");
            current = null;
            state = State.DISCARD;
            discarded = ex.body().received();
            resume();
            return;
        }
        ready();
    }

    /** Between requests again: the next pipelined request, else reading resumes. */
    private void ready() {
        current = null;
        state = State.AWAIT_HEAD;
        discarded = 0;
        while (state == State.AWAIT_HEAD && !pending.isEmpty()) {
            process(pending.poll());
        }
        while (state == State.IN_BODY && !pending.isEmpty() && pending.peek() instanceof HttpContent) {
            Object m = pending.poll();
            body((HttpContent) m);
        }
        if (state != State.CLOSING) {
            resume();
        }
    }

    /** Answers with {@code status} from the server itself and closes the connection after it. */
    private void answerAndClose(HttpResponseStatus status, String text) {
        state = State.CLOSING;
        cancelHeadTimer();
        paused = true;
        ctx.channel().config().setAutoRead(false);
        ByteBuf body = Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(f -> lingeringClose(f.isSuccess()));
    }

    /**
     * Closes after a server answer without reading the rest of the request: the output is shut down first (the
     * client sees the answer and an end of stream) and what the client still sends is read and dropped for at most
     * {@link #LINGER_MILLIS}. Closing at once with unread bytes in the socket makes the kernel reset the
     * connection, and the client can lose the answer with it.
     */
    private void lingeringClose(boolean written) {
        if (!written || !(ctx.channel() instanceof io.netty.channel.socket.SocketChannel socket)) {
            ctx.close();
            return;
        }
        socket.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            ctx.channel().config().setAutoRead(true);   // read and drop (state CLOSING) until the client closes
            ctx.executor().schedule(() -> {
                ctx.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /** How long a connection the server answered and closes keeps reading what its client still sends. */
    private static final long LINGER_MILLIS = 2_000;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // idle between requests, or a stalled request body or response: close. A component still working on
            // a fully read request is bounded by the execution time limit instead.
            boolean working = state == State.BODY_DONE && current != null && !current.waitingToWrite();
            if (!working && headSince < 0) {
                LOG.debug("{}: idle for {}; closing", ctx.channel(), options.idleTimeout());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHeadTimer();
        if (current != null) {
            current.connectionClosed();
        }
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
