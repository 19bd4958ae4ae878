package org.wasmcloud4j.component.runtime;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.abi.ResourceRuntimeType;
import org.wasmcloud4j.component.binary.TypeDef;
import org.wasmcloud4j.component.binary.ValTypeRef;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * Which run-time resource type each handle in a lifted function's signature stands for, so that the canonical ABI
 * can check every handle that crosses the boundary ({@code trap_if(h.rt is not t.rt)}). Built per instantiation by
 * walking the function's static type alongside its binary definition in the instance's type index space; a handle
 * whose definition cannot be followed (a type from an imported instance) is left unbound, and its resource is
 * checked where it is used ({@code resource.rep}, {@code resource.drop}, {@link HostResource#get}).
 */
final class HandleBinding {
    /** A defined (non-resource) type in a frame's type index space: its binary definition and that frame. */
    record DefinedType(TypeDef def, Instantiation.Frame frame) {}

    private static final ResourceRuntimeType AMBIGUOUS = new ResourceRuntimeType("ambiguous", null, null);

    private HandleBinding() {
    }

    /** The binding for {@code type}, defined by type index {@code typeIndex} of {@code frame}; empty if none. */
    static Map<HandleType, ResourceRuntimeType> of(FuncType type, Instantiation.Frame frame, int typeIndex) {
        boolean handles = type.params().stream().anyMatch(p -> p.type().containsHandles())
                || type.result().map(ValType::containsHandles).orElse(false);
        if (!handles || !(frame.types.get(typeIndex) instanceof DefinedType d
                && d.def() instanceof TypeDef.FuncType raw)) {
            return Map.of();
        }
        Map<HandleType, ResourceRuntimeType> out = new IdentityHashMap<>();
        if (raw.params().size() == type.params().size()) {
            for (int i = 0; i < raw.params().size(); i++) {
                walk(type.params().get(i).type(), raw.params().get(i).type(), d.frame(), out);
            }
        }
        pair(type.result(), raw.result(), d.frame(), out);
        out.values().removeIf(rt -> rt == AMBIGUOUS);
        return out;
    }

    private static void pair(Optional<ValType> s, Optional<ValTypeRef> r, Instantiation.Frame f,
            Map<HandleType, ResourceRuntimeType> out) {
        if (s.isPresent() && r.isPresent()) {
            walk(s.get(), r.get(), f, out);
        }
    }

    private static void walk(ValType s, ValTypeRef r, Instantiation.Frame f, Map<HandleType, ResourceRuntimeType> out) {
        if (!s.containsHandles() || !(r instanceof ValTypeRef.Index ix)
                || !(f.types.get(ix.typeIndex()) instanceof DefinedType d)) {
            return;
        }
        ValType u = s.unwrap();
        TypeDef def = d.def();
        Instantiation.Frame df = d.frame();
        if (u instanceof HandleType h) {
            int resource = def instanceof TypeDef.OwnType o ? o.resourceTypeIndex()
                    : def instanceof TypeDef.BorrowType b ? b.resourceTypeIndex() : -1;
            if (resource >= 0 && df.types.get(resource) instanceof ResourceRuntimeType rt) {
                out.merge(h, rt, (a, b) -> a == b ? a : AMBIGUOUS);
            }
        } else if (u instanceof RecordType rs && def instanceof TypeDef.RecordType rr
                && rs.fields().size() == rr.fields().size()) {
            for (int i = 0; i < rs.fields().size(); i++) {
                walk(rs.fields().get(i).type(), rr.fields().get(i).type(), df, out);
            }
        } else if (u instanceof VariantType vs && def instanceof TypeDef.VariantType vr
                && vs.cases().size() == vr.cases().size()) {
            for (int i = 0; i < vs.cases().size(); i++) {
                pair(vs.cases().get(i).type(), vr.cases().get(i).type(), df, out);
            }
        } else if (u instanceof ListType ls && def instanceof TypeDef.ListType lr) {
            walk(ls.element(), lr.element(), df, out);
        } else if (u instanceof TupleType ts && def instanceof TypeDef.TupleType tr) {
            List<ValType> e = ts.elements();
            for (int i = 0; i < Math.min(e.size(), tr.types().size()); i++) {
                walk(e.get(i), tr.types().get(i), df, out);
            }
        } else if (u instanceof OptionType os && def instanceof TypeDef.OptionType or) {
            walk(os.some(), or.type(), df, out);
        } else if (u instanceof ResultType rs && def instanceof TypeDef.ResultType rr) {
            pair(rs.ok(), rr.ok(), df, out);
            pair(rs.err(), rr.error(), df, out);
        }
    }
}
