package org.wasmcloud4j.component.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NamesAndVersionsTest {
    @Test
    void parsesInterfaceNamesWithVersions() {
        InterfaceName n = InterfaceName.parse("wasi:io/streams@0.2.3");
        assertThat(n.packageName()).isEqualTo(PackageName.of("wasi", "io", "0.2.3"));
        assertThat(n.interfaceLabel()).isEqualTo("streams");
        assertThat(n.unversioned()).isEqualTo("wasi:io/streams");
        assertThat(n).hasToString("wasi:io/streams@0.2.3");
        assertThat(InterfaceName.parse("a:b:c/d/e")).hasToString("a:b:c/d/e");
        assertThat(InterfaceName.tryParse("greet")).isEmpty();
        assertThat(InterfaceName.tryParse("wasi:io")).isEmpty();
    }

    @Test
    void semverImportMatchingFollowsWasmtime() {
        InterfaceName imp = InterfaceName.parse("wasi:io/streams@0.2.3");
        assertThat(imp.isSatisfiedBy(InterfaceName.parse("wasi:io/streams@0.2.12"))).isTrue();
        assertThat(imp.isSatisfiedBy(InterfaceName.parse("wasi:io/streams@0.2.0"))).isTrue();
        assertThat(imp.isSatisfiedBy(InterfaceName.parse("wasi:io/streams@0.3.0"))).isFalse();
        assertThat(imp.isSatisfiedBy(InterfaceName.parse("wasi:io/poll@0.2.3"))).isFalse();
        assertThat(imp.isSatisfiedBy(InterfaceName.parse("wasi:io/streams"))).isFalse();
        assertThat(InterfaceName.parse("a:b/c@1.2.0").isSatisfiedBy(InterfaceName.parse("a:b/c@1.9.1"))).isTrue();
        assertThat(InterfaceName.parse("a:b/c@1.2.0").isSatisfiedBy(InterfaceName.parse("a:b/c@2.0.0"))).isFalse();
        assertThat(InterfaceName.parse("a:b/c@0.0.1").isSatisfiedBy(InterfaceName.parse("a:b/c@0.0.2"))).isFalse();
        assertThat(InterfaceName.parse("a:b/c@0.2.0-rc.1").isSatisfiedBy(InterfaceName.parse("a:b/c@0.2.0"))).isFalse();
    }

    @Test
    void rejectsMalformedNames() {
        assertThatThrownBy(() -> InterfaceName.parse("wasi:io/Streams")).hasMessageContaining("'Streams'");
        assertThatThrownBy(() -> InterfaceName.parse("wasi:io/streams@0.2")).hasMessageContaining("MAJOR.MINOR.PATCH");
        assertThatThrownBy(() -> SemVer.parse("01.2.3")).hasMessageContaining("'01'");
        assertThatThrownBy(() -> new RecordType(List.of())).hasMessageContaining("at least one field");
        assertThatThrownBy(() -> new EnumType(List.of("a", "a"))).hasMessageContaining("duplicate enum case 'a'");
        assertThatThrownBy(() -> new FlagsType(java.util.Collections.nCopies(33, "x")))
                .hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> new RecordType.Field("a--b", PrimitiveType.U8)).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> new RecordType.Field("aB", PrimitiveType.U8)).hasMessageContaining("kebab-case");
    }

    @Test
    void anyWithinLooksThroughNamesAndIntoEveryNestedType() {
        TypeOwner owner = new TypeOwner.Interface(InterfaceName.parse("example:fixtures/api@0.1.0"));
        HandleType borrowed = HandleType.borrow(new ResourceType(owner, "counter"));
        NamedType named = new NamedType(owner, "ref", borrowed);
        java.util.function.Predicate<ValType> isBorrow = u -> u instanceof HandleType h && h.borrow();
        assertThat(named.anyWithin(u -> u instanceof NamedType)).isFalse();
        for (ValType inside : List.<ValType>of(named, new ListType(named), new OptionType(named),
                new ResultType(Optional.empty(), Optional.of(named)), new TupleType(List.of(PrimitiveType.U8, named)),
                new RecordType(List.of(new RecordType.Field("r", named))),
                new VariantType(List.of(new VariantType.Case("none", Optional.empty()),
                        new VariantType.Case("some", Optional.of(named)))))) {
            assertThat(inside.anyWithin(isBorrow)).as(inside.toString()).isTrue();
            assertThat(HandleType.anyBorrowIn(inside)).as(inside.toString()).isTrue();
        }
        assertThat(new ListType(HandleType.own(new ResourceType(owner, "counter"))).anyWithin(isBorrow)).isFalse();
        assertThat(new ResultType(Optional.empty(), Optional.empty()).anyWithin(isBorrow)).isFalse();
    }

    @Test
    void namedTypesUnwrapToTheirDefinition() {
        TypeOwner owner = new TypeOwner.Interface(InterfaceName.parse("example:fixtures/api@0.1.0"));
        NamedType point = new NamedType(owner, "point", new RecordType(List.of(
                new RecordType.Field("x", PrimitiveType.S32), new RecordType.Field("y", PrimitiveType.S32))));
        NamedType alias = new NamedType(owner, "pt", point);
        assertThat(alias.unwrap()).isInstanceOf(RecordType.class);
        assertThat(new ListType(alias)).hasToString("list<pt>");
        ResourceType r = new ResourceType(owner, "counter");
        assertThat(new OptionType(HandleType.own(r)).containsHandles()).isTrue();
        assertThat(ResultType.of(null, PrimitiveType.STRING)).hasToString("result<_, string>");
        assertThat(new ResultType(Optional.empty(), Optional.empty())).hasToString("result");
    }

    @Property
    void versionsRoundTripThroughText(@ForAll @IntRange(max = 1000) int a, @ForAll @IntRange(max = 1000) int b,
            @ForAll @IntRange(max = 1000) int c) {
        SemVer v = new SemVer(a, b, c, c % 3 == 0 ? "rc." + a : "", c % 5 == 0 ? "build-" + b : "");
        assertThat(SemVer.parse(v.toString())).isEqualTo(v);
        assertThat(v.isCompatibleWith(v)).isTrue();
    }
}
