package org.wasmcloud4j.lattice.wrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.ByteList;
import org.wasmcloud4j.component.value.Value;

/**
 * Reads wRPC-encoded values from one channel's chunks, pulling the next chunk from its {@link ChunkSource} only
 * when the bytes at hand are used up (a value may be split across chunks at any byte). A pull decoder: the calling
 * thread blocks while the peer's next message is on its way, and the code reads like the grammar, which keeps
 * every check in one place. Every error is a {@link WrpcCodecException} naming the byte offset in the channel and
 * the place in the value. Made by {@link WrpcCodec#decoder}; not thread-safe.
 */
public final class WrpcDecoder {
    private static final int INITIAL_ELEMENTS = 64;

    private final WireInput in;
    private final HandleCodec handles;
    private List<PendingAsync> pending = new ArrayList<>();

    WrpcDecoder(ChunkSource source, HandleCodec handles) {
        this.in = new WireInput(source, new ValuePath("value", IndexPath.root()));
        this.handles = handles;
    }

    /** Offset of the next byte to read, from the channel's start. */
    public long offset() {
        return in.offset();
    }

    /**
     * Reads one value of each type, the {@code i}-th at index {@code [i]} and named {@code role + " " + i} in errors
     * (the parameters or results of a call: {@code role} is {@code "param"} or {@code "result"}). Returns as soon as
     * the last value is complete; call {@link #requireEnd()} to check that nothing follows.
     */
    public Decoded readValues(List<? extends ValType> types, String role) {
        List<Value> out = new ArrayList<>(types.size());
        List<PendingAsync> found = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            Decoded d = readValue(types.get(i), role + " " + i, IndexPath.of(i));
            out.add(d.values().get(0));
            found.addAll(d.pending());
        }
        return new Decoded(out, found);
    }

    /** Reads one value of {@code type} at {@code index}, named {@code label} in errors. */
    public Decoded readValue(ValType type, String label, IndexPath index) {
        begin(label, index);
        Value v = read(type);
        return new Decoded(List.of(v), takePending());
    }

    /**
     * Reads the next chunk of a pending stream from the stream's own channel: a u32 count and that many elements,
     * the first being element {@code firstIndex} of the stream (elements are indexed across chunks). An empty
     * chunk ends the stream.
     *
     * @param path the stream's index (its channel)
     */
    public StreamChunk readStreamChunk(StreamType type, IndexPath path, long firstIndex) {
        ValType element = streamElement(type);
        begin("stream " + path, path);
        long n = in.readUnsigned(32, "a stream chunk length");
        List<Value> elements = readElements(element, n, firstIndex);
        return new StreamChunk(elements, takePending());
    }

    /**
     * Reads the value of a pending future from the future's own channel. Async values inside it are indexed under
     * the future's index.
     *
     * @param path the future's index (its channel)
     */
    public Decoded readFutureValue(FutureType type, IndexPath path) {
        begin("future " + path, path);
        Value v = type.element().isPresent() ? read(type.element().get()) : new Value.TupleValue(List.of());
        return new Decoded(List.of(v), takePending());
    }

    /**
     * Checks that the channel ends here (waits for its EOF).
     *
     * @throws WrpcCodecException if more bytes follow
     */
    /**
     * Whether {@link #requireEnd()} would have to wait for the peer: no bytes at hand and the EOF not read yet (so the
     * transport may check the end later, when the next message arrives, instead of blocking a thread on it).
     */
    boolean endIsAhead() {
        return in.available() == 0 && !in.eofSeen();
    }

    public void requireEnd() {
        begin("after the last value", IndexPath.root());
        long at = in.offset();
        if (!in.atEnd()) {
            throw in.error("unexpected data after the last value", at);
        }
    }

    private void begin(String label, IndexPath index) {
        in.path = new ValuePath(label, index);
    }

    private List<PendingAsync> takePending() {
        List<PendingAsync> p = pending;
        pending = new ArrayList<>();
        return p;
    }

    private Value read(ValType type) {
        ValType t = type instanceof NamedType ? type.unwrap() : type;
        if (t instanceof PrimitiveType p) {
            return primitive(p);
        }
        if (t instanceof ListType l) {
            long n = in.readUnsigned(32, "a list length");
            return list(l.element(), n, 0);
        }
        if (t instanceof RecordType r) {
            Map<String, Value> fields = new LinkedHashMap<>();
            List<RecordType.Field> fs = r.fields();
            for (int i = 0; i < fs.size(); i++) {
                in.path.field(fs.get(i).name(), i);
                fields.put(fs.get(i).name(), read(fs.get(i).type()));
                in.path.pop();
            }
            return new Value.RecordValue(fields);
        }
        if (t instanceof TupleType tt) {
            List<Value> es = new ArrayList<>(tt.elements().size());
            for (int i = 0; i < tt.elements().size(); i++) {
                in.path.member(i);
                es.add(read(tt.elements().get(i)));
                in.path.pop();
            }
            return new Value.TupleValue(es);
        }
        if (t instanceof VariantType v) {
            int disc = discriminant(v.cases().size(), "variant");
            VariantType.Case c = v.cases().get(disc);
            return new Value.VariantValue(c.name(), payload(c.type(), c.name()));
        }
        if (t instanceof EnumType e) {
            return new Value.EnumValue(e.cases().get(discriminant(e.cases().size(), "enum")));
        }
        if (t instanceof OptionType o) {
            boolean some = flag("an option status byte");
            return new Value.OptionValue(some ? payload(Optional.of(o.some()), "some") : Optional.empty());
        }
        if (t instanceof ResultType r) {
            boolean err = flag("a result status byte");
            return new Value.ResultValue(!err, err ? payload(r.err(), "err") : payload(r.ok(), "ok"));
        }
        if (t instanceof FlagsType f) {
            return flags(f);
        }
        if (t instanceof HandleType h) {
            return handle(h);
        }
        if (t instanceof StreamType s) {
            ValType element = streamElement(s);
            long at = in.offset();
            long n = in.readUnsigned(32, "a stream length");
            if (n == 0) {
                pending.add(new PendingAsync(in.path.index(), s));
                return new Value.ListValue(List.of());
            }
            return new Value.ListValue(readElementsAt(element, n, 0, at));
        }
        if (t instanceof FutureType f) {
            boolean ready = flag("a future status byte");
            if (!ready) {
                pending.add(new PendingAsync(in.path.index(), f));
                return new Value.OptionValue(Optional.empty());
            }
            return new Value.OptionValue(Optional.of(f.element().isPresent() ? payload(f.element(), "ready").get()
                    : new Value.TupleValue(List.of())));
        }
        throw in.error("no wRPC encoding for " + type, in.offset());
    }

    private ValType streamElement(StreamType s) {
        return s.element().orElseThrow(() -> in.error("unsupported: stream without an element type", in.offset()));
    }

    private Value primitive(PrimitiveType p) {
        switch (p) {
            case BOOL: return new Value.Bool(flag("a bool"));
            case S8: return new Value.Int(p, (byte) in.readByte("an s8"));
            case U8: return new Value.Int(p, in.readByte("a u8"));
            case S16: return new Value.Int(p, in.readSigned(16, "an s16"));
            case U16: return new Value.Int(p, in.readUnsigned(16, "a u16"));
            case S32: return new Value.Int(p, in.readSigned(32, "an s32"));
            case U32: return new Value.Int(p, in.readUnsigned(32, "a u32"));
            case S64: return new Value.Int(p, in.readSigned(64, "an s64"));
            case U64: return new Value.Int(p, in.readUnsigned(64, "a u64"));
            case F32: return new Value.F32(Float.intBitsToFloat((int) fixed(4, "an f32")));
            case F64: return new Value.F64(Double.longBitsToDouble(fixed(8, "an f64")));
            case CHAR: return new Value.Char(in.readCharUtf8());
            default: {
                long n = in.readUnsigned(32, "a string length");
                return new Value.Str(in.readUtf8(n, "a string"));
            }
        }
    }

    private long fixed(int bytes, String what) {
        long x = 0;
        for (int i = 0; i < bytes; i++) {
            x |= (long) in.readByte(what) << (8 * i);
        }
        return x;
    }

    private boolean flag(String what) {
        long at = in.offset();
        int b = in.readByte(what);
        if (b > 1) {
            throw in.error(what + " must be 0 or 1, found " + b, at);
        }
        return b == 1;
    }

    private int discriminant(int cases, String kind) {
        long at = in.offset();
        long d = in.readUnsigned(32, "a " + kind + " discriminant");
        if (d >= cases) {
            throw in.error(kind + " discriminant " + d + " is out of range (" + cases + " cases)", at);
        }
        return (int) d;
    }

    private Optional<Value> payload(Optional<ValType> type, String name) {
        if (type.isEmpty()) {
            return Optional.empty();
        }
        in.path.payload(name);
        Value v = read(type.get());
        in.path.pop();
        return Optional.of(v);
    }

    private Value list(ValType element, long n, long firstIndex) {
        return new Value.ListValue(readElements(element, n, firstIndex));
    }

    private List<Value> readElements(ValType element, long n, long firstIndex) {
        return readElementsAt(element, n, firstIndex, in.offset());
    }

    /** {@code n} elements; a {@code list<u8>} as one byte array, allocated once its bytes have arrived. */
    private List<Value> readElementsAt(ValType element, long n, long firstIndex, long at) {
        if (firstIndex + n > 0x1_0000_0000L) {
            throw in.error("stream element index past u32", at);
        }
        if (element.unwrap() == PrimitiveType.U8) {
            return ByteList.Access.wrap(in.readBytes(n, "list<u8> of " + n + " bytes"));
        }
        // every element takes at least one byte: sized by the bytes at hand, the list grows only with the data
        // that arrived
        List<Value> out = new ArrayList<>((int) Math.min(n, Math.max(INITIAL_ELEMENTS, in.available())));
        in.path.element(firstIndex);
        for (long i = 0; i < n; i++) {
            in.path.setElement(firstIndex + i);
            out.add(read(element));
        }
        in.path.pop();
        return out;
    }

    private Value flags(FlagsType f) {
        int n = f.flags().size();
        int bytes = (n + 7) / 8;
        long at = in.offset();
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < bytes; i++) {
            int b = in.readByte("flags");
            for (int bit = 0; bit < 8; bit++) {
                if ((b >>> bit & 1) != 0) {
                    int k = 8 * i + bit;
                    if (k >= n) {
                        throw in.error("flags: bit " + k + " is set but there are only " + n + " flags", at);
                    }
                    set.add(f.flags().get(k));
                }
            }
        }
        return new Value.FlagsValue(set);
    }

    private Value handle(HandleType h) {
        long at = in.offset();
        long n = in.readUnsigned(32, "a handle length");
        byte[] repr = in.readBytes(n, "a " + h + " handle of " + n + " bytes");
        try {
            Value v = handles.decode(repr, h);
            if (!(v instanceof Value.Handle)) {
                throw new WrpcException("the HandleCodec gave " + v + ", not a handle");
            }
            return v;
        } catch (WrpcCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WrpcCodecException(h + " handle: " + e.getMessage(), at, in.path.toString(), e);
        }
    }
}
