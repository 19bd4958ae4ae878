package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wasmcloud4j.component.abi.CoreValType.I32;
import static org.wasmcloud4j.component.abi.CoreValType.I64;
import static org.wasmcloud4j.component.types.PrimitiveType.STRING;
import static org.wasmcloud4j.component.types.PrimitiveType.U16;
import static org.wasmcloud4j.component.types.PrimitiveType.U32;
import static org.wasmcloud4j.component.types.PrimitiveType.U64;
import static org.wasmcloud4j.component.types.PrimitiveType.U8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

class CanonicalLayoutTest {
    private static RecordType record(ValType... types) {
        List<RecordType.Field> fields = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            fields.add(new RecordType.Field("f" + i, types[i]));
        }
        return new RecordType(fields);
    }

    @Test
    void sizesAndAlignmentsOfCompoundTypes() {
        assertThat(CanonicalLayout.size(record(U8, U32))).isEqualTo(8);
        assertThat(CanonicalLayout.alignment(record(U8, U32))).isEqualTo(4);
        assertThat(CanonicalLayout.size(new OptionType(U64))).isEqualTo(16);
        assertThat(CanonicalLayout.payloadOffset(new OptionType(U64))).isEqualTo(8);
        assertThat(CanonicalLayout.size(ResultType.of(U32, STRING))).isEqualTo(12);
        assertThat(CanonicalLayout.size(new TupleType(List.of(U8, U16, U8)))).isEqualTo(6);
        assertThat(CanonicalLayout.fieldOffsets(List.of(U8, U16, U8))).containsExactly(0, 2, 4);
        assertThat(CanonicalLayout.size(new FlagsType(names(9)))).isEqualTo(2);
        assertThat(CanonicalLayout.size(new FlagsType(names(32)))).isEqualTo(4);
        assertThat(CanonicalLayout.size(new EnumType(names(300)))).isEqualTo(2);
        assertThat(CanonicalLayout.size(new ResultType(Optional.empty(), Optional.empty()))).isEqualTo(1);
        assertThat(CanonicalLayout.size(STRING)).isEqualTo(8);
        assertThat(CanonicalLayout.size(new ListType(U64))).isEqualTo(8);
    }

    @Test
    void flatteningJoinsVariantPayloads() {
        assertThat(CanonicalLayout.flatten(ResultType.of(U32, STRING))).containsExactly(I32, I32, I32);
        assertThat(CanonicalLayout.flatten(variant(PrimitiveType.F32, U64))).containsExactly(I32, I64);
        assertThat(CanonicalLayout.flatten(variant(PrimitiveType.F32, U32))).containsExactly(I32, I32);
        assertThat(CanonicalLayout.flatten(variant(PrimitiveType.F32, PrimitiveType.F32))).containsExactly(I32, CoreValType.F32);
        assertThat(CanonicalLayout.flatten(new FlagsType(names(32)))).containsExactly(I32);
        assertThat(CanonicalLayout.flatten(new EnumType(names(3)))).containsExactly(I32);
        assertThat(CanonicalLayout.flatten(record(STRING, U64))).containsExactly(I32, I32, I64);
    }

    @Test
    void signaturesSpillPastTheLimits() {
        FuncType greet = FuncType.of(List.of(new FuncType.Param("name", STRING)), STRING);
        CoreSignature lift = CanonicalLayout.signature(greet, CanonicalLayout.Direction.LIFT);
        assertThat(lift.params()).containsExactly(I32, I32);
        assertThat(lift.results()).containsExactly(I32);
        assertThat(lift.resultsInMemory()).isTrue();
        CoreSignature lower = CanonicalLayout.signature(greet, CanonicalLayout.Direction.LOWER);
        assertThat(lower.params()).containsExactly(I32, I32, I32);
        assertThat(lower.results()).isEmpty();

        List<FuncType.Param> many = new ArrayList<>();
        IntStream.range(0, 17).forEach(i -> many.add(new FuncType.Param("p" + i, U32)));
        CoreSignature spilled = CanonicalLayout.signature(FuncType.of(many, U32), CanonicalLayout.Direction.LIFT);
        assertThat(spilled.params()).containsExactly(I32);
        assertThat(spilled.paramsInMemory()).isTrue();
        assertThat(spilled.results()).containsExactly(I32);
        assertThat(CanonicalLayout.signature(FuncType.of(many.subList(0, 16), null), CanonicalLayout.Direction.LOWER)
                .params()).hasSize(16);
    }

    @Property
    void sizeIsAMultipleOfAlignmentAndFieldsDoNotOverlap(@ForAll("types") ValType t) {
        int size = CanonicalLayout.size(t);
        int align = CanonicalLayout.alignment(t);
        assertThat(align).isIn(1, 2, 4, 8);
        assertThat(size % align).isZero();
        if (t instanceof RecordType r) {
            List<ValType> types = r.fields().stream().map(RecordType.Field::type).toList();
            int[] offsets = CanonicalLayout.fieldOffsets(types);
            for (int i = 0; i < offsets.length; i++) {
                assertThat(offsets[i] % CanonicalLayout.alignment(types.get(i))).isZero();
                int end = offsets[i] + CanonicalLayout.size(types.get(i));
                assertThat(end).isLessThanOrEqualTo(size);
                if (i + 1 < offsets.length) {
                    assertThat(end).isLessThanOrEqualTo(offsets[i + 1]);
                }
            }
        }
        assertThat(CanonicalLayout.flatten(t)).isNotEmpty();
    }

    @Provide
    Arbitrary<ValType> types() {
        Arbitrary<ValType> base = Arbitraries.oneOf(
                Arbitraries.of(PrimitiveType.values()).map(p -> (ValType) p),
                Arbitraries.integers().between(1, 32).map(n -> (ValType) new FlagsType(names(n))),
                Arbitraries.integers().between(1, 300).map(n -> (ValType) new EnumType(names(n))));
        return Arbitraries.recursive(() -> base, inner -> Arbitraries.oneOf(
                inner.map(t -> (ValType) new ListType(t)),
                inner.map(t -> (ValType) new OptionType(t)),
                inner.list().ofMinSize(1).ofMaxSize(4).map(l -> (ValType) new TupleType(l)),
                inner.list().ofMinSize(1).ofMaxSize(4).map(l -> (ValType) record(l.toArray(ValType[]::new))),
                inner.list().ofMinSize(1).ofMaxSize(4).map(l -> (ValType) variant(l.toArray(ValType[]::new))),
                inner.tuple2().map(t2 -> (ValType) ResultType.of(t2.get1(), t2.get2()))), 0, 4);
    }

    private static VariantType variant(ValType... payloads) {
        List<VariantType.Case> cases = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            cases.add(VariantType.Case.of("c" + i, payloads[i]));
        }
        return new VariantType(cases);
    }

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> out.add("n" + i));
        return Collections.unmodifiableList(out);
    }

    @Test
    void layoutsOfEqualTypesAreComputedOnceAndShared() {
        // Two separately built but equal 40-case variants, like wasi:http error-code seen by two instances.
        ValType[] payloads = IntStream.range(0, 40)
                .mapToObj(i -> i % 3 == 0 ? (ValType) U8 : i % 3 == 1 ? new OptionType(STRING) : U64)
                .toArray(ValType[]::new);
        VariantType a = variant(payloads);
        VariantType b = variant(payloads);
        List<CoreValType> flat = CanonicalLayout.flatten(a);
        assertThat(flat).containsExactly(I32, I64, I32, I32);
        assertThat(CanonicalLayout.flatten(b)).isSameAs(flat);
        assertThat(CanonicalLayout.cases(b)).isSameAs(CanonicalLayout.cases(a));
        assertThat(CanonicalLayout.size(b)).isEqualTo(CanonicalLayout.size(a)).isEqualTo(24);
    }

    @Test
    void cachedFlatteningCannotBeModifiedByACaller() {
        List<CoreValType> flat = CanonicalLayout.flatten(record(U32, STRING));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flat.add(I64))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(CanonicalLayout.flatten(record(U32, STRING))).containsExactly(I32, I32, I32);
    }
}
