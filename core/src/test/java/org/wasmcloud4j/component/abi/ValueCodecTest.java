package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.ValueArbitraries;
import org.wasmcloud4j.component.value.Wave;

/** Canonical-ABI round trips over a real Chicory linear memory with a bump allocator standing in for the guest. */
class ValueCodecTest {
    private static GuestMemory memory(StringEncoding encoding) {
        Memory mem = new ByteArrayMemory(new MemoryLimits(4, 64));
        int[] next = {64};
        ExportFunction realloc = args -> {
            int align = (int) args[2];
            int size = (int) args[3];
            int ptr = (next[0] + align - 1) / align * align;
            next[0] = ptr + size;
            while (next[0] > mem.pages() * Memory.PAGE_SIZE) {
                mem.grow(1);
            }
            return new long[] {ptr};
        };
        return new GuestMemory(mem, realloc, encoding);
    }

    @Property(tries = 400)
    void storeThenLoadIsIdentity(@ForAll("typedValues") Tuple2<ValType, Value> tv,
            @ForAll StringEncoding encoding) {
        GuestMemory cx = memory(encoding);
        int ptr = cx.allocate(CanonicalLayout.alignment(tv.get1()), CanonicalLayout.size(tv.get1()), "test");
        ValueCodec.store(cx, tv.get2(), tv.get1(), ptr);
        assertThat(ValueCodec.load(cx, tv.get1(), ptr)).isEqualTo(tv.get2());
    }

    @Property(tries = 400)
    void lowerFlatThenLiftFlatIsIdentity(@ForAll("typedValues") Tuple2<ValType, Value> tv) {
        GuestMemory cx = memory(StringEncoding.UTF8);
        List<Long> flat = new ArrayList<>();
        ValueCodec.lowerFlat(cx, tv.get2(), tv.get1(), flat);
        List<CoreValType> types = CanonicalLayout.flatten(tv.get1());
        assertThat(flat).hasSize(types.size());
        long[] core = flat.stream().mapToLong(Long::longValue).toArray();
        assertThat(ValueCodec.liftFlat(cx, tv.get1(), new ValueCodec.FlatReader(core, types))).isEqualTo(tv.get2());
    }

