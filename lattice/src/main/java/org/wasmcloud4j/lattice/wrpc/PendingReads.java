package org.wasmcloud4j.lattice.wrpc;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.value.Value;

/**
 * The pending streams and futures of one received side of a call (params on the server, results on the client),
 * each read from its channel of the {@link ChannelDemux} when the user asks for it, once.
 */
final class PendingReads {
    private final WrpcCodec codec;
    private final ChannelDemux demux;
    private final String role;
    private final Map<IndexPath, PendingAsync> pending = new HashMap<>();

    PendingReads(WrpcCodec codec, ChannelDemux demux, List<PendingAsync> found, String role) {
        this.codec = codec;
        this.demux = demux;
        this.role = role;
        found.forEach(p -> pending.put(p.path(), p));
    }

    synchronized InputStream bytes(IndexPath path) {
        PendingAsync p = pending.get(path);
        if (p == null || CallChannels.stream(p.type(), true) == null) {
            throw new WrpcException("no pending stream<u8> " + role + " at index " + path + " (or it was read already)");
        }
        pending.remove(path);
        return new ByteStreamReader(demux.channel(path), demux.subject(path), path);
    }

    /** The elements of the pending {@code stream<T>} (T not {@code u8}) at {@code path}, as they arrive. */
    synchronized java.util.Iterator<Value> elements(IndexPath path) {
        PendingAsync p = pending.get(path);
        StreamType s = p == null ? null : CallChannels.stream(p.type(), false);
        if (s == null) {
            throw new WrpcException("no pending stream of elements (stream<T>, T not u8) " + role + " at index " + path
                    + " (or it was read already)");
        }
        pending.remove(path);
        return new ElementStreamReader(codec, demux.channel(path), demux.subject(path), s, path);
    }

    synchronized Value future(IndexPath path) {
        PendingAsync p = pending.get(path);
        if (p == null || !(p.type().unwrap() instanceof FutureType f)) {
            throw new WrpcException("no pending future " + role + " at index " + path + " (or it was read already)");
        }
        pending.remove(path);
        CallChannels.Counting src = new CallChannels.Counting(demux.channel(path));
        String subject = demux.subject(path);
        WrpcDecoder d = codec.decoder(src);
        try {
            Decoded dec = CallChannels.guard(() -> d.readFutureValue(f, path), subject, src);
            if (!dec.pending().isEmpty()) {
                throw new WrpcTransportException("async values inside a pending future are not supported here",
                        subject, src.bytes, null);
            }
            CallChannels.guard(() -> {
                d.requireEnd();
                return null;
            }, subject, src);
            return dec.values().get(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrpcTransportException("interrupted", subject, src.bytes, e);
        }
    }
}
