package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.value.Value;

/**
 * The pending streams and futures one side of a call owes its peer after sending their pending form (params on
 * the client, results on the server), each written to {@code base.<index>} when the user produces it.
 */
final class OwedWrites {
    private final WrpcCodec codec;
    private final Connection nats;
    private final String role;
    private final Duration timeout;
    private final Supplier<WrpcException> callFailure;
    private final Map<IndexPath, AsyncPart> owed = new LinkedHashMap<>();
    private final List<OpenStream> open = new ArrayList<>();
    private String base;

    OwedWrites(WrpcCodec codec, Connection nats, String role, Duration timeout, Supplier<WrpcException> callFailure) {
        this.codec = codec;
        this.nats = nats;
        this.role = role;
        this.timeout = timeout;
        this.callFailure = callFailure;
    }

    /** A stream writer handed to the user: ended normally or aborted by {@link #finish}. */
    interface OpenStream {
        boolean isClosed();

        /** Sends what is left, the end chunk and EOF. */
        void end() throws IOException;

        /** EOF only (the peer sees a truncated stream); never throws. */
        void abort();
    }

    /** Records what {@code enc} owes on channels under {@code base} ({@code R_c.results}, {@code R_s.params}). */
    synchronized void owe(String base, Encoded enc) {
        if (base != null) {
            this.base = base;
        }
        enc.async().forEach(p -> owed.put(p.path(), p));
    }

    /** Sets the base subject once it is known (the client's {@code R_s.params} arrives with the handshake). */
    synchronized void base(String base) {
        this.base = base;
    }

    synchronized boolean owesAnything() {
        return !owed.isEmpty();
    }

    synchronized OutputStream bytes(IndexPath path) {
        AsyncPart p = owed.get(path);
        if (p == null || CallChannels.stream(p.type(), true) == null) {
            throw new WrpcException("no pending stream<u8> " + role + " owed at index " + path
                    + " (or it was opened already)");
        }
        owed.remove(path);
        ByteStreamWriter w = new ByteStreamWriter(nats, base + "." + path, nats.getServerInfo().getMaxPayload(),
                timeout, callFailure);
        open.add(w);
        return w;
    }

    /** The writer of the pending {@code stream<T>} (T not {@code u8}) owed at {@code path}. */
    synchronized ElementWriter elements(IndexPath path) {
        AsyncPart p = owed.get(path);
        StreamType s = p == null ? null : CallChannels.stream(p.type(), false);
        if (s == null) {
            throw new WrpcException("no pending stream of elements (stream<T>, T not u8) " + role + " owed at index "
                    + path + " (or it was opened already)");
        }
        owed.remove(path);
        ElementStreamWriter w = new ElementStreamWriter(codec, nats, base + "." + path, s, path,
                nats.getServerInfo().getMaxPayload(), timeout, callFailure);
        open.add(w);
        return w;
    }

    synchronized void future(IndexPath path, Value value) {
        AsyncPart p = owed.get(path);
        if (p == null || !(p.type().unwrap() instanceof FutureType f)) {
            throw new WrpcException("no pending future " + role + " owed at index " + path
                    + " (or it was written already)");
        }
        Encoded enc = codec.encoder().encodeFutureValue(f, value, path);
        if (!enc.async().isEmpty()) {
            throw new WrpcException("a future " + role + " value with pending async values inside is not supported");
        }
        owed.remove(path);
        CallChannels.publish(nats, base + "." + path, enc.array(), 0, nats.getServerInfo().getMaxPayload());
    }

    /**
     * Ends everything still owed: normally ({@code clean}) streams get their end chunk and EOF and futures are
     * aborted (there is no value to send); otherwise everything is aborted (EOF only, a truncation to the peer).
     *
     * @return how many parts were aborted
     */
    synchronized int finish(boolean clean) {
        int aborted = 0;
        if (base == null) {
            return 0;
        }
        for (OpenStream w : open) {
            if (w.isClosed()) {
                continue;
            }
            if (clean) {
                try {
                    w.end();
                    continue;
                } catch (IOException | WrpcException e) {
                    // fall through to abort
                }
            }
            w.abort();
            aborted++;
        }
        for (AsyncPart p : owed.values()) {
            String subject = base + "." + p.path();
            try {
                if (clean && p.kind() == AsyncPart.Kind.STREAM) {
                    CallChannels.send(nats, subject, null, WrpcEncoder.streamEnd());
                } else {
                    aborted++;
                }
                CallChannels.send(nats, subject, null, CallChannels.EOF);
            } catch (WrpcTransportException e) {
                aborted++;
            }
        }
        owed.clear();
        open.clear();
        return aborted;
    }
}