    /** The scalar fast paths of lowerParams and lowerResult give exactly what lowerFlat gives. */
    @Property(tries = 400)
    void lowerParamsAndResultAgreeWithLowerFlat(@ForAll("typedValues") Tuple2<ValType, Value> a,
            @ForAll("typedValues") Tuple2<ValType, Value> b) {
        FuncType f = new FuncType(List.of(new FuncType.Param("a", a.get1()), new FuncType.Param("b", b.get1())),
                java.util.Optional.of(a.get1()));
        CoreSignature lift = CanonicalLayout.signature(f, CanonicalLayout.Direction.LIFT);
        if (!lift.paramsInMemory()) {
            List<Long> flat = new ArrayList<>();
            GuestMemory cx = memory(StringEncoding.UTF8);   // the same allocations in the same order on both sides
            ValueCodec.lowerFlat(cx, a.get2(), a.get1(), flat);
            ValueCodec.lowerFlat(cx, b.get2(), b.get1(), flat);
            assertThat(ValueCodec.lowerParams(memory(StringEncoding.UTF8), f, lift, List.of(a.get2(), b.get2())))
                    .containsExactly(flat.stream().mapToLong(Long::longValue).toArray());
        }
        CoreSignature lower = CanonicalLayout.signature(f, CanonicalLayout.Direction.LOWER);
        if (!lower.resultsInMemory()) {
            List<Long> flat = new ArrayList<>();
            ValueCodec.lowerFlat(memory(StringEncoding.UTF8), a.get2(), a.get1(), flat);
            assertThat(ValueCodec.lowerResult(memory(StringEncoding.UTF8), f, lower, a.get2(), new long[0]))
                    .containsExactly(flat.stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Provide
    Arbitrary<Tuple2<ValType, Value>> typedValues() {
        return ValueArbitraries.types().flatMap(t -> ValueArbitraries.values(t).map(v -> Tuple.of(t, v)));
    }

    @Test
    void spilledParametersAndResultsGoThroughMemory() {
        GuestMemory cx = memory(StringEncoding.UTF8);
        List<FuncType.Param> params = new ArrayList<>();
        List<Value> args = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            params.add(new FuncType.Param("p" + i, PrimitiveType.STRING));
            args.add(Value.of("arg " + i));
        }
        FuncType f = FuncType.of(params, ResultType.of(PrimitiveType.U32, PrimitiveType.STRING));
        long[] core = ValueCodec.lowerParams(cx, f, args);
        assertThat(core).hasSize(1);
        assertThat(ValueCodec.liftParams(cx, f, core, CanonicalLayout.Direction.LIFT)).isEqualTo(args);
    }

    @Test
    void malformedGuestDataTrapsWithAClearMessage() {
        GuestMemory cx = memory(StringEncoding.UTF8);
        Memory m = cx.memory();
        m.write(100, new byte[] {(byte) 0xC3, 0x28});
        assertThatThrownBy(() -> ValueCodec.liftFlat(cx, PrimitiveType.STRING,
                new ValueCodec.FlatReader(new long[] {100, 2}, CanonicalLayout.flatten(PrimitiveType.STRING))))
                .isInstanceOf(Trap.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> ValueCodec.liftFlat(cx, new ListType(PrimitiveType.U32),
                new ValueCodec.FlatReader(new long[] {(int) 0xfffffff0L, 100}, List.of())))
                .isInstanceOf(Trap.class).hasMessageContaining("outside linear memory");
        assertThatThrownBy(() -> ValueCodec.liftFlat(cx, new ListType(PrimitiveType.U32),
                new ValueCodec.FlatReader(new long[] {2, 1}, List.of())))
                .isInstanceOf(Trap.class).hasMessageContaining("not aligned to 4");
        assertThatThrownBy(() -> ValueCodec.liftFlat(cx, PrimitiveType.CHAR,
                new ValueCodec.FlatReader(new long[] {0xD800}, List.of())))
                .isInstanceOf(Trap.class).hasMessageContaining("not a Unicode scalar value");
        ResultType r = ResultType.of(PrimitiveType.U32, PrimitiveType.STRING);
        assertThatThrownBy(() -> ValueCodec.liftFlat(cx, r,
                new ValueCodec.FlatReader(new long[] {2, 0, 0}, CanonicalLayout.flatten(r))))
                .isInstanceOf(Trap.class).hasMessageContaining("discriminant 2");
        m.writeByte(200, (byte) 7);
        assertThatThrownBy(() -> ValueCodec.load(cx, r, 200)).isInstanceOf(Trap.class)
                .hasMessageContaining("discriminant 7");
    }

    @Test
    void stringEncodingsProduceTheRightLengths() {
        for (StringEncoding e : StringEncoding.values()) {
            GuestMemory cx = memory(e);
            List<Long> flat = new ArrayList<>();
            ValueCodec.lowerFlat(cx, Value.of("héllo ✓ 👋"), PrimitiveType.STRING, flat);
            long len = flat.get(1) & 0xffffffffL;
            switch (e) {
                case UTF8: assertThat(len).isEqualTo(15); break;
                case UTF16: assertThat(len).isEqualTo(10); break;
                default: assertThat(len).isEqualTo(10 | 1L << 31);
            }
            assertThat(Wave.print(ValueCodec.liftFlat(cx, PrimitiveType.STRING, new ValueCodec.FlatReader(
                    flat.stream().mapToLong(Long::longValue).toArray(), List.of())))).isEqualTo("\"héllo ✓ 👋\"");
        }
        GuestMemory latin = memory(StringEncoding.LATIN1_UTF16);
        List<Long> flat = new ArrayList<>();
        ValueCodec.lowerFlat(latin, Value.of("héllo"), PrimitiveType.STRING, flat);
        assertThat(flat.get(1)).isEqualTo(5L);
        assertThat(ValueCodec.liftResult(latin, FuncType.of(List.of(), PrimitiveType.U8), new long[] {300}))
                .contains(new Value.Int(PrimitiveType.U8, 44));
        assertThat(ValueCodec.liftResult(latin, FuncType.of(List.of(), null), new long[0])).isEqualTo(Optional.empty());
    }
}
