package org.wasmcloud4j.lattice.wrpc;

import io.nats.client.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.Value;

/**
 * The two directions of one side of a call: reading values from a {@link ChannelDemux} (the synchronous channel,
 * then the channel of every pending stream and future, each up to its EOF, filled into the values) and writing
 * encoded values to NATS in chunks of at most the server's max payload, each channel ended by an empty message.
 */
final class CallChannels {
    /** The empty message that ends a channel (never written to). */
    static final byte[] EOF = new byte[0];

    private CallChannels() {}

    /** A channel source that counts the bytes it handed out, for error offsets. */
    static final class Counting implements ChunkSource {
        private final ChunkSource source;
        long bytes;

        Counting(ChunkSource source) {
            this.source = source;
        }

        @Override
        public byte[] next() throws InterruptedException {
            byte[] b = source.next();
            if (b != null) {
                bytes += b.length;
            }
            return b;
        }
    }

    /**
     * Reads the values of {@code types} from the demux's channels, up to every channel's EOF.
     *
     * @param values a hook run as soon as the synchronous values and their async parts are complete, before the
     *     EOF of the synchronous channel is checked (so work starts at once); its result is returned
     */
    static <T> T read(WrpcCodec codec, ChannelDemux demux, List<ValType> types, String role,
            java.util.function.Function<List<Value>, T> values) {
        return read(codec, demux, types, role, values, d -> false);
    }

