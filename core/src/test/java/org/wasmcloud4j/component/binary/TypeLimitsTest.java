package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.validate.ValidationException;

/**
 * Types that refer to earlier types can describe trees exponentially larger than their bytes, or chains deeper than
 * any stack: the validator bounds their size and depth before anything walks them.
 */
class TypeLimitsTest {
    private static final Engine ENGINE = Engine.builder().mode(Engine.Mode.INTERPRETER).build();

    /** t0 = tuple<u8, u8>, t(i) = tuple<t(i-1), t(i-1)>; then func(x: t(n)) imported as "f" and lowered. */
    static byte[] doubling(int n) {
        List<TypeDef> types = new ArrayList<>();
        types.add(new TypeDef.TupleType(0, List.of(PrimitiveType.U8, PrimitiveType.U8)));
        for (int i = 1; i <= n; i++) {
            types.add(new TypeDef.TupleType(0, List.of(new ValTypeRef.Index(i - 1), new ValTypeRef.Index(i - 1))));
        }
        return importAndLower(types);
    }

    /** t0 = list<u8>, t(i) = list<t(i-1)>; then as {@link #doubling}. */
    static byte[] chain(int n) {
        List<TypeDef> types = new ArrayList<>();
        types.add(new TypeDef.ListType(0, PrimitiveType.U8));
        for (int i = 1; i <= n; i++) {
            types.add(new TypeDef.ListType(0, new ValTypeRef.Index(i - 1)));
        }
        return importAndLower(types);
    }

    private static byte[] importAndLower(List<TypeDef> types) {
        int last = types.size() - 1;
        List<TypeDef> all = new ArrayList<>(types);
        all.add(new TypeDef.FuncType(0, false, List.of(new TypeDef.Field("x", new ValTypeRef.Index(last))),
                Optional.empty()));
        return new ComponentBuilder().types(all)
                .imports(List.of(new ImportDef(0, "f", Decl.NameAttributes.NONE, new ExternType.Func(last + 1))))
                .canons(List.of(new Canon.Lower(0, 0, Canon.Options.DEFAULT)))
                .build();
    }

    @Test
    @Timeout(20)
    void exponentiallyLargeTypeIsRefusedQuickly() {
        // 130 bytes; the lower took 10 s at n = 24 and doubled with every step
        byte[] c = doubling(40);
        assertThat(c.length).isLessThan(200);
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, c)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("type of more than 100000 nodes");
    }

    @Test
    @Timeout(20)
    void deeplyNestedTypeIsRefusedNotAStackOverflow() {
        // was a StackOverflowError (untyped) even on a 4 MiB stack
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, chain(100_000))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("nested deeper than 100 levels");
    }

    @Test
    void typesWithinTheLimitsStillValidate() {
        // smaller trees reach the canonical option checks (no memory option for a list)
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, chain(90))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("canonical option 'memory'");
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, doubling(10))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("canonical option 'memory'");
    }

    @Test
    @Timeout(20)
    void repeatedUsesOfALargeTypeAreBudgeted() {
        // a function type just under the size limit, imported 100 times: each use walks it
        List<TypeDef> types = new ArrayList<>();
        types.add(new TypeDef.TupleType(0, List.of(PrimitiveType.U8, PrimitiveType.U8)));
        for (int i = 1; i <= 14; i++) { // 65535 nodes
            types.add(new TypeDef.TupleType(0, List.of(new ValTypeRef.Index(i - 1), new ValTypeRef.Index(i - 1))));
        }
        types.add(new TypeDef.FuncType(0, false, List.of(new TypeDef.Field("x", new ValTypeRef.Index(14))),
                Optional.empty()));
        List<ImportDef> imports = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            imports.add(new ImportDef(0, "f" + i, Decl.NameAttributes.NONE, new ExternType.Func(15)));
        }
        byte[] c = new ComponentBuilder().types(types).imports(imports).build();
        assertThatThrownBy(() -> Component.fromBytes(ENGINE, c)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("add up to more than 5000000 type nodes");
    }
}
