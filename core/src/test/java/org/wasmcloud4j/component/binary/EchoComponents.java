package org.wasmcloud4j.component.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * Builds, for any value type {@code T}, a component exporting {@code echo: func(x: tuple<T, bool>, pad: P) ->
 * tuple<T, bool>} whose core function returns its argument pointer: the padding forces the parameters into memory
 * (more than 16 flat values) and the tuple result is returned through memory, so the guest hands back exactly the
 * bytes the host lowered, and lifting them must give the same value. The core module is hand-assembled; a bump
 * {@code cabi_realloc} serves allocations.
 */
public final class EchoComponents {
    private EchoComponents() {}

    /** The padding parameter's type: 17 flat i32 values. */
    public static final TupleType PAD = new TupleType(java.util.Collections.nCopies(17,
            org.wasmcloud4j.component.types.PrimitiveType.U8));

    /** The echo component for {@code t}. */
    public static byte[] echo(ValType t) {
        return echo(t, 0);
    }

    /**
     * A broken echo for {@code t}: its core function returns the argument pointer plus {@code delta}, so the host
     * lifts whatever bytes lie there (misaligned, out of bounds, bad discriminants, bad UTF-8...).
     */
    public static byte[] echo(ValType t, int delta) {
        return build(t, coreModule(delta, null, null));
    }

    /** An echo whose {@code cabi_realloc} always returns {@code pointer} (misaligned or out of bounds). */
    public static byte[] badRealloc(ValType t, int pointer) {
        return build(t, coreModule(0, null, pointer));
    }

    /** Address of the data a {@link #fixed} component returns. */
    public static final int FIXED_ADDRESS = 3 << 20;

    /**
     * A component whose {@code echo} ignores its argument and returns a pointer to {@code data}, placed at
     * {@link #FIXED_ADDRESS}: the host lifts exactly those bytes as a {@code tuple<T, bool>}.
     */
    public static byte[] fixed(ValType t, byte[] data) {
        return build(t, coreModule(0, data, null));
    }

    private static byte[] build(ValType t, byte[] module) {
        ComponentBuilder b = new ComponentBuilder().coreModule(module);
        b.coreInstances(List.of(new CoreInstanceDef.Instantiate(0, 0, List.of())));
        b.aliases(List.of(new Alias.CoreInstanceExport(0, CoreSort.MEMORY, 0, "memory"),
                new Alias.CoreInstanceExport(0, CoreSort.FUNC, 0, "echo"),
                new Alias.CoreInstanceExport(0, CoreSort.FUNC, 0, "cabi_realloc")));
        Emitter e = new Emitter(b);
        ValType wrapped = new TupleType(List.of(t, org.wasmcloud4j.component.types.PrimitiveType.BOOL));
        ValTypeRef w = e.ref(wrapped);
        ValTypeRef pad = e.ref(PAD);
        int funcType = e.define(new TypeDef.FuncType(0, false, List.of(new TypeDef.Field("x", w),
                new TypeDef.Field("pad", pad)), Optional.of(w)), false);
        b.canons(List.of(new Canon.Lift(0, 0, new Canon.Options(Canon.StringEncoding.UTF8, OptionalInt.of(0),
                OptionalInt.of(1), OptionalInt.empty(), false, OptionalInt.empty()), funcType)));
        b.exports(List.of(new ExportDef(0, "echo", Decl.NameAttributes.NONE, new SortIndex(Sort.FUNC, 0),
                Optional.empty())));
        return b.build();
    }

    /** Emits type definitions one at a time, exporting every record, variant, enum and flags type so it is named. */
    private static final class Emitter {
        final ComponentBuilder b;
        int types;
        int exported;

        Emitter(ComponentBuilder b) {
            this.b = b;
        }

        int define(TypeDef d, boolean export) {
            b.types(List.of(d));
            int index = types++;
            if (!export) {
                return index;
            }
            b.exports(List.of(new ExportDef(0, "t" + exported++, Decl.NameAttributes.NONE,
                    new SortIndex(Sort.TYPE, index), Optional.empty())));
            return types++;
        }

