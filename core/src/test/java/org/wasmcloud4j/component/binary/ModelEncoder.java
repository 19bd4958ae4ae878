package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Optional;

/** Test-only encoder from the decoded model back to the binary format (written from Binary.md). */
final class ModelEncoder {
    private ModelEncoder() {
    }

    static void coreValType(ByteWriter w, CoreValType t) {
        if (t instanceof CoreValType.Num n) {
            switch (n) {
                case I32: w.u8(0x7f); break;
                case I64: w.u8(0x7e); break;
                case F32: w.u8(0x7d); break;
                case F64: w.u8(0x7c); break;
                default: w.u8(0x7b); break;
            }
            return;
        }
        CoreValType.Ref r = (CoreValType.Ref) t;
        if (r.nullable() && r.abstractHeapType() != null) {
            w.u8(r.abstractHeapType().code()); // short form
            return;
        }
        w.u8(r.nullable() ? 0x63 : 0x64);
        if (r.abstractHeapType() != null) {
            w.u8(r.abstractHeapType().code());
        } else {
            w.s64(r.typeIndex());
        }
    }

    static void coreFuncType(ByteWriter w, CoreFuncType f) {
        w.u8(0x60);
        w.u32(f.params().size());
        f.params().forEach(p -> coreValType(w, p));
        w.u32(f.results().size());
        f.results().forEach(p -> coreValType(w, p));
    }

    static void coreExternType(ByteWriter w, CoreExternType t) {
        if (t instanceof CoreExternType.Func f) {
            w.u8(0x00).u32(f.typeIndex());
        } else if (t instanceof CoreExternType.Table tb) {
            w.u8(0x01);
            coreValType(w, tb.elementType());
            w.u8((tb.max().isPresent() ? 1 : 0) | (tb.table64() ? 4 : 0));
            w.u32(tb.min());
            tb.max().ifPresent(w::u32);
        } else if (t instanceof CoreExternType.Memory m) {
            w.u8(0x02);
            w.u8((m.max().isPresent() ? 1 : 0) | (m.shared() ? 2 : 0) | (m.memory64() ? 4 : 0)
                    | (m.pageSizeLog2().isPresent() ? 8 : 0));
            w.u32(m.min());
            m.max().ifPresent(w::u32);
            m.pageSizeLog2().ifPresent(w::u32);
        } else if (t instanceof CoreExternType.Global g) {
            w.u8(0x03);
            coreValType(w, g.type());
            w.u8(g.mutable() ? 1 : 0);
        } else {
            w.u8(0x04).u8(0x00).u32(((CoreExternType.Tag) t).typeIndex());
        }
    }

    static void coreType(ByteWriter w, CoreType t) {
        if (t instanceof CoreType.Func f) {
            coreFuncType(w, f.type());
            return;
        }
        CoreType.Module m = (CoreType.Module) t;
        w.u8(0x50).u32(m.decls().size());
        for (CoreType.ModuleDecl d : m.decls()) {
            if (d instanceof CoreType.Import i) {
                w.u8(0x00).name(i.module()).name(i.name());
                coreExternType(w, i.type());
            } else if (d instanceof CoreType.Type ty) {
                w.u8(0x01);
                coreFuncType(w, ty.type());
            } else if (d instanceof CoreType.OuterAlias a) {
                w.u8(0x02).u8(0x10).u8(0x01).u32(a.count()).u32(a.index());
            } else {
                CoreType.Export e = (CoreType.Export) d;
                w.u8(0x03).name(e.name());
                coreExternType(w, e.type());
            }
        }
    }

    static void valType(ByteWriter w, ValTypeRef t) {
        if (t instanceof PrimitiveType p) {
            w.u8(p.code());
        } else {
            w.s64(((ValTypeRef.Index) t).typeIndex());
        }
    }

    static void optValType(ByteWriter w, Optional<ValTypeRef> t) {
        if (t.isPresent()) {
            w.u8(0x01);
            valType(w, t.get());
        } else {
            w.u8(0x00);
        }
    }

    static void sort(ByteWriter w, Sort s) {
        if (s.isCore()) {
            w.u8(0x00).u8(s.coreSort().code());
            return;
        }
        switch (s) {
            case FUNC: w.u8(0x01); break;
            case VALUE: w.u8(0x02); break;
            case TYPE: w.u8(0x03); break;
            case COMPONENT: w.u8(0x04); break;
            default: w.u8(0x05); break;
        }
    }

