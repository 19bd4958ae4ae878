package org.wasmcloud4j.component.abi;

import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.ByteList;
import org.wasmcloud4j.component.value.Value;

/**
 * Lifting and lowering of dynamic {@link Value}s through the canonical ABI: loads and stores in linear memory,
 * and flat core values ({@code long} slots as Chicory passes them: i32 sign-extended, floats as raw bits).
 *
 * <p>Every guest-provided pointer, length, discriminant, character and string is checked; violations throw
 * {@link Trap} naming the problem. Resource handles move between the {@link GuestMemory#GuestMemory(com.dylibso.chicory.runtime.Memory, com.dylibso.chicory.runtime.ExportFunction, StringEncoding, HandleTable, CallScope, Object) handle table} of the instance and {@link ResourceHandle}s.
 */
public final class ValueCodec {
    private static final long[] NO_VALUES = new long[0];

    private static final long UTF16_TAG = 1L << 31;

    private ValueCodec() {}

    // ---------------------------------------------------------------- load / store

    /** Reads a value of type {@code t} at {@code ptr}. */
    public static Value load(GuestMemory cx, ValType t, long ptr) {
        ValType u = t.unwrap();
        cx.check(ptr, CanonicalLayout.size(u), CanonicalLayout.alignment(u), "value of type ", t);
        Memory m = cx.memory();
        int p = (int) ptr;
        if (u instanceof PrimitiveType prim) {
            switch (prim) {
                case BOOL: return new Value.Bool(m.read(p) != 0);
                case S8: return new Value.Int(prim, m.read(p));
                case U8: return new Value.Int(prim, m.read(p) & 0xff);
                case S16: return new Value.Int(prim, m.readShort(p));
                case U16: return new Value.Int(prim, m.readShort(p) & 0xffff);
                case S32: return new Value.Int(prim, m.readInt(p));
                case U32: return new Value.Int(prim, m.readInt(p) & 0xffff_ffffL);
                case S64: case U64: return new Value.Int(prim, m.readLong(p));
                case F32: return new Value.F32(m.readFloat(p));
                case F64: return new Value.F64(m.readDouble(p));
                case CHAR: return new Value.Char(checkChar(m.readInt(p)));
                default: return loadString(cx, m.readInt(p) & 0xffff_ffffL, m.readInt(p + 4) & 0xffff_ffffL);
            }
        }
        if (u instanceof ListType l) {
            return loadList(cx, l.element(), m.readInt(p) & 0xffff_ffffL, m.readInt(p + 4) & 0xffff_ffffL);
        }
        if (u instanceof RecordType r) {
            List<ValType> types = r.fields().stream().map(RecordType.Field::type).toList();
            int[] offsets = CanonicalLayout.fieldOffsets(types);
            Map<String, Value> fields = new LinkedHashMap<>();
            for (int i = 0; i < offsets.length; i++) {
                fields.put(r.fields().get(i).name(), load(cx, types.get(i), ptr + offsets[i]));
            }
            return new Value.RecordValue(fields);
        }
        if (u instanceof TupleType tt) {
            int[] offsets = CanonicalLayout.fieldOffsets(tt.elements());
            List<Value> elements = new ArrayList<>();
            for (int i = 0; i < offsets.length; i++) {
                elements.add(load(cx, tt.elements().get(i), ptr + offsets[i]));
            }
            return new Value.TupleValue(elements);
        }
        if (u instanceof FlagsType f) {
            int n = f.flags().size();
            Set<String> set = new LinkedHashSet<>();
            int bytes = CanonicalLayout.size(u);
            for (int i = 0; i < n; i++) {
                int word = bytes == 1 ? m.read(p) & 0xff : bytes == 2 ? m.readShort(p) & 0xffff
                        : m.readInt(p + 4 * (i / 32));
                if ((word >>> (i % 32) & 1) != 0) {
                    set.add(f.flags().get(i));
                }
            }
            return new Value.FlagsValue(set);
        }
        if (u instanceof HandleType h) {
            cx.check(ptr, 4, 4, "handle");
            return liftHandle(cx, h, cx.memory().readInt((int) ptr) & 0xffff_ffffL);
        }
        List<Optional<ValType>> cases = CanonicalLayout.cases(u);
        int discSize = CanonicalLayout.discriminantSize(cases.size());
        long disc = discSize == 1 ? m.read(p) & 0xff : discSize == 2 ? m.readShort(p) & 0xffff
                : m.readInt(p) & 0xffff_ffffL;
        if (disc >= cases.size()) {
            throw new Trap("discriminant " + disc + " of " + t + " at " + ptr + " is out of range (" + cases.size()
                    + " cases)");
        }
        Optional<ValType> payloadType = cases.get((int) disc);
        Optional<Value> payload = payloadType.map(pt -> load(cx, pt, ptr + CanonicalLayout.payloadOffset(u)));
        return variantValue(u, (int) disc, payload);
    }

