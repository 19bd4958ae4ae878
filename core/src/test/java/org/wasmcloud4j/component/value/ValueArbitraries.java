package org.wasmcloud4j.component.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/** jqwik generators of component types and values of those types, shared by codec property tests. */
public final class ValueArbitraries {
    private ValueArbitraries() {}

    /** Random value types up to depth 3 (no resources). */
    public static Arbitrary<ValType> types() {
        Arbitrary<ValType> base = Arbitraries.oneOf(
                Arbitraries.of(PrimitiveType.values()).map(p -> (ValType) p),
                Arbitraries.integers().between(1, 32).map(n -> (ValType) new FlagsType(names("f", n))),
                Arbitraries.of("ok", "none", "plain-case", "inf").list().ofMinSize(1).ofMaxSize(4).uniqueElements()
                        .map(l -> (ValType) new EnumType(l)));
        return Arbitraries.recursive(() -> base, inner -> Arbitraries.oneOf(
                inner.map(t -> (ValType) new ListType(t)),
                inner.map(t -> (ValType) new OptionType(t)),
                inner.list().ofMinSize(1).ofMaxSize(3).map(l -> (ValType) new TupleType(l)),
                inner.list().ofMinSize(1).ofMaxSize(3).map(l -> {
                    List<RecordType.Field> fs = new ArrayList<>();
                    IntStream.range(0, l.size()).forEach(i -> fs.add(new RecordType.Field("field-" + i, l.get(i))));
                    return (ValType) new RecordType(fs);
                }),
                inner.optional().list().ofMinSize(1).ofMaxSize(3).map(l -> {
                    List<VariantType.Case> cs = new ArrayList<>();
                    IntStream.range(0, l.size()).forEach(i -> cs.add(new VariantType.Case(i == 0 ? "err" : "c" + i,
                            l.get(i))));
                    return (ValType) new VariantType(cs);
                }),
                Combinators.combine(inner.optional(), inner.optional()).as((a, b) -> (ValType) new ResultType(a, b))),
                0, 3);
    }

    /** Random values of {@code type}. */
    public static Arbitrary<Value> values(ValType type) {
        ValType t = type.unwrap();
        if (t instanceof PrimitiveType p) {
            switch (p) {
                case BOOL: return Arbitraries.of(true, false).map(Value.Bool::new);
                case S8: return Arbitraries.bytes().map(b -> new Value.Int(p, b));
                case U8: return Arbitraries.integers().between(0, 255).map(b -> new Value.Int(p, b));
                case S16: return Arbitraries.shorts().map(b -> new Value.Int(p, b));
                case U16: return Arbitraries.integers().between(0, 65535).map(b -> new Value.Int(p, b));
                case S32: return Arbitraries.integers().map(b -> new Value.Int(p, b));
                case U32: return Arbitraries.longs().between(0, 0xffffffffL).map(b -> new Value.Int(p, b));
                case S64: case U64: return Arbitraries.longs().map(b -> new Value.Int(p, b));
                case F32: return Arbitraries.floats().withSpecialValue(Float.NaN)
                        .withSpecialValue(Float.NEGATIVE_INFINITY).withSpecialValue(-0.0f).map(Value.F32::new);
                case F64: return Arbitraries.doubles().withSpecialValue(Double.POSITIVE_INFINITY)
                        .withSpecialValue(Double.MIN_VALUE).map(Value.F64::new);
                case CHAR: return Arbitraries.integers().between(0, 0x10FFFF)
                        .filter(c -> c < 0xD800 || c > 0xDFFF).map(Value.Char::new);
                default: return Arbitraries.strings().all().ofMaxLength(12)
                        .filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
                        .map(Value.Str::new);
            }
        }
        if (t instanceof ListType l) {
            return values(l.element()).list().ofMaxSize(3).map(Value.ListValue::new);
        }
        if (t instanceof OptionType o) {
            return values(o.some()).optional().map(Value.OptionValue::new);
        }
        if (t instanceof TupleType tt) {
            return Combinators.combine(tt.elements().stream().map(ValueArbitraries::values).toList())
                    .as(Value.TupleValue::new);
        }
        if (t instanceof RecordType r) {
            return Combinators.combine(r.fields().stream().map(f -> values(f.type())).toList()).as(vs -> {
                Map<String, Value> m = new LinkedHashMap<>();
                IntStream.range(0, vs.size()).forEach(i -> m.put(r.fields().get(i).name(), vs.get(i)));
                return new Value.RecordValue(m);
            });
        }
        if (t instanceof VariantType v) {
            return Arbitraries.of(v.cases()).flatMap(c -> c.type().isEmpty()
                    ? Arbitraries.just(new Value.VariantValue(c.name(), Optional.empty()))
                    : values(c.type().get()).map(p -> new Value.VariantValue(c.name(), Optional.of(p))));
        }
        if (t instanceof EnumType e) {
            return Arbitraries.of(e.cases()).map(Value.EnumValue::new);
        }
        if (t instanceof ResultType r) {
            Arbitrary<Value> ok = r.ok().isEmpty() ? Arbitraries.just(new Value.ResultValue(true, Optional.empty()))
                    : values(r.ok().get()).map(p -> new Value.ResultValue(true, Optional.of(p)));
            Arbitrary<Value> err = r.err().isEmpty() ? Arbitraries.just(new Value.ResultValue(false, Optional.empty()))
                    : values(r.err().get()).map(p -> new Value.ResultValue(false, Optional.of(p)));
            return Arbitraries.oneOf(ok, err);
        }
        FlagsType f = (FlagsType) t;
        return Arbitraries.subsetOf(f.flags()).map(s -> new Value.FlagsValue(new LinkedHashSet<>(s)));
    }

    private static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}
