package org.wasmcloud4j.component.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

/** Test-only generator of random (well-formed) type definitions of the decoded model, driven by a seed. */
final class RandomModel {
    private static final String ALPHABET = "abcxyz-09:/@.é名😀";
    private final Random r;

    RandomModel(long seed) {
        this.r = new Random(seed);
    }

    String label() {
        int n = r.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0,
                    ALPHABET.length()))));
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    int index() {
        switch (r.nextInt(4)) {
            case 0: return r.nextInt(64);
            case 1: return r.nextInt(200);
            case 2: return r.nextInt(100_000);
            default: return r.nextInt(Integer.MAX_VALUE);
        }
    }

    ValTypeRef valType() {
        if (r.nextBoolean()) {
            PrimitiveType[] p = PrimitiveType.values();
            return p[r.nextInt(p.length)];
        }
        return new ValTypeRef.Index(index());
    }

    Optional<ValTypeRef> optValType() {
        return r.nextBoolean() ? Optional.of(valType()) : Optional.empty();
    }

    <T> List<T> list(int max, java.util.function.Supplier<T> s) {
        int n = r.nextInt(max + 1);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(s.get());
        }
        return out;
    }

    List<TypeDef.Field> fields() {
        return list(4, () -> new TypeDef.Field(label(), valType()));
    }

    CoreValType coreValType() {
        switch (r.nextInt(4)) {
            case 0: return CoreValType.Num.values()[r.nextInt(5)];
            case 1: return CoreValType.Ref.of(r.nextBoolean(),
                    CoreValType.AbstractHeapType.values()[r.nextInt(CoreValType.AbstractHeapType.values().length)]);
            case 2: return CoreValType.Ref.concrete(r.nextBoolean(), index());
            default: return CoreValType.Num.I32;
        }
    }

    CoreFuncType coreFuncType() {
        return new CoreFuncType(list(3, this::coreValType), list(2, this::coreValType));
    }

    CoreExternType coreExternType() {
        switch (r.nextInt(5)) {
            case 0: return new CoreExternType.Func(index());
            case 1: return new CoreExternType.Table(CoreValType.FUNCREF, r.nextInt(100),
                    r.nextBoolean() ? OptionalLong.of(r.nextInt(1000)) : OptionalLong.empty(), r.nextBoolean());
            case 2: return new CoreExternType.Memory(r.nextInt(100),
                    r.nextBoolean() ? OptionalLong.of(r.nextInt(1000)) : OptionalLong.empty(), r.nextBoolean(),
                    r.nextBoolean(), r.nextBoolean() ? OptionalInt.of(r.nextInt(17)) : OptionalInt.empty());
            case 3: return new CoreExternType.Global(coreValType(), r.nextBoolean());
            default: return new CoreExternType.Tag(index());
        }
    }

    CoreType coreType() {
        if (r.nextBoolean()) {
            return new CoreType.Func(0, coreFuncType());
        }
        return new CoreType.Module(0, list(4, () -> {
            switch (r.nextInt(4)) {
                case 0: return new CoreType.Import(0, label(), label(), coreExternType());
                case 1: return new CoreType.Type(0, coreFuncType());
                case 2: return new CoreType.OuterAlias(0, r.nextInt(3), index());
                default: return new CoreType.Export(0, label(), coreExternType());
            }
        }));
    }

    Decl.NameAttributes attributes() {
        if (r.nextInt(4) != 0) {
            return Decl.NameAttributes.NONE;
        }
        Decl.NameAttributes a = new Decl.NameAttributes(r.nextBoolean() ? Optional.of(label()) : Optional.empty(),
                r.nextBoolean() ? Optional.of(label()) : Optional.empty(),
                r.nextBoolean() ? Optional.of(label()) : Optional.empty());
        return a;
    }

    ExternType externType() {
        switch (r.nextInt(8)) {
            case 0: return new ExternType.CoreModule(index());
            case 1: return new ExternType.Func(index());
            case 2: return new ExternType.ValueEq(index());
            case 3: return new ExternType.Value(valType());
            case 4: return new ExternType.TypeEq(index());
            case 5: return new ExternType.SubResource();
            case 6: return new ExternType.Component(index());
            default: return new ExternType.Instance(index());
        }
    }

    Sort sort() {
        Sort[] s = Sort.values();
        return s[r.nextInt(s.length)];
    }

    Alias alias() {
        switch (r.nextInt(3)) {
            case 0: return new Alias.InstanceExport(0, sort(), index(), label());
            case 1: return new Alias.CoreInstanceExport(0, CoreSort.values()[r.nextInt(CoreSort.values().length)],
                    index(), label());
            default: {
                Sort[] ok = {Sort.CORE_TYPE, Sort.CORE_MODULE, Sort.TYPE, Sort.COMPONENT};
                return new Alias.Outer(0, ok[r.nextInt(ok.length)], r.nextInt(5), index());
            }
        }
    }

    List<Decl> decls(boolean component, int depth) {
        return list(5, () -> {
            int k = r.nextInt(component ? 5 : 4);
            switch (k) {
                case 0: return coreType();
                case 1: return typeDef(depth);
                case 2: return alias();
                case 3: return new Decl.Export(0, label(), attributes(), externType());
                default: return new ImportDef(0, label(), attributes(), externType());
            }
        });
    }

    TypeDef typeDef(int depth) {
        int k = r.nextInt(depth > 0 ? 19 : 17);
        switch (k) {
            case 0: return new TypeDef.PrimitiveDef(0, PrimitiveType.values()[r.nextInt(PrimitiveType.values().length)]);
            case 1: return new TypeDef.RecordType(0, fields());
            case 2: return new TypeDef.VariantType(0, list(4, () -> new TypeDef.Case(label(), optValType())));
            case 3: return new TypeDef.ListType(0, valType());
            case 4: return new TypeDef.TupleType(0, list(4, this::valType));
            case 5: return new TypeDef.FlagsType(0, list(5, this::label));
            case 6: return new TypeDef.EnumType(0, list(5, this::label));
            case 7: return new TypeDef.OptionType(0, valType());
            case 8: return new TypeDef.ResultType(0, optValType(), optValType());
            case 9: return new TypeDef.OwnType(0, index());
            case 10: return new TypeDef.BorrowType(0, index());
            case 11: return new TypeDef.StreamType(0, optValType());
            case 12: return new TypeDef.FutureType(0, optValType());
            case 13: return new TypeDef.FuncType(0, r.nextInt(5) == 0, fields(), optValType());
            case 14:
            case 15: return new TypeDef.ResourceType(0, coreValType(),
                    r.nextBoolean() ? OptionalInt.of(index()) : OptionalInt.empty());
            case 16: return new TypeDef.FuncType(0, false, List.of(), Optional.empty());
            case 17: return new TypeDef.ComponentType(0, decls(true, depth - 1));
            default: return new TypeDef.InstanceType(0, decls(false, depth - 1));
        }
    }
}
