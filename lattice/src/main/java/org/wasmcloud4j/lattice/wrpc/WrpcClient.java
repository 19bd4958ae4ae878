package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/**
 * Calls WIT functions served over wRPC (wasmCloud 1.1+, wrpc transport-nats 0.28/0.29) on any component or provider
 * id of a lattice. Thread-safe; many calls may run at once, each blocking its caller until the results are
 * complete.
 *
 * <pre>{@code
 * try (WrpcClient client = WrpcClient.builder().server("nats://127.0.0.1:4222").lattice("default").build()) {
 *     FuncType echo = WitFunctions.function(witText, "example:echo/echo@0.1.0", "echo");
 *     List<Value> out = client.invoke("echo-id", "example:echo/echo@0.1.0", "echo", echo,
 *             List.of(Value.of("hi")), InvokeOptions.defaults());
 * }
 * }</pre>
 *
 * <p>One call: the parameters go to {@code {lattice}.{id}.wrpc.0.0.1.{instance}.{function}} with reply
 * {@code R_c} (a fresh inbox subject), as much of them as fits in the server's max payload; the server answers
 * with an empty handshake message whose reply subject is its {@code R_s}; the rest of the parameters then go to
 * {@code R_s.params}, ended by an empty message, and pending streams to {@code R_s.params.<index>}. The results
 * are read from {@code R_c.results} (and {@code R_c.results.<index>}) up to their ends. No responders, no
 * handshake in time, a peer that stops sending, and bytes that do not decode are each a
 * {@link WrpcTransportException} naming the subject (and the byte offset).
 */
public final class WrpcClient implements AutoCloseable {
    private final Connection nats;
    private final boolean ownsConnection;
    private final String lattice;
    private final WrpcCodec codec;
    private final Inbox inbox;
    /** Disk room for unread stream results of streaming calls; null: none. */
    private final SpillBudget spill;

    private WrpcClient(Connection nats, boolean ownsConnection, String lattice, WrpcCodec codec, SpillBudget spill) {
        this.spill = spill;
        this.nats = nats;
        this.ownsConnection = ownsConnection;
        this.lattice = lattice;
        this.codec = codec;
        this.inbox = new Inbox(nats);
    }

    /** A builder: lattice {@code default}, server {@code nats://127.0.0.1:4222}, codec refusing handles. */
    public static Builder builder() {
        return new Builder();
    }

    /** The invocation subject {@code {lattice}.{id}.wrpc.0.0.1.{instance}.{function}} (no instance: no segment). */
    public static String invocationSubject(String lattice, String id, String instance, String function) {
        return lattice + "." + id + ".wrpc.0.0.1." + (instance.isEmpty() ? "" : instance + ".") + function;
    }

    /**
     * Calls {@code instance.function} (e.g. {@code example:echo/echo@0.1.0}, {@code echo}) on {@code targetId}.
     *
     * @param func the function's type: the params are checked against it and the results decoded as it says
     * @return the results (none or one value), with pending streams and futures received from their channels
     * @throws WrpcCodecException if a param does not match its type (nothing is sent)
     * @throws WrpcNoRespondersException if nobody serves the subject
     * @throws WrpcTimeoutException if no handshake or no result data arrives within the timeout
     * @throws WrpcTransportException if the results do not decode, end early, or exceed the buffer bound
     */
    public List<Value> invoke(String targetId, String instance, String function, FuncType func,
            List<? extends Value> params, InvokeOptions options) {
        Objects.requireNonNull(func, "func");
        Objects.requireNonNull(options, "options");
        String subject = invocationSubject(lattice, targetId, instance, function);
        Encoded enc = codec.encodeParams(func, params);
        CallChannels.refusePendingFutures(enc, "param");
        List<ValType> resultTypes = WrpcCodec.resultTypes(func);
        String rc = inbox.newSubject();
        ChannelDemux results = new ChannelDemux(rc + ".results", resultTypes, options.maxBufferedBytes(),
                options.timeout());
        results.limitTotal(options.maxBufferedBytes());   // results are decoded whole
        results.wakeReadersAtEnd();   // and returned after their EOF: the caller wakes once, at the end
        long maxPayload = nats.getServerInfo().getMaxPayload();
        Headers headers = null;
        if (!options.headers().isEmpty()) {
            headers = new Headers();
            for (var h : options.headers().entrySet()) {
                headers.put(h.getKey(), h.getValue());
            }
        }
        byte[] bytes = enc.array();
        long room = maxPayload - rc.length() - (headers == null ? 0 : headers.serializedLength());
        int first = (int) Math.max(0, Math.min(bytes.length, room));
        // Pipelining: when the params fit the invocation and nothing is owed on async channels, all that is left
        // to send is the params EOF, which the dispatcher publishes the moment the handshake arrives; the caller
        // waits once, for the results. Otherwise the caller waits for R_s and sends the rest itself.
        boolean pipelined = first == bytes.length && enc.async().isEmpty();
        Call call = new Call(rc, subject, results, pipelined ? nats : null);
        inbox.register(rc, call);
        try {
            sendInvocation(subject, rc, headers, bytes, first);
            if (!pipelined) {
                String rs = awaitHandshake(call.handshake, subject, rc, options);
                CallChannels.publish(nats, rs + ".params", bytes, first, maxPayload);
                CallChannels.publishAsync(nats, rs + ".params", enc);
            }
            try {
                return CallChannels.read(codec, results, resultTypes, "result", v -> v);
            } catch (WrpcTimeoutException e) {
                if (!call.handshake.isDone()) {
                    throw handshakeTimeout(subject, rc, options);
                }
                throw e;
            }
        } finally {
            inbox.unregister(rc);
        }
    }

