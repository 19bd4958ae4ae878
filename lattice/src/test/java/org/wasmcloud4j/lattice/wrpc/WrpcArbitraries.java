package org.wasmcloud4j.lattice.wrpc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.wasmcloud4j.component.abi.ResourceHandle;
import org.wasmcloud4j.component.abi.ResourceRuntimeType;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.Value;

/**
 * jqwik generators of component types (every kind wRPC carries: primitives, flags, enums, lists, options, tuples,
 * records, variants, results, names, handles, streams, futures) and values of them. Core's
 * {@code ValueArbitraries} is in core's test sources, which other modules do not see, and covers neither handles nor
 * async types.
 */
final class WrpcArbitraries {
    static final TypeOwner OWNER = new TypeOwner.Interface(InterfaceName.parse("test:wrpc/types@0.1.0"));
    static final ResourceType RESOURCE = new ResourceType(OWNER, "blob");
    static final ResourceRuntimeType RUNTIME = new ResourceRuntimeType("blob", "test", null);

    private WrpcArbitraries() {}

    /** Random types up to depth 3. */
    static Arbitrary<ValType> types() {
        Arbitrary<ValType> base = Arbitraries.oneOf(
                Arbitraries.of(PrimitiveType.values()).map(p -> (ValType) p),
                Arbitraries.integers().between(1, 32).map(n -> (ValType) new FlagsType(names("f", n))),
                Arbitraries.of("a", "b", "c", "d").list().ofMinSize(1).ofMaxSize(4).uniqueElements()
                        .map(l -> (ValType) new EnumType(l)),
                Arbitraries.of(HandleType.own(RESOURCE), HandleType.borrow(RESOURCE)).map(h -> (ValType) h),
                Arbitraries.just(FutureType.of(null)),
                Arbitraries.just((ValType) new ListType(PrimitiveType.U8)));
        return Arbitraries.recursive(() -> base, inner -> Arbitraries.oneOf(
                inner.map(t -> (ValType) new ListType(t)),
                inner.map(t -> (ValType) new OptionType(t)),
                inner.map(t -> (ValType) StreamType.of(t)),
                inner.map(t -> (ValType) FutureType.of(t)),
                inner.map(t -> (ValType) new NamedType(OWNER, "named", t)),
                inner.list().ofMinSize(1).ofMaxSize(3).map(l -> (ValType) new TupleType(l)),
                inner.list().ofMinSize(1).ofMaxSize(3).map(l -> {
                    List<RecordType.Field> fs = new ArrayList<>();
                    IntStream.range(0, l.size()).forEach(i -> fs.add(new RecordType.Field("field-" + i, l.get(i))));
                    return (ValType) new RecordType(fs);
                }),
                inner.optional().list().ofMinSize(1).ofMaxSize(3).map(l -> {
                    List<VariantType.Case> cs = new ArrayList<>();
                    IntStream.range(0, l.size()).forEach(i -> cs.add(new VariantType.Case("c" + i, l.get(i))));
                    return (ValType) new VariantType(cs);
                }),
                Combinators.combine(inner.optional(), inner.optional()).as((a, b) -> (ValType) new ResultType(a, b))),
                0, 3);
    }

