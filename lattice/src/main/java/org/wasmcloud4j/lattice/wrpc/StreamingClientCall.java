package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/** {@link WrpcClientCall} over {@link WrpcClient}'s inbox: see {@link WrpcClient#start}. */
final class StreamingClientCall implements WrpcClientCall {
    private final WrpcCodec codec;
    private final String subject;
    private final String rc;
    private final WrpcClient.Call call;
    private final ChannelDemux results;
    private final List<ValType> resultTypes;
    private final InvokeOptions options;
    private final Runnable release;
    private final OwedWrites writes;
    private PendingReads reads;
    private volatile List<Value> values;   // set by the results side, read by close() from either side
    private boolean closed;

    StreamingClientCall(Connection nats, WrpcCodec codec, String subject, String rc, WrpcClient.Call call,
            ChannelDemux results, List<ValType> resultTypes, InvokeOptions options, Runnable release) {
        this.codec = codec;
        this.subject = subject;
        this.rc = rc;
        this.call = call;
        this.results = results;
        this.resultTypes = resultTypes;
        this.options = options;
        this.release = release;
        this.writes = new OwedWrites(codec, nats, "param", options.timeout(), () -> call.endedEmpty
                ? new WrpcTransportException("the server ended the call's results before sending any", rc + ".results",
                        0, null)
                : null);
    }

    /** The server's {@code R_s} (waits for the handshake). */
    String handshake() {
        return WrpcClient.awaitHandshake(call.handshake, subject, rc, options);
    }

    void owe(Encoded enc) {
        if (!enc.async().isEmpty()) {
            writes.owe(null, enc); // the base (R_s.params) is known at the handshake
        }
    }

    @Override
    public OutputStream paramBytes(IndexPath path) {
        Objects.requireNonNull(path, "path");
        writes.base(handshake() + ".params");
        return writes.bytes(path);
    }

    @Override
    public ElementWriter paramElements(IndexPath path) {
        Objects.requireNonNull(path, "path");
        writes.base(handshake() + ".params");
        return writes.elements(path);
    }

    @Override
    public void paramFuture(IndexPath path, Value value) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        writes.base(handshake() + ".params");
        writes.future(path, value);
    }

    @Override
    public List<Value> results() {
        if (values != null) {
            return values;
        }
        String rootSubject = results.subject(IndexPath.root());
        // the synchronous results are decoded whole: within the buffer bound (streams flow past it, read as they come)
        CallChannels.Counting root = new CallChannels.Counting(bounded(results.channel(IndexPath.root()),
                options.maxBufferedBytes(), rootSubject));
        WrpcDecoder d = codec.decoder(root);
        try {
            Decoded dec = CallChannels.guard(() -> d.readValues(resultTypes, "result"), rootSubject, root);
            CallChannels.guard(() -> {
                d.requireEnd();
                return null;
            }, rootSubject, root);
            reads = new PendingReads(codec, results, dec.pending(), "result");
            values = dec.values();
            return values;
        } catch (WrpcTimeoutException e) {
            if (!call.handshake.isDone()) {
                throw WrpcClient.handshakeTimeout(subject, rc, options);
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrpcTransportException("interrupted", rootSubject, root.bytes, e);
        }
    }

    /** {@code channel}, failing once more than {@code max} bytes came through it. */
    private static ChunkSource bounded(ChunkSource channel, long max, String subject) {
        long[] seen = {0};
        return () -> {
            byte[] b = channel.next();
            if (b != null && (seen[0] += b.length) > max) {
                throw new WrpcTransportException("wRPC peer sent more than " + max + " bytes for one call's "
                        + "synchronous results", subject, seen[0] - b.length, null);
            }
            return b;
        };
    }

    @Override
    public InputStream resultBytes(IndexPath path) {
        results();
        return reads.bytes(Objects.requireNonNull(path, "path"));
    }

    @Override
    public java.util.Iterator<Value> resultElements(IndexPath path) {
        results();
        return reads.elements(Objects.requireNonNull(path, "path"));
    }

    @Override
    public Value resultFuture(IndexPath path) {
        results();
        return reads.future(Objects.requireNonNull(path, "path"));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (values == null) {   // results not read (yet): a reader may be waiting for them on another thread
            results.fail(new WrpcException("the call was closed"));
        }
        try {
            if (call.handshake.isDone() && !call.handshake.isCompletedExceptionally()) {
                writes.base(call.handshake.join() + ".params");
                writes.finish(false);
            }
        } finally {
            release.run();
        }
    }
}
