package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.ValueArbitraries;

/**
 * Lowering calls {@code realloc(0, 0, align, size)} once for every string and every list in a value, the empty
 * ones included (CanonicalABI.md {@code store_string_copy}, {@code store_list_into_range}), and each string or
 * list points at the buffer its call returned.
 */
class ReallocCallProperties {
    /** A bump allocator that records each call and checks it has the canonical form. */
    private static final class Recorder {
        final Memory mem = new ByteArrayMemory(new MemoryLimits(4, 64));
        final List<Long> returned = new ArrayList<>();
        int next = 1024;

        ExportFunction realloc() {
            return args -> {
                assertThat(args[0]).as("old pointer").isZero();
                assertThat(args[1]).as("old size").isZero();
                int align = (int) args[2];
                assertThat(Integer.bitCount(align)).as("alignment " + align).isEqualTo(1);
                int ptr = (next + align - 1) / align * align;
                next = ptr + (int) args[3];
                while (next > mem.pages() * Memory.PAGE_SIZE) {
                    mem.grow(1);
                }
                returned.add((long) ptr);
                return new long[] {ptr};
            };
        }
    }

    @Provide
    Arbitrary<Tuple2<ValType, Value>> typedValues() {
        return ValueArbitraries.types().flatMap(t -> ValueArbitraries.values(t).map(v -> Tuple.of(t, v)));
    }

    @Property(tries = 400)
    void everyStringAndListIsAllocated(@ForAll("typedValues") Tuple2<ValType, Value> tv,
            @ForAll StringEncoding encoding) {
        Recorder r = new Recorder();
        GuestMemory cx = new GuestMemory(r.mem, r.realloc(), encoding);
        List<Long> flat = new ArrayList<>();
        ValueCodec.lowerFlat(cx, tv.get2(), tv.get1(), flat);
        assertThat(r.returned).hasSize(allocations(tv.get2()));
        // a top-level string or list is passed as (ptr, len) with the pointer of its own allocation
        if (tv.get2() instanceof Value.Str || tv.get2() instanceof Value.ListValue) {
            assertThat((long) (int) (long) r.returned.get(0)).isEqualTo(flat.get(0));
        }
    }

    /** How many buffers lowering {@code v} needs: one per string and per list, nested ones too. */
    private static int allocations(Value v) {
        if (v instanceof Value.Str) {
            return 1;
        }
        if (v instanceof Value.ListValue l) {
            int n = 1;
            for (Value e : l.elements()) {
                n += allocations(e);
            }
            return n;
        }
        if (v instanceof Value.TupleValue t) {
            return t.elements().stream().mapToInt(ReallocCallProperties::allocations).sum();
        }
        if (v instanceof Value.RecordValue r) {
            return r.fields().values().stream().mapToInt(ReallocCallProperties::allocations).sum();
        }
        if (v instanceof Value.VariantValue x) {
            return x.payload().map(ReallocCallProperties::allocations).orElse(0);
        }
        if (v instanceof Value.OptionValue o) {
            return o.value().map(ReallocCallProperties::allocations).orElse(0);
        }
        if (v instanceof Value.ResultValue r) {
            return r.payload().map(ReallocCallProperties::allocations).orElse(0);
        }
        return 0;
    }
}
