package org.wasmcloud4j.component.value;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
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

/** WAVE print → parse round trips for generated types and values. */
class WaveProperties {
    @Property(tries = 500)
    void printThenParseIsIdentity(@ForAll("typedValues") Tuple2<ValType, Value> tv) {
        Values.check(tv.get2(), tv.get1());
        String text = Wave.print(tv.get2());
        assertThat(Wave.parse(text, tv.get1())).as(text).isEqualTo(tv.get2());
    }

    @Provide
    Arbitrary<Tuple2<ValType, Value>> typedValues() {
        return ValueArbitraries.types().flatMap(t -> ValueArbitraries.values(t).map(v -> Tuple.of(t, v)));
    }
}