    /**
     * As {@link #read(WrpcCodec, ChannelDemux, List, String, java.util.function.Function)}; {@code deferEnd} may
     * take over the check that the synchronous channel ends (returning {@code true}) instead of this thread
     * waiting for the EOF.
     */
    static <T> T read(WrpcCodec codec, ChannelDemux demux, List<ValType> types, String role,
            java.util.function.Function<List<Value>, T> values, java.util.function.Predicate<WrpcDecoder> deferEnd) {
        Counting root = new Counting(demux.channel(IndexPath.root()));
        String rootSubject = demux.subject(IndexPath.root());
        WrpcDecoder d = codec.decoder(root);
        List<Value> out;
        try {
            Decoded dec = guard(() -> d.readValues(types, role), rootSubject, root);
            out = new ArrayList<>(dec.values());
            Deque<PendingAsync> work = new ArrayDeque<>(dec.pending());
            while (!work.isEmpty()) {
                PendingAsync p = work.poll();
                Value completed = readAsync(codec, demux, p, work);
                IndexPath path = p.path();
                int i = (int) path.get(0);
                out.set(i, replace(out.get(i), types.get(i), path, 1, completed));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrpcTransportException("interrupted", rootSubject, root.bytes, e);
        }
        T result = values.apply(List.copyOf(out));
        if (deferEnd.test(d)) {
            return result;
        }
        try {
            guard(() -> {
                d.requireEnd();
                return null;
            }, rootSubject, root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WrpcTransportException("interrupted", rootSubject, root.bytes, e);
        }
        return result;
    }

    private static Value readAsync(WrpcCodec codec, ChannelDemux demux, PendingAsync p, Deque<PendingAsync> work)
            throws InterruptedException {
        Counting src = new Counting(demux.channel(p.path()));
        String subject = demux.subject(p.path());
        WrpcDecoder d = codec.decoder(src);
        Value v;
        if (p.type() instanceof StreamType s) {
            List<Value> elements = new ArrayList<>();
            while (true) {
                long first = elements.size();
                StreamChunk c = guard(() -> d.readStreamChunk(s, p.path(), first), subject, src);
                if (c.isEnd()) {
                    break;
                }
                elements.addAll(c.elements());
                work.addAll(c.pending());
            }
            v = new Value.ListValue(elements);
        } else {
            Decoded dec = guard(() -> d.readFutureValue((FutureType) p.type(), p.path()), subject, src);
            work.addAll(dec.pending());
            v = new Value.OptionValue(Optional.of(dec.values().get(0)));
        }
        guard(() -> {
            d.requireEnd();
            return null;
        }, subject, src);
        return v;
    }

    interface Step<T> {
        T run() throws InterruptedException;
    }

    static <T> T guard(Step<T> step, String subject, Counting src) throws InterruptedException {
        try {
            return step.run();
        } catch (WrpcTransportException e) {
            throw e;
        } catch (WrpcCodecException e) {
            throw new WrpcTransportException(e.getMessage(), subject, e.offset(), e);
        } catch (WrpcException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no wRPC data on")) {
                throw new WrpcTimeoutException(e.getMessage(), subject, src.bytes);
            }
            throw new WrpcTransportException(e.getMessage(), subject, src.bytes, e);
        }
    }

    /** {@code v} (of {@code type}) with the async value at {@code path} (from position {@code pos}) replaced. */
    static Value replace(Value v, ValType type, IndexPath path, int pos, Value replacement) {
        ValType t = type.unwrap();
        if (pos == path.length()) {
            if (t instanceof StreamType) {
                return replacement;
            }
            if (t instanceof FutureType && v instanceof Value.OptionValue o && o.value().isEmpty()) {
                return replacement;
            }
        }
        if (t instanceof OptionType o && v instanceof Value.OptionValue ov && ov.value().isPresent()) {
            return new Value.OptionValue(Optional.of(replace(ov.value().get(), o.some(), path, pos, replacement)));
        }
        if (t instanceof FutureType f && f.element().isPresent() && v instanceof Value.OptionValue ov
                && ov.value().isPresent()) {
            return new Value.OptionValue(Optional.of(replace(ov.value().get(), f.element().get(), path, pos,
                    replacement)));
        }
        if (t instanceof ResultType r && v instanceof Value.ResultValue rv && rv.payload().isPresent()) {
            ValType pt = (rv.isOk() ? r.ok() : r.err()).orElseThrow();
            return new Value.ResultValue(rv.isOk(), Optional.of(replace(rv.payload().get(), pt, path, pos,
                    replacement)));
        }
        if (t instanceof VariantType vt && v instanceof Value.VariantValue vv && vv.payload().isPresent()) {
            ValType pt = vt.cases().stream().filter(c -> c.name().equals(vv.caseName())).findFirst()
                    .flatMap(VariantType.Case::type).orElseThrow();
            return new Value.VariantValue(vv.caseName(), Optional.of(replace(vv.payload().get(), pt, path, pos,
                    replacement)));
        }
        if (pos >= path.length()) {
            throw new WrpcException("no async value at index " + path);
        }
        int i = (int) path.get(pos);
        if (t instanceof RecordType r && v instanceof Value.RecordValue rv) {
            String name = r.fields().get(i).name();
            Map<String, Value> fields = new LinkedHashMap<>(rv.fields());
            fields.put(name, replace(fields.get(name), r.fields().get(i).type(), path, pos + 1, replacement));
            return new Value.RecordValue(fields);
        }
        if (t instanceof TupleType tt && v instanceof Value.TupleValue tv) {
            List<Value> el = new ArrayList<>(tv.elements());
            el.set(i, replace(el.get(i), tt.elements().get(i), path, pos + 1, replacement));
            return new Value.TupleValue(el);
        }
        if (v instanceof Value.ListValue lv && (t instanceof ListType || t instanceof StreamType)) {
            ValType et = t instanceof ListType l ? l.element() : ((StreamType) t).element().orElseThrow();
            List<Value> el = new ArrayList<>(lv.elements());
            el.set(i, replace(el.get(i), et, path, pos + 1, replacement));
            return new Value.ListValue(el);
        }
        throw new WrpcException("no async value at index " + path);
    }

    /** Refuses pending futures: a {@code Value} has no way to supply their value later. */
    static void refusePendingFutures(Encoded enc, String role) {
        for (AsyncPart p : enc.async()) {
            if (p.kind() == AsyncPart.Kind.FUTURE) {
                throw new WrpcException("a pending future (none) at " + role + " index " + p.path()
                        + " has no value to send later; send it ready (some)");
            }
        }
    }

    /**
     * {@code type} as a stream whose elements are bytes ({@code bytes}) or are not ({@code !bytes}); null when it is
     * neither (not a stream, or one without elements): which reader or writer a pending stream takes.
     */
    static StreamType stream(ValType type, boolean bytes) {
        if (type.unwrap() instanceof StreamType s && s.element().isPresent()
                && (s.element().get().unwrap() == PrimitiveType.U8) == bytes) {
            return s;
        }
        return null;
    }

    /**
     * Publishes one message. jnats refuses a message it cannot queue in time (its output queue full or busy past
     * the connection's write-queue push timeout) with an {@link IllegalStateException}, and a closed connection the
     * same way: both become a {@link WrpcTransportException} naming the subject.
     */
    static void send(Connection nats, String subject, String replyTo, byte[] data) {
        try {
            nats.publish(subject, replyTo, data);
        } catch (IllegalStateException e) {
            throw new WrpcTransportException("the NATS connection did not take the message: " + e.getMessage(),
                    subject, -1, e);
        }
    }

    /** As {@link #send(Connection, String, String, byte[])}, for a message with headers (may be null). */
    static void send(Connection nats, String subject, String replyTo, io.nats.client.impl.Headers headers,
            byte[] data) {
        try {
            nats.publish(subject, replyTo, headers, data);
        } catch (IllegalStateException e) {
            throw new WrpcTransportException("the NATS connection did not take the message: " + e.getMessage(),
                    subject, -1, e);
        }
    }

    /**
     * Publishes {@code bytes[from..]} to {@code subject} in messages of at most {@code maxPayload}, then EOF.
     */
    static void publish(Connection nats, String subject, byte[] bytes, int from, long maxPayload) {
        int chunk = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxPayload));
        if (from == 0 && bytes.length > 0 && bytes.length <= chunk) {
            send(nats, subject, null, bytes); // one message: no copy
            send(nats, subject, null, EOF);
            return;
        }
        for (int at = from; at < bytes.length; at += chunk) {
            int n = Math.min(chunk, bytes.length - at);
            byte[] part = new byte[n];
            System.arraycopy(bytes, at, part, 0, n);
            send(nats, subject, null, part);
        }
        send(nats, subject, null, EOF);
    }

    /** Sends what is owed for each pending stream: its end chunk, then EOF, on its channel under {@code base}. */
    static void publishAsync(Connection nats, String base, Encoded enc) {
        for (AsyncPart p : enc.async()) {
            String subject = base + "." + p.path();
            send(nats, subject, null, WrpcEncoder.streamEnd());
            send(nats, subject, null, EOF);
        }
    }
}