        ValTypeRef ref(ValType t) {
            ValType u = t.unwrap();
            if (u instanceof org.wasmcloud4j.component.types.PrimitiveType p) {
                return PrimitiveType.valueOf(p.name());
            }
            TypeDef d;
            boolean named = false;
            if (u instanceof ListType l) {
                d = new TypeDef.ListType(0, ref(l.element()));
            } else if (u instanceof OptionType o) {
                d = new TypeDef.OptionType(0, ref(o.some()));
            } else if (u instanceof ResultType r) {
                d = new TypeDef.ResultType(0, r.ok().map(this::ref), r.err().map(this::ref));
            } else if (u instanceof TupleType tt) {
                List<ValTypeRef> es = new ArrayList<>();
                tt.elements().forEach(x -> es.add(ref(x)));
                d = new TypeDef.TupleType(0, es);
            } else if (u instanceof RecordType r) {
                List<TypeDef.Field> fs = new ArrayList<>();
                r.fields().forEach(f -> fs.add(new TypeDef.Field(f.name(), ref(f.type()))));
                d = new TypeDef.RecordType(0, fs);
                named = true;
            } else if (u instanceof VariantType v) {
                List<TypeDef.Case> cs = new ArrayList<>();
                v.cases().forEach(c -> cs.add(new TypeDef.Case(c.name(), c.type().map(this::ref))));
                d = new TypeDef.VariantType(0, cs);
                named = true;
            } else if (u instanceof EnumType en) {
                d = new TypeDef.EnumType(0, en.cases());
                named = true;
            } else if (u instanceof FlagsType f) {
                d = new TypeDef.FlagsType(0, f.flags());
                named = true;
            } else {
                throw new IllegalArgumentException("no echo for " + t);
            }
            return new ValTypeRef.Index(define(d, named));
        }
    }

    /** (memory 64) (global mut i32 1024) echo(i32)->i32 = identity; cabi_realloc = bump allocator. */
    static byte[] coreModule(int delta, byte[] data, Integer fixedRealloc) {
        ByteWriter m = new ByteWriter().bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
        m.section(1, ByteWriter.of(0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f));
        m.section(3, ByteWriter.of(0x02, 0x00, 0x01));
        m.section(5, ByteWriter.of(0x01, 0x00, 0x40));
        m.section(6, ByteWriter.of(0x01, 0x7f, 0x01, 0x41, 0x80, 0x08, 0x0b));
        m.section(7, new ByteWriter().u32(3).name("memory").bytes(0x02, 0x00).name("echo").bytes(0x00, 0x00)
                .name("cabi_realloc").bytes(0x00, 0x01).toByteArray());
        byte[] echo = data == null
                ? new ByteWriter().bytes(0x00, 0x20, 0x00, 0x41).s64(delta).bytes(0x6a, 0x0b).toByteArray()
                : new ByteWriter().bytes(0x00, 0x41).s64(FIXED_ADDRESS).bytes(0x0b).toByteArray();
        byte[] realloc = fixedRealloc != null
                ? new ByteWriter().bytes(0x00, 0x41).s64(fixedRealloc).bytes(0x0b).toByteArray()
                : ByteWriter.of(0x01, 0x01, 0x7f,
                0x23, 0x00, 0x20, 0x02, 0x6a, 0x41, 0x01, 0x6b,      // heap + align - 1
                0x41, 0x00, 0x20, 0x02, 0x6b, 0x71, 0x22, 0x04,      // & -align -> ret (local 4)
                0x20, 0x03, 0x6a, 0x24, 0x00,                        // heap = ret + size
                0x20, 0x04, 0x0b);
        m.section(10, new ByteWriter().u32(2).u32(echo.length).raw(echo).u32(realloc.length).raw(realloc)
                .toByteArray());
        if (data != null) {
            m.section(11, new ByteWriter().u32(1).u32(0).bytes(0x41).s64(FIXED_ADDRESS).bytes(0x0b).u32(data.length)
                    .raw(data).toByteArray());
        }
        return m.toByteArray();
    }
}
