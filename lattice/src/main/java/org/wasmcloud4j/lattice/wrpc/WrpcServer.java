package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/**
 * Serves WIT functions over wRPC (wasmCloud 1.1+, wrpc transport-nats 0.28/0.29) from Java handlers, so that
 * wasmCloud hosts, providers and {@link WrpcClient}s can call them. Thread-safe.
 *
 * <pre>{@code
 * try (WrpcServer server = WrpcServer.builder().server(url).lattice("default").build();
 *         AutoCloseable reg = server.serve("my-id", "example:echo/echo@0.1.0", "echo", echoType, params -> params)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Each registration queue-subscribes to {@code {lattice}.{id}.wrpc.0.0.1.{instance}.{function}} with group
 * {@code {lattice}.{id}} (so calls are shared among every process serving the id). For each invocation (it must
 * have a reply subject {@code R_c}) the server makes {@code R_s}, listens on {@code R_s.params} (and the index
 * subjects of async params), answers with an empty handshake message to {@code R_c} whose reply subject is
 * {@code R_s}, and decodes the params from the invocation's payload followed by {@code R_s.params}. The handler runs
 * as soon as the params are complete; its results go to {@code R_c.results} in messages of at most the server's max
 * payload, ended by an empty message. A failure (bad params, a handler exception, a client that stops sending)
 * closes the results early and is logged; the server keeps serving. Calls run on at most
 * {@code maxConcurrentCalls} threads, with up to {@code maxQueuedCalls} waiting; past that a call is refused the
 * same way. A call that arrives while another is running waits for the running threads (they take it as they
 * finish, without waking another thread) and gets a thread of its own after waiting 1 ms, so a handler that blocks
 * delays the calls behind it by about that much. Each call
 * buffers at most {@code maxBufferedBytes} of params not read yet.
 */
