package org.wasmcloud4j.component.value;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/** Type checking of {@link Value}s and conversion between values and plain Java objects. */
public final class Values {
    private Values() {}

    static void requireInRange(PrimitiveType type, long v) {
        long min;
        long max;
        switch (type) {
            case S8: min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; break;
            case U8: min = 0; max = 0xff; break;
            case S16: min = Short.MIN_VALUE; max = Short.MAX_VALUE; break;
            case U16: min = 0; max = 0xffff; break;
            case S32: min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; break;
            case U32: min = 0; max = 0xffff_ffffL; break;
            case S64: case U64: return;
            default: throw new IllegalArgumentException(type + " is not an integer type");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is out of range for " + type);
        }
    }

    /**
     * Checks that {@code value} is a value of {@code type}.
     *
     * @throws IllegalArgumentException naming the path to the first mismatch (e.g. {@code .points[2].x})
     */
    public static void check(Value value, ValType type) {
        check(value, type, "");
    }

    private static void check(Value value, ValType type, String path) {
        ValType t = type.unwrap();
        if (t instanceof PrimitiveType p) {
            boolean ok;
            switch (p) {
                case BOOL: ok = value instanceof Value.Bool; break;
                case F32: ok = value instanceof Value.F32; break;
                case F64: ok = value instanceof Value.F64; break;
                case CHAR: ok = value instanceof Value.Char; break;
                case STRING: ok = value instanceof Value.Str; break;
                default: ok = value instanceof Value.Int i && i.type() == p;
            }
            if (!ok) {
                throw mismatch(path, type, value);
            }
        } else if (t instanceof ListType l) {
            if (!(value instanceof Value.ListValue lv)) {
                throw mismatch(path, type, value);
            }
            for (int i = 0; i < lv.elements().size(); i++) {
                check(lv.elements().get(i), l.element(), path + "[" + i + "]");
            }
        } else if (t instanceof RecordType r) {
            if (!(value instanceof Value.RecordValue rv) || !rv.fields().keySet().equals(fieldNames(r))) {
                throw mismatch(path, type, value);
            }
            for (RecordType.Field f : r.fields()) {
                check(rv.fields().get(f.name()), f.type(), path + "." + f.name());
            }
        } else if (t instanceof TupleType tt) {
            if (!(value instanceof Value.TupleValue tv) || tv.elements().size() != tt.elements().size()) {
                throw mismatch(path, type, value);
            }
            for (int i = 0; i < tt.elements().size(); i++) {
                check(tv.elements().get(i), tt.elements().get(i), path + "." + i);
            }
        } else if (t instanceof VariantType v) {
            if (!(value instanceof Value.VariantValue vv)) {
                throw mismatch(path, type, value);
            }
            VariantType.Case c = v.cases().stream().filter(k -> k.name().equals(vv.caseName())).findFirst()
                    .orElseThrow(() -> mismatch(path, type, value));
            checkPayload(vv.payload(), c.type(), path + "." + c.name(), path, type, value);
        } else if (t instanceof EnumType e) {
            if (!(value instanceof Value.EnumValue ev) || !e.cases().contains(ev.caseName())) {
                throw mismatch(path, type, value);
            }
        } else if (t instanceof OptionType o) {
            if (!(value instanceof Value.OptionValue ov)) {
                throw mismatch(path, type, value);
            }
            if (ov.value().isPresent()) {
                check(ov.value().get(), o.some(), path + ".some");
            }
        } else if (t instanceof ResultType r) {
            if (!(value instanceof Value.ResultValue rv)) {
                throw mismatch(path, type, value);
            }
            checkPayload(rv.payload(), rv.isOk() ? r.ok() : r.err(), path + (rv.isOk() ? ".ok" : ".err"), path,
                    type, value);
        } else if (t instanceof FlagsType f) {
            if (!(value instanceof Value.FlagsValue fv) || !f.flags().containsAll(fv.set())) {
                throw mismatch(path, type, value);
            }
        } else if (t instanceof HandleType h) {
            if (!(value instanceof Value.Handle hv) || hv.resource().isBorrowed() && !h.borrow()) {
                throw mismatch(path, type, value);
            }
        } else if (t instanceof StreamType s) {
            // the elements known of a stream: a list (elements of a stream without a type are empty tuples)
            if (!(value instanceof Value.ListValue lv)) {
                throw mismatch(path, type, value);
            }
            for (int i = 0; i < lv.elements().size(); i++) {
                checkAsyncPayload(lv.elements().get(i), s.element(), path + "[" + i + "]", path, type, value);
            }
        } else if (t instanceof FutureType f) {
            // a future: some(value) once known, none while pending (a future without a type is ready with tuple())
            if (!(value instanceof Value.OptionValue ov)) {
                throw mismatch(path, type, value);
            }
            if (ov.value().isPresent()) {
                checkAsyncPayload(ov.value().get(), f.element(), path + ".ready", path, type, value);
            }
        } else {
            throw mismatch(path, type, value);
        }
    }