    static void externName(ByteWriter w, String name, Decl.NameAttributes a) {
        if (a.equals(Decl.NameAttributes.NONE)) {
            w.u8(0x00).name(name);
            return;
        }
        int n = (a.implementsInterface().isPresent() ? 1 : 0) + (a.versionSuffix().isPresent() ? 1 : 0)
                + (a.externalId().isPresent() ? 1 : 0);
        w.u8(0x02).name(name).u32(n);
        a.implementsInterface().ifPresent(v -> w.u8(0x00).name(v));
        a.versionSuffix().ifPresent(v -> w.u8(0x01).name(v));
        a.externalId().ifPresent(v -> w.u8(0x02).name(v));
    }

    static void externType(ByteWriter w, ExternType t) {
        if (t instanceof ExternType.CoreModule m) {
            w.u8(0x00).u8(0x11).u32(m.coreTypeIndex());
        } else if (t instanceof ExternType.Func f) {
            w.u8(0x01).u32(f.typeIndex());
        } else if (t instanceof ExternType.ValueEq v) {
            w.u8(0x02).u8(0x00).u32(v.valueIndex());
        } else if (t instanceof ExternType.Value v) {
            w.u8(0x02).u8(0x01);
            valType(w, v.type());
        } else if (t instanceof ExternType.TypeEq e) {
            w.u8(0x03).u8(0x00).u32(e.typeIndex());
        } else if (t instanceof ExternType.SubResource) {
            w.u8(0x03).u8(0x01);
        } else if (t instanceof ExternType.Component c) {
            w.u8(0x04).u32(c.typeIndex());
        } else {
            w.u8(0x05).u32(((ExternType.Instance) t).typeIndex());
        }
    }

    static void alias(ByteWriter w, Alias a) {
        sort(w, a.sort());
        if (a instanceof Alias.InstanceExport e) {
            w.u8(0x00).u32(e.instanceIndex()).name(e.name());
        } else if (a instanceof Alias.CoreInstanceExport e) {
            w.u8(0x01).u32(e.coreInstanceIndex()).name(e.name());
        } else {
            Alias.Outer o = (Alias.Outer) a;
            w.u8(0x02).u32(o.count()).u32(o.index());
        }
    }

    static void importDef(ByteWriter w, ImportDef i) {
        externName(w, i.name(), i.attributes());
        externType(w, i.type());
    }

    static void exportDef(ByteWriter w, ExportDef e) {
        externName(w, e.name(), e.attributes());
        sort(w, e.target().sort());
        w.u32(e.target().index());
        if (e.ascribedType().isPresent()) {
            w.u8(0x01);
            externType(w, e.ascribedType().get());
        } else {
            w.u8(0x00);
        }
    }

    static void fields(ByteWriter w, List<TypeDef.Field> fields) {
        w.u32(fields.size());
        for (TypeDef.Field f : fields) {
            w.name(f.name());
            valType(w, f.type());
        }
    }

    static void typeDef(ByteWriter w, TypeDef t) {
        if (t instanceof TypeDef.PrimitiveDef p) {
            w.u8(p.type().code());
        } else if (t instanceof TypeDef.RecordType r) {
            w.u8(0x72);
            fields(w, r.fields());
        } else if (t instanceof TypeDef.VariantType v) {
            w.u8(0x71).u32(v.cases().size());
            for (TypeDef.Case c : v.cases()) {
                w.name(c.name());
                optValType(w, c.type());
                w.u8(0x00);
            }
        } else if (t instanceof TypeDef.ListType l) {
            w.u8(0x70);
            valType(w, l.element());
        } else if (t instanceof TypeDef.TupleType tu) {
            w.u8(0x6f).u32(tu.types().size());
            tu.types().forEach(x -> valType(w, x));
        } else if (t instanceof TypeDef.FlagsType f) {
            w.u8(0x6e).u32(f.names().size());
            f.names().forEach(w::name);
        } else if (t instanceof TypeDef.EnumType e) {
            w.u8(0x6d).u32(e.names().size());
            e.names().forEach(w::name);
        } else if (t instanceof TypeDef.OptionType o) {
            w.u8(0x6b);
            valType(w, o.type());
        } else if (t instanceof TypeDef.ResultType r) {
            w.u8(0x6a);
            optValType(w, r.ok());
            optValType(w, r.error());
        } else if (t instanceof TypeDef.OwnType o) {
            w.u8(0x69).u32(o.resourceTypeIndex());
        } else if (t instanceof TypeDef.BorrowType b) {
            w.u8(0x68).u32(b.resourceTypeIndex());
        } else if (t instanceof TypeDef.StreamType s) {
            w.u8(0x66);
            optValType(w, s.element());
        } else if (t instanceof TypeDef.FutureType f) {
            w.u8(0x65);
            optValType(w, f.element());
        } else if (t instanceof TypeDef.FuncType f) {
            w.u8(f.async() ? 0x43 : 0x40);
            fields(w, f.params());
            if (f.result().isPresent()) {
                w.u8(0x00);
                valType(w, f.result().get());
            } else {
                w.u8(0x01).u8(0x00);
            }
        } else if (t instanceof TypeDef.ComponentType c) {
            w.u8(0x41);
            decls(w, c.decls());
        } else if (t instanceof TypeDef.InstanceType i) {
            w.u8(0x42);
            decls(w, i.decls());
        } else {
            TypeDef.ResourceType r = (TypeDef.ResourceType) t;
            w.u8(0x3f);
            coreValType(w, r.rep());
            if (r.destructor().isPresent()) {
                w.u8(0x01).u32(r.destructor().getAsInt());
            } else {
                w.u8(0x00);
            }
        }
    }