    /** Writes {@code v} of type {@code t} at {@code ptr}. */
    public static void store(GuestMemory cx, Value v, ValType t, long ptr) {
        ValType u = t.unwrap();
        cx.check(ptr, CanonicalLayout.size(u), CanonicalLayout.alignment(u), "value of type ", t);
        Memory m = cx.memory();
        int p = (int) ptr;
        if (u instanceof PrimitiveType prim) {
            switch (prim) {
                case BOOL: m.writeByte(p, (byte) (((Value.Bool) v).value() ? 1 : 0)); return;
                case S8: case U8: m.writeByte(p, (byte) ((Value.Int) v).value()); return;
                case S16: case U16: m.writeShort(p, (short) ((Value.Int) v).value()); return;
                case S32: case U32: m.writeI32(p, (int) ((Value.Int) v).value()); return;
                case S64: case U64: m.writeLong(p, ((Value.Int) v).value()); return;
                case F32: m.writeF32(p, ((Value.F32) v).value()); return;
                case F64: m.writeF64(p, ((Value.F64) v).value()); return;
                case CHAR: m.writeI32(p, ((Value.Char) v).codePoint()); return;
                default: {
                    long[] pl = storeString(cx, ((Value.Str) v).value());
                    m.writeI32(p, (int) pl[0]);
                    m.writeI32(p + 4, (int) pl[1]);
                    return;
                }
            }
        }
        if (u instanceof ListType l) {
            long[] pl = storeList(cx, ((Value.ListValue) v).elements(), l.element());
            m.writeI32(p, (int) pl[0]);
            m.writeI32(p + 4, (int) pl[1]);
            return;
        }
        if (u instanceof RecordType r) {
            List<ValType> types = r.fields().stream().map(RecordType.Field::type).toList();
            int[] offsets = CanonicalLayout.fieldOffsets(types);
            Map<String, Value> fields = ((Value.RecordValue) v).fields();
            for (int i = 0; i < offsets.length; i++) {
                store(cx, fields.get(r.fields().get(i).name()), types.get(i), ptr + offsets[i]);
            }
            return;
        }
        if (u instanceof TupleType tt) {
            int[] offsets = CanonicalLayout.fieldOffsets(tt.elements());
            List<Value> elements = ((Value.TupleValue) v).elements();
            for (int i = 0; i < offsets.length; i++) {
                store(cx, elements.get(i), tt.elements().get(i), ptr + offsets[i]);
            }
            return;
        }
        if (u instanceof FlagsType f) {
            int[] words = flagWords(f, (Value.FlagsValue) v);
            int bytes = CanonicalLayout.size(u);
            if (bytes == 1) {
                m.writeByte(p, (byte) words[0]);
            } else if (bytes == 2) {
                m.writeShort(p, (short) words[0]);
            } else {
                for (int i = 0; i < words.length; i++) {
                    m.writeI32(p + 4 * i, words[i]);
                }
            }
            return;
        }
        if (u instanceof HandleType h) {
            cx.check(ptr, 4, 4, "handle");
            cx.memory().writeI32((int) ptr, lowerHandle(cx, h, v));
            return;
        }
        int disc = caseIndex(u, v);
        int discSize = CanonicalLayout.discriminantSize(CanonicalLayout.cases(u).size());
        if (discSize == 1) {
            m.writeByte(p, (byte) disc);
        } else if (discSize == 2) {
            m.writeShort(p, (short) disc);
        } else {
            m.writeI32(p, disc);
        }
        Optional<ValType> payloadType = CanonicalLayout.cases(u).get(disc);
        if (payloadType.isPresent()) {
            store(cx, payload(v).orElseThrow(), payloadType.get(), ptr + CanonicalLayout.payloadOffset(u));
        }
    }