    /**
     * Starts a call whose pending params are written, and whose pending results are read, as they flow: an empty
     * {@code stream<u8>} param is sent pending and written through {@link WrpcClientCall#paramBytes}, a {@code none}
     * future through {@link WrpcClientCall#paramFuture}. Returns once the invocation is published (and, when the
     * params do not fit it, the rest of them sent after the handshake).
     *
     * @throws WrpcCodecException if a param does not match its type (nothing is sent)
     * @throws WrpcTransportException if the invocation cannot be sent, or the handshake fails when it is needed
     */
    public WrpcClientCall start(String targetId, String instance, String function, FuncType func,
            List<? extends Value> params, InvokeOptions options) {
        Objects.requireNonNull(func, "func");
        Objects.requireNonNull(options, "options");
        String subject = invocationSubject(lattice, targetId, instance, function);
        Encoded enc = codec.encodeParams(func, params);
        List<ValType> resultTypes = WrpcCodec.resultTypes(func);
        String rc = inbox.newSubject();
        ChannelDemux results = new ChannelDemux(rc + ".results", resultTypes, options.maxBufferedBytes(),
                options.timeout());
        if (spill != null) {
            results.spillTo(spill);
        }
        long maxPayload = nats.getServerInfo().getMaxPayload();
        Headers headers = headers(options);
        byte[] bytes = enc.array();
        long room = maxPayload - rc.length() - (headers == null ? 0 : headers.serializedLength());
        int first = (int) Math.max(0, Math.min(bytes.length, room));
        Call call = new Call(rc, subject, results, first == bytes.length ? nats : null);
        inbox.register(rc, call);
        StreamingClientCall out = new StreamingClientCall(nats, codec, subject, rc, call, results, resultTypes, options,
                () -> {
                    inbox.unregister(rc);
                    results.release();
                });
        try {
            sendInvocation(subject, rc, headers, bytes, first);
            if (first < bytes.length) {
                String rs = out.handshake();
                CallChannels.publish(nats, rs + ".params", bytes, first, maxPayload);
            }
            out.owe(enc);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static Headers headers(InvokeOptions options) {
        if (options.headers().isEmpty()) {
            return null;
        }
        Headers headers = new Headers();
        for (var h : options.headers().entrySet()) {
            headers.put(h.getKey(), h.getValue());
        }
        return headers;
    }

    /** One call's messages on {@code R_c} (the handshake) and below it (the results), on the dispatcher thread. */
    static final class Call implements io.nats.client.MessageHandler {
        final CompletableFuture<String> handshake = new CompletableFuture<>();
        /** Set when the results channel ended before any byte of it: the server gave up on the call. */
        volatile boolean endedEmpty;
        private boolean resultData;
        private final String rc;
        private final String subject;
        private final ChannelDemux results;
        /** Set when the params EOF is all that is left to send: it goes out as soon as the handshake arrives. */
        private final Connection eofOnHandshake;

        Call(String rc, String subject, ChannelDemux results, Connection eofOnHandshake) {
            this.rc = rc;
            this.subject = subject;
            this.results = results;
            this.eofOnHandshake = eofOnHandshake;
        }

        @Override
        public void onMessage(Message msg) {
            if (msg.getSubject().equals(rc)) {
                onHandshake(msg);
                return;
            }
            if (msg.getSubject().length() == rc.length() + 8 && msg.getSubject().endsWith(".results")) {
                byte[] data = msg.getData();
                if (data == null || data.length == 0) {
                    endedEmpty = !resultData;
                } else {
                    resultData = true;
                }
            }
            try {
                results.deliver(msg.getSubject(), msg.getData());
            } catch (WrpcException e) {
                // the call has failed; its reader sees the failure
            }
        }

        private void onHandshake(Message msg) {
            WrpcTransportException failure = null;
            if (msg.isStatusMessage()) {
                int code = msg.getStatus().getCode();
                failure = code == 503 ? new WrpcNoRespondersException(subject)
                        : code == 408 ? new WrpcTimeoutException("the NATS server timed out the invocation",
                                subject, -1)
                        : new WrpcTransportException("the NATS server answered the invocation with status " + code
                                + " " + msg.getStatus().getMessage(), subject, -1, null);
            } else if (msg.getReplyTo() == null || msg.getReplyTo().isEmpty()) {
                failure = new WrpcTransportException("the handshake reply names no reply subject", rc, -1, null);
            } else if (!handshake.complete(msg.getReplyTo())) {
                results.fail(new WrpcTransportException("a second handshake reply arrived", rc, -1, null));
                return;
            }
            if (failure != null) {
                handshake.completeExceptionally(failure);
                results.fail(failure); // a pipelined caller waits on the results, not on the handshake
            } else if (eofOnHandshake != null) {
                try {
                    CallChannels.send(eofOnHandshake, msg.getReplyTo() + ".params", null, CallChannels.EOF);
                } catch (WrpcTransportException e) {
                    results.fail(e); // the server would wait for the EOF: the call fails rather than hangs
                }
            }
        }
    }

    static WrpcTimeoutException handshakeTimeout(String subject, String rc, InvokeOptions options) {
        return new WrpcTimeoutException("no wRPC handshake reply within " + options.timeout().toMillis()
                + " ms for the invocation on " + subject, rc, -1);
    }

    static String awaitHandshake(CompletableFuture<String> handshake, String subject, String rc,
            InvokeOptions options) {
        try {
            return handshake.get(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw handshakeTimeout(subject, rc, options);
        } catch (ExecutionException e) {
            throw (WrpcException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrpcTransportException("interrupted waiting for the handshake", rc, -1, e);
        }
    }

    /** The lattice this client calls into. */
    public String lattice() {
        return lattice;
    }

    /** Stops receiving; closes the connection if this client opened it. */
    @Override
    public void close() throws InterruptedException {
        inbox.close();
        if (ownsConnection) {
            nats.close();
        }
    }

    /** Builds a {@link WrpcClient}. */
    public static final class Builder {
        private final WrpcConnections endpoint = new WrpcConnections();

        private Builder() {}

        /** A NATS server URL (may be given several times). */
        public Builder server(String url) {
            endpoint.server(url);
            return this;
        }

        /** The lattice name (subject prefix), default {@code default}. */
        public Builder lattice(String lattice) {
            endpoint.lattice(lattice);
            return this;
        }

        /** A NATS credentials file for the connection this builder opens. */
        public Builder credsFile(Path file) {
            endpoint.credsFile(file);
            return this;
        }

        /**
         * Where the unread bytes of streams go once a call holds {@code maxBufferedBytes} of them in memory, and
         * how many bytes all calls may keep there together (0: nowhere, the call fails at the memory bound instead).
         * wRPC has no flow control, so a peer sends a stream as fast as it can; this lets a reader that is slower
         * take all of it, in order. Files are unlinked when opened and closed when their call ends. Default: the
         * system's temporary directory, 1 GiB.
         */
        public Builder spill(Path directory, long maxBytes) {
            endpoint.spill(directory, maxBytes);
            return this;
        }

        /** The codec (e.g. with a {@link HandleCodec}). */
        public Builder codec(WrpcCodec codec) {
            endpoint.codec(codec);
            return this;
        }

        /**
         * Uses an open jnats connection instead of opening one (the only jnats type in this API; the host passes
         * its lattice connection). The client does not close it. The connection must have headers and
         * no-responders support (jnats' default).
         */
        public Builder connection(Connection connection) {
            endpoint.connection(connection);
            return this;
        }

        /** Connects (unless a connection was given) and builds the client. */
        public WrpcClient build() throws IOException, InterruptedException {
            boolean own = endpoint.opensOwn();
            return new WrpcClient(endpoint.open(), own, endpoint.lattice(), endpoint.codec(), endpoint.spillBudget());
        }
    }

    /** The invocation message: the first {@code first} bytes of the encoded params, replies to {@code rc}. */
    private void sendInvocation(String subject, String rc, Headers headers, byte[] bytes, int first) {
        byte[] head = bytes;
        if (first < bytes.length) {
            head = new byte[first];
            System.arraycopy(bytes, 0, head, 0, first);
        }
        CallChannels.send(nats, subject, rc, headers, head);
    }
}
