package org.wasmcloud4j.lattice.wrpc;

import java.util.ArrayList;
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
 * Writes values in the wRPC encoding, checking each value against its type as it goes. Signed integers are written
 * as standard (shortest) signed LEB128. A non-empty stream is written ready (as a list); an empty one, and a
 * {@code none} future, are written pending and reported as {@link AsyncPart}s. Made by {@link WrpcCodec#encoder};
 * not thread-safe (cheap to make, one per channel).
 */
public final class WrpcEncoder {
    private static final byte[] STREAM_END = {0};

    private final HandleCodec handles;
    private WireOutput out;
    private ValuePath path;
    private List<AsyncPart> async;

    WrpcEncoder(HandleCodec handles) {
        this.handles = handles;
    }

    /** The chunk that ends a pending stream on its channel: an empty list ({@code 0x00}). */
    public static byte[] streamEnd() {
        return STREAM_END.clone();
    }

    /**
     * Encodes one value of each type, the {@code i}-th at index {@code [i]} and named {@code role + " " + i} in
     * errors: the parameters or results of a call ({@code role} is {@code "param"} or {@code "result"}).
     *
     * @throws WrpcCodecException if the counts differ or a value is not of its type
     */
    public Encoded encodeValues(List<? extends ValType> types, List<? extends Value> values, String role) {
        if (types.size() != values.size()) {
            throw new WrpcCodecException(types.size() + " " + role + " type(s) but " + values.size() + " value(s)",
                    0, role + "s");
        }
        begin(role + "s", IndexPath.root(), 64);
        for (int i = 0; i < types.size(); i++) {
            path = new ValuePath(role + " " + i, IndexPath.of(i));
            write(values.get(i), types.get(i));
        }
        return finish();
    }

    /** Encodes one value of {@code type} at {@code index}, named {@code label} in errors. */
    public Encoded encodeValue(ValType type, Value value, String label, IndexPath index) {
        begin(label, index, 16);
        write(value, type);
        return finish();
    }

    /**
     * Encodes a chunk of a pending stream for the stream's channel: a u32 count and the elements, the first being
     * element {@code firstIndex} of the stream. An empty chunk would end the stream; use {@link #streamEnd()}.
     *
     * @throws IllegalArgumentException if {@code elements} is empty
     */
    public Encoded encodeStreamChunk(StreamType type, List<? extends Value> elements, IndexPath path,
            long firstIndex) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("an empty chunk ends a stream; use streamEnd()");
        }
        begin("stream " + path, path, 16 + elements.size());
        out.writeUnsigned(elements.size());
        writeElements(streamElement(type), elements, firstIndex);
        return finish();
    }

    /** Encodes the value of a pending future for the future's channel. */
    public Encoded encodeFutureValue(FutureType type, Value value, IndexPath path) {
        begin("future " + path, path, 16);
        if (type.element().isPresent()) {
            write(value, type.element().get());
        } else if (!(value instanceof Value.TupleValue tv) || !tv.elements().isEmpty()) {
            throw mismatch("the value of a future without a type, tuple()", value);
        }
        return finish();
    }

    private void begin(String label, IndexPath index, int capacity) {
        out = new WireOutput(capacity);
        path = new ValuePath(label, index);
        async = null; // made by the first async value: most encodings have none
    }

    private Encoded finish() {
        Encoded e = new Encoded(out.toByteArray(), async == null ? List.of() : async);
        out = null;
        async = null;
        return e;
    }

    private void asyncPart(AsyncPart p) {
        if (async == null) {
            async = new ArrayList<>();
        }
        async.add(p);
    }

    private WrpcCodecException error(String detail) {
        return new WrpcCodecException(detail, out.size(), path.toString());
    }

    private WrpcCodecException mismatch(Object type, Value v) {
        String shown = String.valueOf(v);
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        return error("expected a value of " + type + ", found " + shown);
    }

    private void write(Value v, ValType type) {
        ValType t = type instanceof NamedType ? type.unwrap() : type;
        if (t instanceof PrimitiveType p) {
            primitive(v, p);
        } else if (t instanceof ListType l) {
            if (!(v instanceof Value.ListValue lv)) {
                throw mismatch(t, v);
            }
            out.writeUnsigned(lv.elements().size());
            writeElements(l.element(), lv.elements(), 0);
        } else if (t instanceof RecordType r) {
            if (!(v instanceof Value.RecordValue rv) || rv.fields().size() != r.fields().size()) {
                throw mismatch(t, v);
            }
            Map<String, Value> fs = rv.fields();
            for (int i = 0; i < r.fields().size(); i++) {
                RecordType.Field f = r.fields().get(i);
                Value fv = fs.get(f.name());
                if (fv == null) {
                    throw mismatch(t, v);
                }
                path.field(f.name(), i);
                write(fv, f.type());
                path.pop();
            }
        } else if (t instanceof TupleType tt) {
            if (!(v instanceof Value.TupleValue tv) || tv.elements().size() != tt.elements().size()) {
                throw mismatch(t, v);
            }
            for (int i = 0; i < tt.elements().size(); i++) {
                path.member(i);
                write(tv.elements().get(i), tt.elements().get(i));
                path.pop();
            }
        } else if (t instanceof VariantType vt) {
            if (!(v instanceof Value.VariantValue vv)) {
                throw mismatch(t, v);
            }
            List<VariantType.Case> cases = vt.cases();
            int disc = -1;
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i).name().equals(vv.caseName())) {
                    disc = i;
                    break;
                }
            }
            if (disc < 0) {
                throw error(vt + " has no case '" + vv.caseName() + "'");
            }
            out.writeUnsigned(disc);
            payload(vv.payload(), cases.get(disc).type(), vv.caseName(), v, t);
        } else if (t instanceof EnumType e) {
            int disc = v instanceof Value.EnumValue ev ? e.cases().indexOf(ev.caseName()) : -1;
            if (disc < 0) {
                throw mismatch(t, v);
            }
            out.writeUnsigned(disc);
        } else if (t instanceof OptionType o) {
            if (!(v instanceof Value.OptionValue ov)) {
                throw mismatch(t, v);
            }
            out.write(ov.value().isPresent() ? 1 : 0);
            if (ov.value().isPresent()) {
                payload(ov.value(), Optional.of(o.some()), "some", v, t);
            }
        } else if (t instanceof ResultType r) {
            if (!(v instanceof Value.ResultValue rv)) {
                throw mismatch(t, v);
            }
            out.write(rv.isOk() ? 0 : 1);
            payload(rv.payload(), rv.isOk() ? r.ok() : r.err(), rv.isOk() ? "ok" : "err", v, t);
        } else if (t instanceof FlagsType f) {
            flags(v, f);
        } else if (t instanceof HandleType h) {
            handle(v, h);
        } else if (t instanceof StreamType s) {
            ValType element = streamElement(s);
            if (!(v instanceof Value.ListValue lv)) {
                throw mismatch(t, v);
            }
            out.writeUnsigned(lv.elements().size());
            if (lv.elements().isEmpty()) {
                asyncPart(new AsyncPart(path.index(), s, AsyncPart.Kind.STREAM));
            } else {
                writeElements(element, lv.elements(), 0);
            }
        } else if (t instanceof FutureType f) {
            if (!(v instanceof Value.OptionValue ov)) {
                throw mismatch(t, v);
            }
            if (ov.value().isEmpty()) {
                out.write(0);
                asyncPart(new AsyncPart(path.index(), f, AsyncPart.Kind.FUTURE));
            } else {
                out.write(1);
                if (f.element().isPresent()) {
                    payload(ov.value(), f.element(), "ready", v, t);
                } else if (!(ov.value().get() instanceof Value.TupleValue tv) || !tv.elements().isEmpty()) {
                    throw mismatch(t, v);
                }
            }
        } else {
            throw error("no wRPC encoding for " + type);
        }
    }

    private ValType streamElement(StreamType s) {
        return s.element().orElseThrow(() -> error("unsupported: stream without an element type"));
    }

    private void payload(Optional<Value> payload, Optional<ValType> type, String name, Value whole, ValType t) {
        if (payload.isPresent() != type.isPresent()) {
            throw mismatch(t, whole);
        }
        if (payload.isPresent()) {
            path.payload(name);
            write(payload.get(), type.get());
            path.pop();
        }
    }

    private void writeElements(ValType element, List<? extends Value> elements, long firstIndex) {
        if (elements instanceof ByteList b && element.unwrap() == PrimitiveType.U8) {
            byte[] a = ByteList.Access.array(b);
            out.write(a, 0, a.length);
            return;
        }
        path.element(firstIndex);
        long i = firstIndex;
        for (Value e : elements) {
            path.setElement(i++);
            write(e, element);
        }
        path.pop();
    }

    private void primitive(Value v, PrimitiveType p) {
        switch (p) {
            case BOOL:
                if (!(v instanceof Value.Bool b)) {
                    throw mismatch(p, v);
                }
                out.write(b.value() ? 1 : 0);
                return;
            case F32:
                if (!(v instanceof Value.F32 f)) {
                    throw mismatch(p, v);
                }
                out.writeIntLe(Float.floatToRawIntBits(f.value()));
                return;
            case F64:
                if (!(v instanceof Value.F64 d)) {
                    throw mismatch(p, v);
                }
                out.writeLongLe(Double.doubleToRawLongBits(d.value()));
                return;
            case CHAR:
                if (!(v instanceof Value.Char c)) {
                    throw mismatch(p, v);
                }
                out.writeCodePoint(c.codePoint());
                return;
            case STRING:
                if (!(v instanceof Value.Str s)) {
                    throw mismatch(p, v);
                }
                writeString(s.value());
                return;
            default:
                if (!(v instanceof Value.Int i) || i.type() != p) {
                    throw mismatch(p, v);
                }
                switch (p) {
                    case S8: case U8: out.write((int) i.value()); return;
                    case S16: case S32: case S64: out.writeSigned(i.value()); return;
                    default: out.writeUnsigned(i.value());
                }
        }
    }

    /** The UTF-8 length, then the UTF-8 bytes written straight into the output (no intermediate array). */
    private void writeString(String s) {
        long utf8 = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                utf8 += 1;
            } else if (c < 0x800) {
                utf8 += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    utf8 += 4;
                } else {
                    throw error("string has an unpaired surrogate at char " + i + " (not valid Unicode)");
                }
            } else {
                utf8 += 3;
            }
        }
        out.writeUnsigned(utf8);
        out.writeUtf8(s, utf8);
    }

    private void flags(Value v, FlagsType f) {
        if (!(v instanceof Value.FlagsValue fv)) {
            throw mismatch(f, v);
        }
        int n = f.flags().size();
        byte[] bits = new byte[(n + 7) / 8];
        Set<String> set = fv.set();
        int found = 0;
        for (int i = 0; i < n; i++) {
            if (set.contains(f.flags().get(i))) {
                bits[i / 8] |= (byte) (1 << (i % 8));
                found++;
            }
        }
        if (found != set.size()) {
            throw mismatch(f, v);
        }
        out.write(bits, 0, bits.length);
    }

    private void handle(Value v, HandleType h) {
        if (!(v instanceof Value.Handle hv)) {
            throw mismatch(h, v);
        }
        byte[] repr;
        try {
            repr = handles.encode(hv, h);
        } catch (RuntimeException e) {
            throw new WrpcCodecException(h + " handle: " + e.getMessage(), out.size(), path.toString(), e);
        }
        out.writeUnsigned(repr.length);
        out.write(repr, 0, repr.length);
    }
}
