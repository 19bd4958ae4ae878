package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/**
 * One call of a {@link WrpcHandler.Streaming} handler on the server: decodes the synchronous params, runs the
 * handler (on a worker), and ends whatever it leaves owed. When the client overruns the call's buffer bound (a
 * handler that stops reading a body the client keeps sending), the dispatcher fails the call: the results end at
 * once if not started (the client gets a typed error instead of waiting), otherwise the result streams are aborted
 * at their next write, and the handler's reads fail with the cause.
 */
final class StreamingServerCall implements WrpcServerCall, WrpcServer.CallBody {
    private static final Logger LOG = LoggerFactory.getLogger(WrpcServer.class);

    private final Connection nats;
    private final WrpcCodec codec;
    private final String subject;
    private final String rc;
    private final FuncType func;
    private final List<ValType> paramTypes;
    private final ChannelDemux demux;
    private final Map<String, String> headers;
    private final WrpcHandler.Streaming handler;
    private final Runnable release;
    private final AtomicBoolean resultsStarted = new AtomicBoolean();
    private final OwedWrites writes;
    private volatile WrpcException failure;
    private List<Value> params;
    private PendingReads reads;

    StreamingServerCall(Connection nats, WrpcCodec codec, Duration timeout, String subject, String rc, FuncType func,
            List<ValType> paramTypes, ChannelDemux demux, Map<String, String> headers, WrpcHandler.Streaming handler,
            Runnable release) {
        this.nats = nats;
        this.codec = codec;
        this.subject = subject;
        this.rc = rc;
        this.func = func;
        this.paramTypes = paramTypes;
        this.demux = demux;
        this.headers = headers;
        this.handler = handler;
        this.release = release;
        this.writes = new OwedWrites(codec, nats, "result", timeout, () -> failure);
    }

    @Override
    public void run() {
        CallChannels.Counting root = new CallChannels.Counting(demux.channel(IndexPath.root()));
        String rootSubject = demux.subject(IndexPath.root());
        WrpcDecoder d = codec.decoder(root);
        boolean clean = false;
        try {
            Decoded dec = CallChannels.guard(() -> d.readValues(paramTypes, "param"), rootSubject, root);
            params = dec.values();
            reads = new PendingReads(codec, demux, dec.pending(), "param");
            handler.handle(this);
            clean = true;
            CallChannels.guard(() -> {
                d.requireEnd();
                return null;
            }, rootSubject, root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("wRPC call on {} interrupted", subject);
        } catch (Exception e) {
            LOG.warn("wRPC call on {} failed{}: {}", subject, clean ? " after its handler returned" : "", e.toString());
        } finally {
            try {
                if (!resultsStarted.getAndSet(true)) {
                    if (clean) {
                        LOG.warn("wRPC call on {}: the handler returned without sending results", subject);
                    }
                    endResults();
                } else {
                    int aborted = writes.finish(clean && failure == null);
                    if (aborted > 0) {
                        LOG.warn("wRPC call on {}: {} result stream(s) or future(s) aborted", subject, aborted);
                    }
                }
            } finally {
                release.run();
            }
        }
    }

    @Override
    public void peerFailed(WrpcException e) {
        if (failure == null) {
            failure = e;
            LOG.warn("wRPC call on {} failed: {}", subject, e.getMessage());
        }
        if (!resultsStarted.getAndSet(true)) {
            endResults();
        }
    }

    private void endResults() {
        try {
            CallChannels.send(nats, rc + ".results", null, CallChannels.EOF);
        } catch (WrpcTransportException e) {
            LOG.warn("wRPC call on {}: could not end its results: {}", subject, e.getMessage());
        }
    }

    @Override
    public List<Value> params() {
        return params;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public InputStream paramBytes(IndexPath path) {
        return reads.bytes(Objects.requireNonNull(path, "path"));
    }

    @Override
    public java.util.Iterator<Value> paramElements(IndexPath path) {
        return reads.elements(Objects.requireNonNull(path, "path"));
    }

    @Override
    public Value paramFuture(IndexPath path) {
        return reads.future(Objects.requireNonNull(path, "path"));
    }

    @Override
    public void sendResults(List<? extends Value> results) {
        Encoded out = codec.encodeResults(func, results);
        writes.owe(rc + ".results", out);
        if (!resultsStarted.compareAndSet(false, true)) {
            WrpcException f = failure;
            throw f != null ? new WrpcException("the wRPC call failed: " + f.getMessage(), f)
                    : new WrpcException("the results of this call were sent already");
        }
        CallChannels.publish(nats, rc + ".results", out.array(), 0, nats.getServerInfo().getMaxPayload());
    }

    @Override
    public OutputStream resultBytes(IndexPath path) {
        requireSent();
        return writes.bytes(Objects.requireNonNull(path, "path"));
    }

    @Override
    public ElementWriter resultElements(IndexPath path) {
        requireSent();
        return writes.elements(Objects.requireNonNull(path, "path"));
    }

    @Override
    public void resultFuture(IndexPath path, Value value) {
        requireSent();
        writes.future(Objects.requireNonNull(path, "path"), Objects.requireNonNull(value, "value"));
    }

    private void requireSent() {
        if (!resultsStarted.get()) {
            throw new WrpcException("send the results before their streams and futures");
        }
    }
}