public final class WrpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WrpcServer.class);

    private final Connection nats;
    private final boolean ownsConnection;
    private final String lattice;
    private final WrpcCodec codec;
    private final long maxBufferedBytes;
    /** Disk room for unread stream params of streaming calls; null: none. */
    private final SpillBudget spill;
    private final Duration timeout;
    private final Inbox inbox;
    private final LifoWorkers workers;
    private final java.util.concurrent.atomic.AtomicInteger awaitingEof = new java.util.concurrent.atomic.AtomicInteger();
    private final int maxAwaitingEof;
    private final java.util.Queue<Expiry> expiries = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private WrpcServer(Connection nats, boolean ownsConnection, Builder b) {
        this.nats = nats;
        this.ownsConnection = ownsConnection;
        this.lattice = b.endpoint.lattice();
        this.codec = b.endpoint.codec();
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.spill = b.endpoint.spillBudget();
        this.timeout = b.timeout;
        this.inbox = new Inbox(nats);
        this.maxAwaitingEof = 16 * b.maxConcurrentCalls;
        this.workers = new LifoWorkers(b.maxConcurrentCalls, b.maxQueuedCalls, 30, TimeUnit.SECONDS, "wrpc-server-");
    }

    /** A builder: lattice {@code default}, 64 concurrent calls (1024 waiting), 16 MiB per call, 10 s timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Serves {@code instance.function} for {@code id}.
     *
     * @param instance the instance with its version, e.g. {@code example:echo/echo@0.1.0} (empty for a world-level
     *     function)
     * @param func the function's type (params are decoded and results encoded as it says)
     * @return the registration, live on the NATS server when this returns; closing it unsubscribes (idempotent;
     *     also fine after the server is closed)
     */
    public AutoCloseable serve(String id, String instance, String function, FuncType func, WrpcHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return serve(id, instance, function, func, (params, headers) -> handler.handle(params));
    }

    /** As {@link #serve(String, String, String, FuncType, WrpcHandler)}, the handler also getting the headers. */
    public AutoCloseable serve(String id, String instance, String function, FuncType func,
            WrpcHandler.WithHeaders handler) {
        return serve(id, instance, function, func, handler, false);
    }

    private AutoCloseable serve(String id, String instance, String function, FuncType func,
            WrpcHandler.WithHeaders handler, boolean nonBlocking) {
        Objects.requireNonNull(func, "func");
        Objects.requireNonNull(handler, "handler");
        List<ValType> paramTypes = WrpcCodec.paramTypes(func);
        CallFactory factory = (subject, rc, rs, params, headers) -> {
            params.limitTotal(maxBufferedBytes);   // params are decoded whole
            return new CallBody() {
                @Override
                public void run() {
                    WrpcServer.this.run(subject, rc, rs, func, paramTypes, params, headers, handler);
                }
            };
        };
        return register(id, instance, function, paramTypes, factory,
                nonBlocking ? new Direct(func, handler) : null);
    }

    /** A handler that may run on the dispatcher, with what it needs to decode and answer there. */
    private record Direct(FuncType func, WrpcHandler.WithHeaders handler) {}

    /** Thrown by {@link #completeParams}' source when the params need more than the invocation's bytes. */
    private static final class NeedsMore extends RuntimeException {
        static final NeedsMore INSTANCE = new NeedsMore();

        private NeedsMore() {
            super("the params continue past the invocation", null, false, false);
        }
    }

    /**
     * The params, if the invocation's payload holds all of them, with nothing after them and no pending stream or
     * future; else null (the call then goes to a worker, which reads and checks them as every call's).
     */
    private List<Value> completeParams(byte[] first, List<ValType> paramTypes) {
        byte[][] once = {first};
        WrpcDecoder d = codec.decoder(() -> {
            byte[] b = once[0];
            if (b == null || b.length == 0) {
                throw NeedsMore.INSTANCE;   // never waits: the caller is the dispatcher
            }
            once[0] = null;
            return b;
        });
        try {
            Decoded dec = d.readValues(paramTypes, "param");
            return dec.pending().isEmpty() && d.endIsAhead() ? dec.values() : null;
        } catch (NeedsMore | WrpcException e) {
            return null;
        }
    }

    /**
     * As {@link #serve(String, String, String, FuncType, WrpcHandler)}, for a handler that never blocks (it computes,
     * or reads memory; it does not wait for I/O, locks held long, or other calls): when a call's params came whole
     * in its invocation message, the handler runs at once on the thread that received it, the server's NATS
     * dispatcher, instead of being handed to a worker thread. That hand-off is most of what a small call costs the
     * server (a thread woken and parked again for every call). Calls whose params arrive in later messages, or
     * carry pending streams or futures, go to a worker as with {@code serve}. A handler that does block here stalls
     * every call of this server while it does, and the calls it stalls are not bounded by
     * {@code maxConcurrentCalls}.
     *
     * @return the registration, as {@link #serve(String, String, String, FuncType, WrpcHandler)} returns
     */
    public AutoCloseable serveNonBlocking(String id, String instance, String function, FuncType func,
            WrpcHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return serveNonBlocking(id, instance, function, func, (params, headers) -> handler.handle(params));
    }

    /**
     * As {@link #serveNonBlocking(String, String, String, FuncType, WrpcHandler)}, the handler also getting the
     * headers.
     */
    public AutoCloseable serveNonBlocking(String id, String instance, String function, FuncType func,
            WrpcHandler.WithHeaders handler) {
        return serve(id, instance, function, func, handler, true);
    }

    /**
     * Serves {@code instance.function} for {@code id} with a handler that reads pending stream and future params and
     * writes pending results as they flow ({@link WrpcServerCall}); for bodies too large to hold.
     *
     * @return the registration, as {@link #serve(String, String, String, FuncType, WrpcHandler)} returns
     */
    public AutoCloseable serveStreaming(String id, String instance, String function, FuncType func,
            WrpcHandler.Streaming handler) {
        Objects.requireNonNull(func, "func");
        Objects.requireNonNull(handler, "handler");
        List<ValType> paramTypes = WrpcCodec.paramTypes(func);
        return register(id, instance, function, paramTypes, (subject, rc, rs, params, headers) -> {
            if (spill != null) {
                params.spillTo(spill);
            }
            return new StreamingServerCall(nats, codec, timeout, subject, rc, func, paramTypes, params, headers,
                    handler, () -> {
                        inbox.unregister(rs);
                        params.release();
                    });
        }, null);
    }

    /** What a worker runs for one accepted call; {@code peerFailed} runs on the dispatcher. */
    interface CallBody {
        void run();

        default void peerFailed(WrpcException e) {
        }
    }

    private interface CallFactory {
        CallBody create(String subject, String rc, String rs, ChannelDemux params, Map<String, String> headers);
    }

    private AutoCloseable register(String id, String instance, String function, List<ValType> paramTypes,
            CallFactory factory, Direct direct) {
        String subject = WrpcClient.invocationSubject(lattice, id, instance, function);
        Subscription sub = inbox.dispatcher().subscribe(subject, lattice + "." + id,
                msg -> accept(msg, subject, paramTypes, factory, direct));
        try {
            // serve returns once nats-server has the subscription: a call made right after it is not "no responders"
            nats.flush(timeout);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("wRPC registration on {}: the NATS server did not confirm it within {} ms", subject,
                    timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return () -> {
            if (sub.isActive()) {
                try {
                    inbox.dispatcher().unsubscribe(sub);
                } catch (IllegalStateException e) {
                    // the server (its dispatcher) is closed already: nothing is subscribed
                }
            }
        };
    }

    private void accept(Message msg, String subject, List<ValType> paramTypes, CallFactory factory, Direct direct) {
        sweep();
        String rc = msg.getReplyTo();
        if (rc == null || rc.isEmpty()) {
            LOG.warn("wRPC invocation on {} without a reply subject: dropped", subject);
            return;
        }
        byte[] first = msg.getData();
        Map<String, String> headers = headers(msg);
        if (direct != null && (first == null || first.length <= maxBufferedBytes)) {
            List<Value> values = completeParams(first, paramTypes);
            if (values != null) {
                answerHere(subject, rc, paramTypes, values, headers, direct);
                return;
            }
        }
        String rs = inbox.newSubject();
        ChannelDemux params = new ChannelDemux(rs + ".params", paramTypes, maxBufferedBytes, timeout);
        if (first != null && first.length > 0) {
            try {
                params.deliver(rs + ".params", first);
            } catch (WrpcException e) {
                // over the buffer bound: the call is failed and its worker ends the results at once
            }
        }
        CallBody body = factory.create(subject, rc, rs, params, headers);
        inbox.register(rs, m -> {
            try {
                params.deliver(m.getSubject(), m.getData());
            } catch (WrpcException e) {
                body.peerFailed(e); // the call has failed; its worker sees the failure too
            }
        });
        if (!sendHandshake(subject, rc, rs)) {
            return;
        }
        try {
            workers.execute(body::run);
        } catch (RejectedExecutionException e) {
            inbox.unregister(rs);
            LOG.warn("wRPC call on {} refused: {}", subject, e.getMessage());
            endResults(subject, rc);
        }
    }

    /** The invocation's headers, the first value of each; empty if none. */
    private static Map<String, String> headers(Message msg) {
        if (msg.getHeaders() == null || msg.getHeaders().isEmpty()) {
            return Map.of();
        }
        Map<String, String> all = new LinkedHashMap<>();
        msg.getHeaders().entrySet().forEach(e -> {
            if (!e.getValue().isEmpty()) {
                all.put(e.getKey(), e.getValue().get(0));
            }
        });
        return Map.copyOf(all);
    }

    /**
     * Answers a call of a non-blocking handler on the dispatcher: the params came whole in the invocation. As for
     * every call, the handshake goes first and the results follow; the params EOF, which the client sends when the
     * handshake reaches it, is checked when it arrives (or, past the bound of calls waiting for it, not at all).
     */
    private void answerHere(String subject, String rc, List<ValType> paramTypes, List<Value> values,
            Map<String, String> headers, Direct direct) {
        String rs = inbox.newSubject();
        ChannelDemux params = new ChannelDemux(rs + ".params", paramTypes, maxBufferedBytes, timeout);
        params.limitTotal(maxBufferedBytes);
        inbox.register(rs, m -> {
            try {
                params.deliver(m.getSubject(), m.getData());
            } catch (WrpcException e) {
                // data after the params: the end check below reports it
            }
        });
        if (!sendHandshake(subject, rc, rs)) {
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            sendResults(rc, direct.func(), direct.handler().handle(values, headers), sent);
        } catch (Exception e) {
            LOG.warn("wRPC call on {} failed; closing its results: {}", subject, e.toString());
        }
        if (!sent.get()) {
            endResults(subject, rc);
        }
        if (!deferEnd(true, subject, rs, params)) {
            inbox.unregister(rs);   // the dispatcher cannot wait for the EOF: it is not checked
        }
    }

    /**
     * Sends the handshake (empty, reply {@code R_s}, no headers); false if the connection refused it: the call is
     * dropped (unregistered, logged) and its caller times out.
     */
    private boolean sendHandshake(String subject, String rc, String rs) {
        try {
            CallChannels.send(nats, rc, rs, CallChannels.EOF);
            return true;
        } catch (WrpcTransportException e) {
            inbox.unregister(rs);
            LOG.warn("wRPC call on {} dropped: {}", subject, e.getMessage());
            return false;
        }
    }

    /**
     * Encodes {@code results} and sends them to {@code R_c.results} in messages of at most the max payload, then EOF;
     * {@code sent} is set once they are out, before the ends owed for pending result streams follow.
     */
    private void sendResults(String rc, FuncType func, List<Value> results,
            java.util.concurrent.atomic.AtomicBoolean sent) {
        Encoded out = codec.encodeResults(func, results == null ? List.of() : results);
        CallChannels.refusePendingFutures(out, "result");
        CallChannels.publish(nats, rc + ".results", out.array(), 0, nats.getServerInfo().getMaxPayload());
        sent.set(true);
        CallChannels.publishAsync(nats, rc + ".results", out);
    }

    /** Ends a call's results early (EOF), logging rather than throwing if the connection refuses even that. */
    private void endResults(String subject, String rc) {
        try {
            CallChannels.send(nats, rc + ".results", null, CallChannels.EOF);
        } catch (WrpcTransportException e) {
            LOG.warn("wRPC call on {}: could not end its results: {}", subject, e.getMessage());
        }
    }

    private void run(String subject, String rc, String rs, FuncType func, List<ValType> paramTypes,
            ChannelDemux params, Map<String, String> headers, WrpcHandler.WithHeaders handler) {
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean deferred = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            CallChannels.read(codec, params, paramTypes, "param", values -> {
                List<Value> results;
                try {
                    results = handler.handle(values, headers);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new WrpcException("handler failed: " + e, e);
                }
                sendResults(rc, func, results, sent);
                return null;
            }, d -> {
                deferred.set(deferEnd(d.endIsAhead(), subject, rs, params));
                return deferred.get();
            });
        } catch (RuntimeException e) {
            if (sent.get()) {
                LOG.warn("wRPC call on {} answered, but its params did not end cleanly: {}", subject, e.getMessage());
            } else {
                LOG.warn("wRPC call on {} failed; closing its results: {}", subject, e.toString());
            }
        } finally {
            if (!deferred.get()) {
                inbox.unregister(rs);
            }
        }
        if (!sent.get()) {
            endResults(subject, rc);
        }
    }

    /**
     * Once the results are sent, the params' EOF is usually one message away (the client sends it when the
     * handshake arrives). Rather than parking the worker until then (a second wake-up per call), the dispatcher
     * checks it when it arrives and releases the call; a call whose EOF does not come within the timeout is
     * released by {@link #sweep()}. At most {@code 16 × maxConcurrentCalls} calls wait this way; past that the
     * worker waits as before, so a client that never sends EOF cannot grow memory.
     */
    private boolean deferEnd(boolean endIsAhead, String subject, String rs, ChannelDemux params) {
        if (!endIsAhead || awaitingEof.incrementAndGet() > maxAwaitingEof) {
            if (endIsAhead) {
                awaitingEof.decrementAndGet();
            }
            return false;
        }
        Expiry expiry = new Expiry(System.nanoTime() + timeout.toNanos(), params);
        java.util.function.Consumer<Boolean> release = extra -> {
            if (expiry.release()) {
                awaitingEof.decrementAndGet();
                inbox.unregister(rs);
                if (extra) {
                    LOG.warn("wRPC call on {} answered, but its params did not end cleanly (data after them, or no "
                            + "EOF in time)", subject);
                }
            }
        };
        expiry.onExpiry = release;
        if (!params.onRootEnd(release)) {
            awaitingEof.decrementAndGet();
            return false;   // a message is there already: the check does not wait
        }
        expiries.add(expiry);
        return true;
    }

    /**
     * A call waiting for its params EOF. Released calls let go of their params at once and leave the queue at the
     * next sweep that finds them at its head, so a steady stream of calls keeps the queue short instead of holding
     * every call's buffers for the whole timeout.
     */
    private static final class Expiry {
        final long deadline;
        private final java.util.concurrent.atomic.AtomicReference<ChannelDemux> params;
        volatile java.util.function.Consumer<Boolean> onExpiry;

        Expiry(long deadline, ChannelDemux params) {
            this.deadline = deadline;
            this.params = new java.util.concurrent.atomic.AtomicReference<>(params);
        }

        /** Marks the call released; true the first time only. */
        boolean release() {
            if (params.getAndSet(null) == null) {
                return false;
            }
            onExpiry = null;
            return true;
        }

        boolean released() {
            return params.get() == null;
        }
    }

    /**
     * Drops released calls from the head of the queue and releases calls whose params EOF did not come in time
     * (run on the dispatcher with each invocation).
     */
    private void sweep() {
        long now = System.nanoTime();
        for (Expiry e; (e = expiries.peek()) != null && (e.released() || now - e.deadline > 0); ) {
            expiries.poll();
            ChannelDemux params = e.params.get();
            java.util.function.Consumer<Boolean> expire = e.onExpiry;
            if (params != null && expire != null && params.cancelRootOnEnd() != null) {
                expire.accept(true);
            }
        }
    }

    /** Calls holding an inbox entry now (running, or answered and waiting for their params EOF); for tests. */
    int openCalls() {
        return inbox.size();
    }

    /** Calls still queued for the params-EOF timeout check (released ones until a sweep drops them); for tests. */
    int queuedExpiries() {
        return expiries.size();
    }

    /** The lattice this server serves in. */
    public String lattice() {
        return lattice;
    }

    /** Stops serving (calls running finish within a few seconds); closes the connection if the server opened it. */
    @Override
    public void close() throws InterruptedException {
        inbox.close();
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        if (ownsConnection) {
            nats.close();
        }
    }

    /** Builds a {@link WrpcServer}. */
    public static final class Builder {
        private final WrpcConnections endpoint = new WrpcConnections();
        private int maxConcurrentCalls = 64;
        private int maxQueuedCalls = 1024;
        private long maxBufferedBytes = InvokeOptions.DEFAULT_MAX_BUFFERED_BYTES;
        private Duration timeout = InvokeOptions.DEFAULT_TIMEOUT;

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

        /** Calls handled at once (as many more may wait); default 64. */
        public Builder maxConcurrentCalls(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("maxConcurrentCalls must be positive");
            }
            this.maxConcurrentCalls = n;
            return this;
        }

        /** Calls that may wait for a free thread (past that a call is refused, its results ended); default 1024. */
        public Builder maxQueuedCalls(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("maxQueuedCalls must be positive");
            }
            this.maxQueuedCalls = n;
            return this;
        }

        /** Param bytes buffered per call before they are read; default 16 MiB. */
        public Builder maxBufferedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBufferedBytes must be positive");
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** The longest wait for the next param message of a call; default 10 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Uses an open jnats connection instead of opening one (the only jnats type in this API; the host passes
         * its lattice connection). The server does not close it.
         */
        public Builder connection(Connection connection) {
            endpoint.connection(connection);
            return this;
        }

        /** Connects (unless a connection was given) and builds the server. */
        public WrpcServer build() throws IOException, InterruptedException {
            boolean own = endpoint.opensOwn();
            return new WrpcServer(endpoint.open(), own, this);
        }
    }
}