    // ---------------------------------------------------------------- flat

    /** Lifts a value of type {@code t} from flat core values, advancing {@code in}. */
    public static Value liftFlat(GuestMemory cx, ValType t, FlatReader in) {
        ValType u = t.unwrap();
        if (u instanceof PrimitiveType prim) {
            switch (prim) {
                case STRING: {
                    long ptr = in.next(CoreValType.I32) & 0xffff_ffffL;
                    long len = in.next(CoreValType.I32) & 0xffff_ffffL;
                    return loadString(cx, ptr, len);
                }
                case S64: case U64: return liftScalar(prim, in.next(CoreValType.I64));
                case F32: return liftScalar(prim, in.next(CoreValType.F32));
                case F64: return liftScalar(prim, in.next(CoreValType.F64));
                default: return liftScalar(prim, in.next(CoreValType.I32));
            }
        }
        if (u instanceof ListType l) {
            long ptr = in.next(CoreValType.I32) & 0xffff_ffffL;
            long len = in.next(CoreValType.I32) & 0xffff_ffffL;
            return loadList(cx, l.element(), ptr, len);
        }
        if (u instanceof RecordType r) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (RecordType.Field f : r.fields()) {
                fields.put(f.name(), liftFlat(cx, f.type(), in));
            }
            return new Value.RecordValue(fields);
        }
        if (u instanceof TupleType tt) {
            List<Value> elements = new ArrayList<>();
            for (ValType e : tt.elements()) {
                elements.add(liftFlat(cx, e, in));
            }
            return new Value.TupleValue(elements);
        }
        if (u instanceof FlagsType f) {
            Set<String> set = new LinkedHashSet<>();
            int word = 0;
            for (int i = 0; i < f.flags().size(); i++) {
                if (i % 32 == 0) {
                    word = (int) in.next(CoreValType.I32);
                }
                if ((word >>> (i % 32) & 1) != 0) {
                    set.add(f.flags().get(i));
                }
            }
            return new Value.FlagsValue(set);
        }
        if (u instanceof HandleType h) {
            return liftHandle(cx, h, in.next(CoreValType.I32) & 0xffff_ffffL);
        }
        List<Optional<ValType>> cases = CanonicalLayout.cases(u);
        List<CoreValType> joined = CanonicalLayout.flatten(u).subList(1, CanonicalLayout.flatten(u).size());
        long disc = in.next(CoreValType.I32) & 0xffff_ffffL;
        if (disc >= cases.size()) {
            throw new Trap("discriminant " + disc + " of " + t + " is out of range (" + cases.size() + " cases)");
        }
        Optional<ValType> payloadType = cases.get((int) disc);
        long[] slots = new long[joined.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = in.next(joined.get(i));
        }
        Optional<Value> payload = Optional.empty();
        if (payloadType.isPresent()) {
            List<CoreValType> want = CanonicalLayout.flatten(payloadType.get());
            long[] coerced = new long[want.size()];
            for (int i = 0; i < want.size(); i++) {
                coerced[i] = coerceFromJoined(slots[i], joined.get(i), want.get(i));
            }
            payload = Optional.of(liftFlat(cx, payloadType.get(), new FlatReader(coerced, want)));
        }
        return variantValue(u, (int) disc, payload);
    }

    /** Lowers {@code v} of type {@code t} to flat core values appended to {@code out}. */
    public static void lowerFlat(GuestMemory cx, Value v, ValType t, List<Long> out) {
        ValType u = t.unwrap();
        if (u instanceof PrimitiveType prim) {
            switch (prim) {
                case BOOL: out.add(((Value.Bool) v).value() ? 1L : 0L); return;
                case S8: case S16: case S32: out.add(((Value.Int) v).value()); return;
                case U8: case U16: case U32: out.add((long) (int) ((Value.Int) v).value()); return;
                case S64: case U64: out.add(((Value.Int) v).value()); return;
                case F32: out.add((long) Float.floatToRawIntBits(((Value.F32) v).value())); return;
                case F64: out.add(Double.doubleToRawLongBits(((Value.F64) v).value())); return;
                case CHAR: out.add((long) ((Value.Char) v).codePoint()); return;
                default: {
                    long[] pl = storeString(cx, ((Value.Str) v).value());
                    out.add((long) (int) pl[0]);
                    out.add((long) (int) pl[1]);
                    return;
                }
            }
        }
        if (u instanceof ListType l) {
            long[] pl = storeList(cx, ((Value.ListValue) v).elements(), l.element());
            out.add((long) (int) pl[0]);
            out.add((long) (int) pl[1]);
            return;
        }
        if (u instanceof RecordType r) {
            Map<String, Value> fields = ((Value.RecordValue) v).fields();
            for (RecordType.Field f : r.fields()) {
                lowerFlat(cx, fields.get(f.name()), f.type(), out);
            }
            return;
        }
        if (u instanceof TupleType tt) {
            List<Value> elements = ((Value.TupleValue) v).elements();
            for (int i = 0; i < tt.elements().size(); i++) {
                lowerFlat(cx, elements.get(i), tt.elements().get(i), out);
            }
            return;
        }
        if (u instanceof FlagsType f) {
            for (int w : flagWords(f, (Value.FlagsValue) v)) {
                out.add((long) w);
            }
            return;
        }
        if (u instanceof HandleType h) {
            out.add((long) lowerHandle(cx, h, v));
            return;
        }
        List<CoreValType> flat = CanonicalLayout.flatten(u);
        List<CoreValType> joined = flat.subList(1, flat.size());
        int disc = caseIndex(u, v);
        out.add((long) disc);
        Optional<ValType> payloadType = CanonicalLayout.cases(u).get(disc);
        List<Long> payload = new ArrayList<>();
        List<CoreValType> have = List.of();
        if (payloadType.isPresent()) {
            lowerFlat(cx, payload(v).orElseThrow(), payloadType.get(), payload);
            have = CanonicalLayout.flatten(payloadType.get());
        }
        for (int i = 0; i < joined.size(); i++) {
            out.add(i < payload.size() ? coerceToJoined(payload.get(i), have.get(i), joined.get(i)) : 0L);
        }
    }

    // ---------------------------------------------------------------- handles

    private static Value liftHandle(GuestMemory cx, HandleType h, long index) {
        HandleTable table = cx.handles();
        ResourceRuntimeType want = cx.expected(h);
        ResourceHandle r = h.borrow() ? table.liftBorrowAny(index, cx.scope(), want) : table.liftOwnAny(index, want);
        return new Value.Handle(r);
    }

    private static int lowerHandle(GuestMemory cx, HandleType h, Value v) {
        if (!(v instanceof Value.Handle hv)) {
            throw new Trap("expected a handle for " + h + ", found " + v);
        }
        ResourceHandle r = hv.resource();
        ResourceRuntimeType want = cx.expected(h);
        if (want != null && r.type() != want) {
            throw new Trap("a handle to " + r.type() + " was passed where " + h + " (" + want + ") is expected");
        }
        HandleTable table = cx.handles();
        if (h.borrow()) {
            return table.lowerBorrow(r.type(), r.repForBorrow(), cx.scope(), cx.self());
        }
        return table.lowerOwn(r.type(), r.moveOut());
    }

    // ---------------------------------------------------------------- functions

    /**
     * Lifts the parameters of {@code f} from the core arguments a guest passed to a lowered import (or a host passes
     * to a lifted export): directly, or from memory when they were spilled.
     */
    public static List<Value> liftParams(GuestMemory cx, FuncType f, long[] core, CanonicalLayout.Direction dir) {
        return liftParams(cx, f, CanonicalLayout.signature(f, dir), core);
    }

    /** As {@link #liftParams(GuestMemory, FuncType, long[], CanonicalLayout.Direction)} with the signature given. */
    public static List<Value> liftParams(GuestMemory cx, FuncType f, CoreSignature sig, long[] core) {
        List<FuncType.Param> params = f.params();
        int n = params.size();
        if (sig.paramsInMemory()) {
            List<ValType> types = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                types.add(params.get(i).type());
            }
            return ((Value.TupleValue) load(cx, new TupleType(types), core[0] & 0xffff_ffffL)).elements();
        }
        if (n == 0) {
            return List.of();
        }
        FlatReader in = new FlatReader(core, sig.params());
        Value[] out = new Value[n];
        for (int i = 0; i < n; i++) {
            out[i] = liftFlat(cx, params.get(i).type(), in);
        }
        return java.util.Arrays.asList(out);
    }

    /** Lowers arguments for calling a lifted export: flat, or spilled into memory allocated with realloc. */
    public static long[] lowerParams(GuestMemory cx, FuncType f, List<Value> args) {
        return lowerParams(cx, f, CanonicalLayout.signature(f, CanonicalLayout.Direction.LIFT), args);
    }

    /** As {@link #lowerParams(GuestMemory, FuncType, List)} with the lift signature of {@code f} precomputed. */
    public static long[] lowerParams(GuestMemory cx, FuncType f, CoreSignature sig, List<Value> args) {
        List<FuncType.Param> params = f.params();
        if (params.isEmpty()) {
            return NO_VALUES;
        }
        if (sig.paramsInMemory()) {
            TupleType tuple = new TupleType(params.stream().map(FuncType.Param::type).toList());
            int ptr = cx.allocate(CanonicalLayout.alignment(tuple), CanonicalLayout.size(tuple), "spilled parameters");
            store(cx, new Value.TupleValue(args), tuple, ptr);
            return new long[] {ptr};
        }
        if (params.size() == sig.params().size()) {
            long[] direct = lowerScalars(cx, params, args);
            if (direct != null) {
                return direct;
            }
        }
        List<Long> out = new ArrayList<>(sig.params().size());
        for (int i = 0; i < params.size(); i++) {
            lowerFlat(cx, args.get(i), params.get(i).type(), out);
        }
        return toArray(out);
    }

    /**
     * The fast path of {@link #lowerParams}: when every parameter is a scalar (one core value, no memory), its core
     * values straight into an array, without boxing; else {@code null}.
     */
    private static long[] lowerScalars(GuestMemory cx, List<FuncType.Param> params, List<Value> args) {
        for (int i = 0; i < params.size(); i++) {
            if (!isScalar(params.get(i).type().unwrap())) {
                return null;
            }
        }
        long[] core = new long[params.size()];
        for (int i = 0; i < core.length; i++) {
            core[i] = lowerScalar(cx, args.get(i), params.get(i).type().unwrap());
        }
        return core;
    }

    /** Whether values of {@code u} (unwrapped) lower to exactly one core value without touching memory. */
    private static boolean isScalar(ValType u) {
        return u instanceof HandleType || u instanceof PrimitiveType p && p != PrimitiveType.STRING;
    }

    /** The one core value of {@code v} of scalar type {@code u}, as {@link #lowerFlat} would append it. */
    private static long lowerScalar(GuestMemory cx, Value v, ValType u) {
        if (u instanceof HandleType h) {
            return lowerHandle(cx, h, v);
        }
        switch ((PrimitiveType) u) {
            case BOOL: return ((Value.Bool) v).value() ? 1L : 0L;
            case S8: case S16: case S32: case S64: case U64: return ((Value.Int) v).value();
            case U8: case U16: case U32: return (int) ((Value.Int) v).value();
            case F32: return Float.floatToRawIntBits(((Value.F32) v).value());
            case F64: return Double.doubleToRawLongBits(((Value.F64) v).value());
            case CHAR: return ((Value.Char) v).codePoint();
            default: throw new IllegalStateException("not a scalar: " + u);
        }
    }

    /** Lifts the result of a lifted export from what its core function returned. */
    public static Optional<Value> liftResult(GuestMemory cx, FuncType f, long[] core) {
        if (f.result().isEmpty()) {
            return Optional.empty();
        }
        return liftResult(cx, f, CanonicalLayout.signature(f, CanonicalLayout.Direction.LIFT), core);
    }

    /**
     * Lowers the result of a lowered call back to the guest that made it: stored at the return pointer (the last core
     * argument) when it does not fit in one core value, else returned as core values.
     *
     * @param sig the lower signature of {@code f}
     * @param args the core arguments of the call (for the return pointer)
     */
    public static long[] lowerResult(GuestMemory cx, FuncType f, CoreSignature sig, Value result, long[] args) {
        if (f.result().isEmpty()) {
            return NO_VALUES;
        }
        if (sig.resultsInMemory()) {
            store(cx, result, f.result().get(), args[args.length - 1] & 0xffff_ffffL);
            return NO_VALUES;
        }
        ValType u = f.result().get().unwrap();
        if (isScalar(u)) {
            return new long[] {lowerScalar(cx, result, u)};
        }
        List<Long> out = new ArrayList<>(sig.results().size());
        lowerFlat(cx, result, f.result().get(), out);
        return toArray(out);
    }

    private static long[] toArray(List<Long> values) {
        long[] core = new long[values.size()];
        for (int i = 0; i < core.length; i++) {
            core[i] = values.get(i);
        }
        return core;
    }

    /**
     * Lifts a scalar primitive (any primitive but {@code string}) from its one flat core value: the fast path for
     * results that need no memory.
     */
    public static Value liftScalar(PrimitiveType p, long core) {
        switch (p) {
            case BOOL: return new Value.Bool((int) core != 0);
            case S8: return new Value.Int(p, (byte) core);
            case U8: return new Value.Int(p, core & 0xff);
            case S16: return new Value.Int(p, (short) core);
            case U16: return new Value.Int(p, core & 0xffff);
            case S32: return new Value.Int(p, (int) core);
            case U32: return new Value.Int(p, core & 0xffff_ffffL);
            case S64: case U64: return new Value.Int(p, core);
            case F32: return new Value.F32(Float.intBitsToFloat((int) core));
            case F64: return new Value.F64(Double.longBitsToDouble(core));
            case CHAR: return new Value.Char(checkChar((int) core));
            default: throw new IllegalArgumentException(p + " is not a scalar");
        }
    }

    /** As {@link #liftResult(GuestMemory, FuncType, long[])} with the lift signature of {@code f} precomputed. */
    public static Optional<Value> liftResult(GuestMemory cx, FuncType f, CoreSignature sig, long[] core) {
        if (f.result().isEmpty()) {
            return Optional.empty();
        }
        ValType t = f.result().get();
        if (sig.resultsInMemory()) {
            return Optional.of(load(cx, t, core[0] & 0xffff_ffffL));
        }
        return Optional.of(liftFlat(cx, t, new FlatReader(core, sig.results())));
    }

    // ---------------------------------------------------------------- strings and lists

    private static Value loadString(GuestMemory cx, long ptr, long taggedLen) {
        Memory m = cx.memory();
        switch (cx.encoding()) {
            case UTF8: {
                cx.check(ptr, taggedLen, 1, "string");
                return new Value.Str(decodeUtf8(m, (int) ptr, (int) taggedLen));
            }
            case UTF16: {
                cx.check(ptr, taggedLen * 2, 2, "UTF-16 string");
                return new Value.Str(decodeUtf16(m.readBytes((int) ptr, (int) (taggedLen * 2)), ptr));
            }
            default: {
                if ((taggedLen & UTF16_TAG) != 0) {
                    long units = taggedLen ^ UTF16_TAG;
                    cx.check(ptr, units * 2, 2, "UTF-16 string");
                    return new Value.Str(decodeUtf16(m.readBytes((int) ptr, (int) (units * 2)), ptr));
                }
                cx.check(ptr, taggedLen, 2, "Latin-1 string");
                return new Value.Str(new String(m.readBytes((int) ptr, (int) taggedLen), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Lowers a string into memory from {@code realloc}. An empty string is no exception (CanonicalABI.md
     * {@code store_string_copy}): {@code realloc(0, 0, align, 0)} is still called and its pointer passed on, since
     * guests may check that they get back the buffer they offered. A Java string is Latin-1 or UTF-16 (the
     * {@code latin1+utf16} source encoding), so one allocation of the final size is what the spec does for it.
     */
    private static long[] storeString(GuestMemory cx, String s) {
        if (cx.encoding() == StringEncoding.UTF8) {
            try (StringTransfer.Encoded utf8 = StringTransfer.encodeUtf8(s)) {
                int ptr = cx.allocate(1, utf8.length, "a string", null);
                cx.memory().write(ptr, utf8.bytes, 0, utf8.length);
                return new long[] {ptr, utf8.length};
            }
        }
        byte[] bytes;
        int align;
        long len;
        switch (cx.encoding()) {
            case UTF16:
                bytes = s.getBytes(StandardCharsets.UTF_16LE);
                align = 2;
                len = s.length();
                break;
            default:
                if (s.chars().allMatch(c -> c < 0x100)) {
                    bytes = s.getBytes(StandardCharsets.ISO_8859_1);
                    len = bytes.length;
                } else {
                    bytes = s.getBytes(StandardCharsets.UTF_16LE);
                    len = s.length() | UTF16_TAG;
                }
                align = 2;
        }
        if (bytes.length > Integer.MAX_VALUE - 1) {
            throw new Trap("string of " + bytes.length + " bytes exceeds the canonical ABI's maximum length");
        }
        int ptr = cx.allocate(align, bytes.length, "a string", null);
        cx.memory().write(ptr, bytes);
        return new long[] {ptr, len};
    }

    /** Describes a list for an error message, only when one is needed. */
    private record ListSubject(long length, ValType element) {
        @Override
        public String toString() {
            return length + " " + element;
        }
    }

    private static Value loadList(GuestMemory cx, ValType element, long ptr, long len) {
        int size = CanonicalLayout.size(element);
        cx.check(ptr, len * size, CanonicalLayout.alignment(element), "list of ", new ListSubject(len, element));
        if (element.unwrap() == PrimitiveType.U8) {
            return new Value.ListValue(ByteList.Access.wrap(cx.memory().readBytes((int) ptr, (int) len)));
        }
        List<Value> out = new ArrayList<>((int) Math.min(len, 1 << 16));
        for (long i = 0; i < len; i++) {
            out.add(load(cx, element, ptr + i * size));
        }
        return new Value.ListValue(out);
    }

    private static long[] storeList(GuestMemory cx, List<Value> elements, ValType element) {
        int size = CanonicalLayout.size(element);
        long bytes = (long) elements.size() * size;
        // an empty list too is allocated: realloc(0, 0, align, 0) (CanonicalABI.md store_list_into_range)
        int ptr = cx.allocate(CanonicalLayout.alignment(element), bytes, "a list of ",
                new ListSubject(elements.size(), element));
        if (element.unwrap() == PrimitiveType.U8) {
            byte[] b = elements instanceof ByteList bl ? ByteList.Access.array(bl)
                    : new Value.ListValue(elements).toByteArray();
            cx.memory().write(ptr, b);
            return new long[] {ptr, elements.size()};
        }
        for (int i = 0; i < elements.size(); i++) {
            store(cx, elements.get(i), element, ptr + (long) i * size);
        }
        return new long[] {ptr, elements.size()};
    }

    private static String decodeUtf8(Memory m, int ptr, int len) {
        // the JDK's decoder is fast (intrinsics) and replaces bad input with U+FFFD; without one, the input was valid
        String fast = StringTransfer.readUtf8(m, ptr, len);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(m.readBytes(ptr, len)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Trap("string at " + ptr + " is not valid UTF-8");
        }
    }

    private static String decodeUtf16(byte[] bytes, long ptr) {
        CharBuffer chars = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asCharBuffer();
        String s = chars.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Trap("string at " + ptr + " is not valid UTF-16 (unpaired surrogate at unit " + i + ")");
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- helpers

    private static int checkChar(int cp) {
        if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new Trap("0x" + Integer.toHexString(cp) + " is not a Unicode scalar value (char)");
        }
        return cp;
    }

    private static int[] flagWords(FlagsType f, Value.FlagsValue v) {
        int[] words = new int[(f.flags().size() + 31) / 32];
        for (String name : v.set()) {
            int i = f.flags().indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("unknown flag '" + name + "'");
            }
            words[i / 32] |= 1 << (i % 32);
        }
        return words;
    }

    private static Value variantValue(ValType u, int disc, Optional<Value> payload) {
        if (u instanceof VariantType v) {
            return new Value.VariantValue(v.cases().get(disc).name(), payload);
        }
        if (u instanceof EnumType e) {
            return new Value.EnumValue(e.cases().get(disc));
        }
        if (u instanceof OptionType) {
            return new Value.OptionValue(payload);
        }
        return new Value.ResultValue(disc == 0, payload);
    }

    private static int caseIndex(ValType u, Value v) {
        if (u instanceof VariantType vt && v instanceof Value.VariantValue vv) {
            for (int i = 0; i < vt.cases().size(); i++) {
                if (vt.cases().get(i).name().equals(vv.caseName())) {
                    return i;
                }
            }
        } else if (u instanceof EnumType e && v instanceof Value.EnumValue ev) {
            int i = e.cases().indexOf(ev.caseName());
            if (i >= 0) {
                return i;
            }
        } else if (u instanceof OptionType && v instanceof Value.OptionValue o) {
            return o.value().isPresent() ? 1 : 0;
        } else if (u instanceof ResultType && v instanceof Value.ResultValue r) {
            return r.isOk() ? 0 : 1;
        }
        throw new IllegalArgumentException("value " + v + " is not of type " + u);
    }

    private static Optional<Value> payload(Value v) {
        if (v instanceof Value.VariantValue vv) {
            return vv.payload();
        }
        if (v instanceof Value.OptionValue o) {
            return o.value();
        }
        if (v instanceof Value.ResultValue r) {
            return r.payload();
        }
        return Optional.empty();
    }

    /** Converts a value of core type {@code have} into the joined slot type {@code joined} (lowering a variant). */
    static long coerceToJoined(long v, CoreValType have, CoreValType joined) {
        if (have == joined) {
            return v;
        }
        if (joined == CoreValType.I32 && have == CoreValType.F32) {
            return v; // raw bits already
        }
        if (joined == CoreValType.I64) {
            switch (have) {
                case I32: case F32: return v & 0xffff_ffffL;
                default: return v; // f64 raw bits
            }
        }
        throw new IllegalStateException("cannot join " + have + " into " + joined);
    }

    /** The inverse of {@link #coerceToJoined}: reads a {@code want} value out of a joined slot. */
    static long coerceFromJoined(long v, CoreValType joined, CoreValType want) {
        if (joined == want) {
            return v;
        }
        switch (want) {
            case I32: case F32: return (int) v;
            default: return v;
        }
    }

    /** Sequential reader of flat core values with their declared types. */
    public static final class FlatReader {
        private final long[] values;
        private final List<CoreValType> types;
        private int index;

        /**
         * @param values the core values
         * @param types their core types (same length or longer)
         */
        public FlatReader(long[] values, List<CoreValType> types) {
            this.values = values;
            this.types = types;
        }

        long next(CoreValType expected) {
            if (index >= values.length) {
                throw new Trap("too few core values: wanted a " + expected + " at position " + index);
            }
            if (index < types.size() && types.get(index) != expected) {
                throw new IllegalStateException("core value " + index + " is " + types.get(index) + ", not "
                        + expected);
            }
            return values[index++];
        }
    }
}