    /** An element of a stream or the value of a future: of the element type, or {@code tuple()} without one. */
    private static void checkAsyncPayload(Value v, Optional<ValType> elementType, String path, String where,
            ValType type, Value value) {
        if (elementType.isPresent()) {
            check(v, elementType.get(), path);
        } else if (!(v instanceof Value.TupleValue tv) || !tv.elements().isEmpty()) {
            throw mismatch(where, type, value);
        }
    }

    private static void checkPayload(Optional<Value> payload, Optional<ValType> payloadType, String path,
            String parentPath, ValType type, Value value) {
        if (payload.isPresent() != payloadType.isPresent()) {
            throw mismatch(parentPath, type, value);
        }
        if (payload.isPresent()) {
            check(payload.get(), payloadType.get(), path);
        }
    }

    private static Set<String> fieldNames(RecordType r) {
        Set<String> names = new LinkedHashSet<>();
        r.fields().forEach(f -> names.add(f.name()));
        return names;
    }

    /** The mismatch at {@code path} (its text is built only here: checks run on every host call's values). */
    private static IllegalArgumentException mismatch(String path, ValType type, Value value) {
        String where = path.isEmpty() ? "value" : "value at " + path;
        String shown = Wave.print(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return new IllegalArgumentException(where + " is not of type " + type + ": " + shown);
    }

    /**
     * Converts a plain Java object to a value of {@code type}: {@code Boolean}, any {@code Number} (range-checked),
     * {@code Character}/{@code Integer} code points or one-character strings for {@code char}, {@code String},
     * {@code List} (and {@code byte[]} for {@code list<u8>}), {@code Map<String, ?>} for records, {@code List} for
     * tuples, {@code Optional} or {@code null} for options, {@code String} case names for enums and payload-less
     * variant cases, {@code Set<String>} for flags; {@link Value}s pass through after a type check.
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    public static Value fromJava(Object o, ValType type) {
        if (o instanceof Value v) {
            check(v, type);
            return v;
        }
        ValType t = type.unwrap();
        if (t instanceof PrimitiveType p) {
            switch (p) {
                case BOOL: return new Value.Bool(cast(o, Boolean.class, type));
                case F32: return new Value.F32(cast(o, Number.class, type).floatValue());
                case F64: return new Value.F64(cast(o, Number.class, type).doubleValue());
                case CHAR:
                    if (o instanceof Character c) {
                        return new Value.Char(c);
                    }
                    if (o instanceof String s && s.codePointCount(0, s.length()) == 1) {
                        return new Value.Char(s.codePointAt(0));
                    }
                    return new Value.Char(cast(o, Integer.class, type));
                case STRING: return new Value.Str(cast(o, String.class, type));
                default: return new Value.Int(p, cast(o, Number.class, type).longValue());
            }
        }
        if (t instanceof ListType l) {
            List<Value> out = new ArrayList<>();
            if (o instanceof byte[] bytes) {
                for (byte b : bytes) {
                    out.add(fromJava(b & 0xff, l.element()));
                }
            } else {
                for (Object e : cast(o, List.class, type)) {
                    out.add(fromJava(e, l.element()));
                }
            }
            return new Value.ListValue(out);
        }
        if (t instanceof RecordType r) {
            Map<?, ?> m = cast(o, Map.class, type);
            Map<String, Value> fields = new LinkedHashMap<>();
            for (RecordType.Field f : r.fields()) {
                Object fv = m.get(f.name());
                if (fv == null && !m.containsKey(f.name()) && !(f.type().unwrap() instanceof OptionType)) {
                    throw new IllegalArgumentException("record " + type + " needs field '" + f.name() + "'");
                }
                fields.put(f.name(), fromJava(fv, f.type()));
            }
            return new Value.RecordValue(fields);
        }
        if (t instanceof TupleType tt) {
            List<?> l = cast(o, List.class, type);
            if (l.size() != tt.elements().size()) {
                throw new IllegalArgumentException(type + " needs " + tt.elements().size() + " elements, got " + l.size());
            }
            List<Value> out = new ArrayList<>();
            Iterator<?> it = l.iterator();
            for (ValType e : tt.elements()) {
                out.add(fromJava(it.next(), e));
            }
            return new Value.TupleValue(out);
        }
        if (t instanceof OptionType opt) {
            Object inner = o instanceof Optional<?> op ? op.orElse(null) : o;
            return new Value.OptionValue(inner == null ? Optional.empty() : Optional.of(fromJava(inner, opt.some())));
        }
        if (t instanceof EnumType) {
            Value v = new Value.EnumValue(cast(o, String.class, type));
            check(v, type);
            return v;
        }
        if (t instanceof FlagsType) {
            Set<String> set = new LinkedHashSet<>();
            for (Object f : cast(o, Set.class, type)) {
                set.add(cast(f, String.class, type));
            }
            Value v = new Value.FlagsValue(set);
            check(v, type);
            return v;
        }
        if (t instanceof VariantType && o instanceof String s) {
            Value v = new Value.VariantValue(s, Optional.empty());
            check(v, type);
            return v;
        }
        throw new IllegalArgumentException("cannot convert " + (o == null ? "null" : o.getClass().getName())
                + " to " + type + "; pass a Value");
    }

    /**
     * Converts a value to plain Java: {@code Boolean}, {@code Byte}/{@code Short}/{@code Integer}/{@code Long} for
     * s8/s16/s32/s64, {@code Short}/{@code Integer}/{@code Long} for u8/u16/u32, {@code Long} bits for u64,
     * {@code Float}, {@code Double}, {@code Integer} code point for char, {@code String}, {@code List},
     * {@code Map<String, Object>} (records), {@code Optional}, case name {@code String} for enums, {@code Set} for
     * flags; variants and results stay {@link Value}s.
     */
    public static Object toJava(Value v) {
        if (v instanceof Value.Bool b) {
            return b.value();
        }
        if (v instanceof Value.Int i) {
            switch (i.type()) {
                case S8: return (byte) i.value();
                case S16: case U8: return (short) i.value();
                case S32: case U16: return (int) i.value();
                default: return i.value();
            }
        }
        if (v instanceof Value.F32 f) {
            return f.value();
        }
        if (v instanceof Value.F64 d) {
            return d.value();
        }
        if (v instanceof Value.Char c) {
            return c.codePoint();
        }
        if (v instanceof Value.Str s) {
            return s.value();
        }
        if (v instanceof Value.ListValue l) {
            return l.elements().stream().map(Values::toJava).toList();
        }
        if (v instanceof Value.TupleValue t) {
            return t.elements().stream().map(Values::toJava).toList();
        }
        if (v instanceof Value.RecordValue r) {
            Map<String, Object> m = new LinkedHashMap<>();
            r.fields().forEach((k, fv) -> m.put(k, toJava(fv)));
            return java.util.Collections.unmodifiableMap(m);
        }
        if (v instanceof Value.OptionValue o) {
            return o.value().map(Values::toJava);
        }
        if (v instanceof Value.EnumValue e) {
            return e.caseName();
        }
        if (v instanceof Value.FlagsValue f) {
            return f.set();
        }
        return v;
    }

    private static <T> T cast(Object o, Class<T> c, ValType type) {
        if (!c.isInstance(o)) {
            throw new IllegalArgumentException("expected a " + c.getSimpleName() + " for " + type + ", got "
                    + (o == null ? "null" : o.getClass().getSimpleName()));
        }
        return c.cast(o);
    }
}