    static void decls(ByteWriter w, List<Decl> decls) {
        w.u32(decls.size());
        for (Decl d : decls) {
            if (d instanceof CoreType c) {
                w.u8(0x00);
                coreType(w, c);
            } else if (d instanceof TypeDef t) {
                w.u8(0x01);
                typeDef(w, t);
            } else if (d instanceof Alias a) {
                w.u8(0x02);
                alias(w, a);
            } else if (d instanceof ImportDef i) {
                w.u8(0x03);
                importDef(w, i);
            } else {
                Decl.Export e = (Decl.Export) d;
                w.u8(0x04);
                externName(w, e.name(), e.attributes());
                externType(w, e.type());
            }
        }
    }

    static void options(ByteWriter w, Canon.Options o) {
        int n = 0;
        ByteWriter b = new ByteWriter();
        if (o.stringEncoding() != Canon.StringEncoding.UTF8) {
            b.u8(o.stringEncoding() == Canon.StringEncoding.UTF16 ? 0x01 : 0x02);
            n++;
        }
        if (o.memory().isPresent()) {
            b.u8(0x03).u32(o.memory().getAsInt());
            n++;
        }
        if (o.realloc().isPresent()) {
            b.u8(0x04).u32(o.realloc().getAsInt());
            n++;
        }
        if (o.postReturn().isPresent()) {
            b.u8(0x05).u32(o.postReturn().getAsInt());
            n++;
        }
        if (o.async()) {
            b.u8(0x06);
            n++;
        }
        if (o.callback().isPresent()) {
            b.u8(0x07).u32(o.callback().getAsInt());
            n++;
        }
        w.u32(n).raw(b.toByteArray());
    }

    static void canon(ByteWriter w, Canon c) {
        if (c instanceof Canon.Lift l) {
            w.u8(0x00).u8(0x00).u32(l.coreFuncIndex());
            options(w, l.options());
            w.u32(l.typeIndex());
        } else if (c instanceof Canon.Lower l) {
            w.u8(0x01).u8(0x00).u32(l.funcIndex());
            options(w, l.options());
        } else if (c instanceof Canon.ResourceNew r) {
            w.u8(0x02).u32(r.typeIndex());
        } else if (c instanceof Canon.ResourceDrop r) {
            w.u8(0x03).u32(r.typeIndex());
        } else if (c instanceof Canon.ResourceRep r) {
            w.u8(0x04).u32(r.typeIndex());
        } else {
            throw new UnsupportedOperationException("test encoder does not write " + c);
        }
    }

    static void coreInstance(ByteWriter w, CoreInstanceDef d) {
        if (d instanceof CoreInstanceDef.Instantiate i) {
            w.u8(0x00).u32(i.moduleIndex()).u32(i.args().size());
            i.args().forEach(a -> w.name(a.name()).u8(0x12).u32(a.instanceIndex()));
        } else {
            CoreInstanceDef.FromExports e = (CoreInstanceDef.FromExports) d;
            w.u8(0x01).u32(e.exports().size());
            e.exports().forEach(x -> w.name(x.name()).u8(x.sort().code()).u32(x.index()));
        }
    }

    static void instance(ByteWriter w, InstanceDef d) {
        if (d instanceof InstanceDef.Instantiate i) {
            w.u8(0x00).u32(i.componentIndex()).u32(i.args().size());
            for (InstanceDef.Arg a : i.args()) {
                w.name(a.name());
                sort(w, a.target().sort());
                w.u32(a.target().index());
            }
        } else {
            InstanceDef.FromExports e = (InstanceDef.FromExports) d;
            w.u8(0x01).u32(e.exports().size());
            for (InstanceDef.Export x : e.exports()) {
                externName(w, x.name(), x.attributes());
                sort(w, x.target().sort());
                w.u32(x.target().index());
            }
        }
    }
}