    /** Random values of {@code type}; handles come from {@code handles}. */
    static Arbitrary<Value> values(ValType type, TestHandles handles) {
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
                case S64: case U64: return Arbitraries.longs()
                        .map(b -> new Value.Int(p, b));
                case F32: return Arbitraries.floats().withSpecialValue(Float.NaN)
                        .withSpecialValue(-0.0f).map(Value.F32::new);
                case F64: return Arbitraries.doubles().withSpecialValue(Double.NaN)
                        .withSpecialValue(Double.MIN_VALUE).map(Value.F64::new);
                case CHAR: return Arbitraries.integers().between(0, 0x10FFFF)
                        .filter(c -> c < 0xD800 || c > 0xDFFF).map(Value.Char::new);
                default: return Arbitraries.strings().all().ofMaxLength(12)
                        .filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
                        .map(Value.Str::new);
            }
        }
        if (t instanceof ListType l) {
            return elements(l.element(), handles);
        }
        if (t instanceof StreamType s) {
            return elements(s.element().orElseThrow(), handles);
        }
        if (t instanceof OptionType o) {
            return values(o.some(), handles).optional().map(Value.OptionValue::new);
        }
        if (t instanceof FutureType f) {
            Arbitrary<Value> ready = f.element().isPresent() ? values(f.element().get(), handles)
                    : Arbitraries.just(new Value.TupleValue(List.of()));
            return ready.optional().map(Value.OptionValue::new);
        }
        if (t instanceof TupleType tt) {
            return Combinators.combine(tt.elements().stream().map(e -> values(e, handles)).toList())
                    .as(Value.TupleValue::new);
        }
        if (t instanceof RecordType r) {
            return Combinators.combine(r.fields().stream().map(f -> values(f.type(), handles)).toList()).as(vs -> {
                Map<String, Value> m = new LinkedHashMap<>();
                IntStream.range(0, vs.size()).forEach(i -> m.put(r.fields().get(i).name(), vs.get(i)));
                return new Value.RecordValue(m);
            });
        }
        if (t instanceof VariantType v) {
            return Arbitraries.of(v.cases()).flatMap(c -> c.type().isEmpty()
                    ? Arbitraries.just(new Value.VariantValue(c.name(), Optional.empty()))
                    : values(c.type().get(), handles).map(p -> new Value.VariantValue(c.name(), Optional.of(p))));
        }
        if (t instanceof EnumType e) {
            return Arbitraries.of(e.cases()).map(Value.EnumValue::new);
        }
        if (t instanceof ResultType r) {
            Arbitrary<Value> ok = r.ok().isEmpty() ? Arbitraries.just(new Value.ResultValue(true, Optional.empty()))
                    : values(r.ok().get(), handles).map(p -> new Value.ResultValue(true, Optional.of(p)));
            Arbitrary<Value> err = r.err().isEmpty() ? Arbitraries.just(new Value.ResultValue(false, Optional.empty()))
                    : values(r.err().get(), handles).map(p -> new Value.ResultValue(false, Optional.of(p)));
            return Arbitraries.oneOf(ok, err);
        }
        if (t instanceof HandleType h) {
            return Arbitraries.integers().between(0, 1000).map(rep -> handles.make(rep, h.borrow()));
        }
        FlagsType f = (FlagsType) t;
        return Arbitraries.subsetOf(f.flags()).map(s -> new Value.FlagsValue(new LinkedHashSet<>(s)));
    }

    private static Arbitrary<Value> elements(ValType element, TestHandles handles) {
        if (element.unwrap() == PrimitiveType.U8) {
            return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Value.ListValue::ofBytes);
        }
        return values(element, handles).list().ofMaxSize(3).map(Value.ListValue::new);
    }

    private static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    /**
     * Handles for tests: each handle made is registered under a 4-byte id, which is what goes on the wire; decoding
     * looks the id up, so a round trip gives back the very same handle object.
     */
    static final class TestHandles implements HandleCodec {
        private final Map<Integer, Value.Handle> byId = new java.util.HashMap<>();
        private final Map<Value.Handle, Integer> ids = new IdentityHashMap<>();

        Value.Handle make(int rep, boolean borrowed) {
            Value.Handle h = new Value.Handle(new ResourceHandle(RUNTIME, rep, borrowed));
            int id = byId.size();
            byId.put(id, h);
            ids.put(h, id);
            return h;
        }

        @Override
        public byte[] encode(Value.Handle handle, HandleType type) {
            Integer id = ids.get(handle);
            if (id == null) {
                throw new WrpcException("unknown handle " + handle);
            }
            return ByteBuffer.allocate(4).putInt(id).array();
        }

        @Override
        public Value decode(byte[] representation, HandleType type) {
            if (representation.length != 4) {
                throw new WrpcException("a test handle is 4 bytes, got " + representation.length);
            }
            Value.Handle h = byId.get(ByteBuffer.wrap(representation).getInt());
            if (h == null) {
                throw new WrpcException("no such handle");
            }
            return h;
        }
    }
}
