package org.wasmcloud4j.component.validate;

import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.CoreModuleType;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * Whether one extern type can stand where another is expected: instances may export more than required,
 * components may import less and export more, functions and value types must match structurally (names given to
 * types do not matter, record field and case labels do), resources must be the same resource.
 */
public final class Subtyping {
    private Subtyping() {}

    /**
     * Returns empty when {@code actual} is a subtype of {@code expected}, else the reason, naming the path of the
     * first mismatch (e.g. {@code "function 'get' result: expected string, found u32"}).
     */
    public static Optional<String> mismatch(ExternType actual, ExternType expected) {
        return check(actual, expected, "");
    }

    /** Whether two value types are the same structure, ignoring the names types were given. */
    public static boolean equivalent(ValType a, ValType b) {
        ValType x = strip(a);
        ValType y = strip(b);
        if (x instanceof PrimitiveType || x instanceof EnumType || x instanceof FlagsType) {
            return x.equals(y);
        }
        if (x instanceof ListType l && y instanceof ListType m) {
            return equivalent(l.element(), m.element());
        }
        if (x instanceof OptionType o && y instanceof OptionType p) {
            return equivalent(o.some(), p.some());
        }
        if (x instanceof ResultType r && y instanceof ResultType s) {
            return equivalentOpt(r.ok(), s.ok()) && equivalentOpt(r.err(), s.err());
        }
        if (x instanceof StreamType s && y instanceof StreamType t) {
            return equivalentOpt(s.element(), t.element());
        }
        if (x instanceof FutureType f && y instanceof FutureType g) {
            return equivalentOpt(f.element(), g.element());
        }
        if (x instanceof TupleType t && y instanceof TupleType u) {
            if (t.elements().size() != u.elements().size()) {
                return false;
            }
            for (int i = 0; i < t.elements().size(); i++) {
                if (!equivalent(t.elements().get(i), u.elements().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof RecordType r && y instanceof RecordType s) {
            if (r.fields().size() != s.fields().size()) {
                return false;
            }
            for (int i = 0; i < r.fields().size(); i++) {
                RecordType.Field f = r.fields().get(i);
                RecordType.Field g = s.fields().get(i);
                if (!f.name().equals(g.name()) || !equivalent(f.type(), g.type())) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof VariantType v && y instanceof VariantType w) {
            if (v.cases().size() != w.cases().size()) {
                return false;
            }
            for (int i = 0; i < v.cases().size(); i++) {
                VariantType.Case c = v.cases().get(i);
                VariantType.Case d = w.cases().get(i);
                if (!c.name().equals(d.name()) || !equivalentOpt(c.type(), d.type())) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof HandleType h && y instanceof HandleType k) {
            return h.borrow() == k.borrow() && sameResource(h.resource(), k.resource());
        }
        return false;
    }

    private static boolean sameResource(ResourceType a, ResourceType b) {
        return a.equals(b);
    }

    private static boolean equivalentOpt(Optional<ValType> a, Optional<ValType> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || equivalent(a.get(), b.get()));
    }

    private static ValType strip(ValType t) {
        ValType u = t;
        while (u instanceof NamedType n) {
            u = n.definition();
        }
        return u;
    }

    private static Optional<String> check(ExternType actual, ExternType expected, String path) {
        String at = path.isEmpty() ? "" : path + ": ";
        if (expected instanceof FuncType ef) {
            if (!(actual instanceof FuncType af)) {
                return Optional.of(at + "expected a function, found " + kind(actual));
            }
            if (ef.params().size() != af.params().size()) {
                return Optional.of(at + "expected " + ef.params().size() + " parameters, found " + af.params().size());
            }
            for (int i = 0; i < ef.params().size(); i++) {
                FuncType.Param e = ef.params().get(i);
                FuncType.Param a = af.params().get(i);
                if (!e.name().equals(a.name())) {
                    return Optional.of(at + "parameter " + i + " is named '" + a.name() + "', expected '" + e.name() + "'");
                }
                if (!equivalent(a.type(), e.type())) {
                    return Optional.of(at + "parameter '" + e.name() + "': expected " + e.type() + ", found " + a.type());
                }
            }
            if (!equivalentOpt(af.result(), ef.result())) {
                return Optional.of(at + "result: expected " + ef.result().map(Object::toString).orElse("none")
                        + ", found " + af.result().map(Object::toString).orElse("none"));
            }
            return Optional.empty();
        }
        if (expected instanceof InterfaceType ei) {
            if (!(actual instanceof InterfaceType ai)) {
                return Optional.of(at + "expected an instance, found " + kind(actual));
            }
            for (Map.Entry<String, TypeDefinition> t : ei.types().entrySet()) {
                Optional<TypeDefinition> found = ai.type(t.getKey());
                if (found.isEmpty()) {
                    return Optional.of(at + "missing type '" + t.getKey() + "'");
                }
                Optional<String> m = check(new TypeExtern(found.get()), new TypeExtern(t.getValue()),
                        path + (path.isEmpty() ? "" : ".") + t.getKey());
                if (m.isPresent()) {
                    return m;
                }
            }
            for (Map.Entry<String, FuncType> f : ei.functions().entrySet()) {
                Optional<FuncType> found = ai.function(f.getKey());
                if (found.isEmpty()) {
                    return Optional.of(at + "missing function '" + f.getKey() + "'");
                }
                Optional<String> m = check(found.get(), f.getValue(), "function '" + f.getKey() + "'");
                if (m.isPresent()) {
                    return Optional.of(at + m.get());
                }
            }
            return Optional.empty();
        }
        if (expected instanceof TypeExtern et) {
            if (!(actual instanceof TypeExtern at2)) {
                return Optional.of(at + "expected a type, found " + kind(actual));
            }
            TypeDefinition e = et.type();
            TypeDefinition a = at2.type();
            if (e instanceof ResourceType != a instanceof ResourceType) {
                return Optional.of(at + "expected " + (e instanceof ResourceType ? "a resource" : "a value type"));
            }
            if (e instanceof ResourceType er && !er.equals(a)) {
                return Optional.of(at + "expected " + er + ", found " + a);
            }
            if (e instanceof NamedType en && a instanceof NamedType an && !equivalent(an, en)) {
                return Optional.of(at + "expected type " + en.definition() + ", found " + an.definition());
            }
            return Optional.empty();
        }
        if (expected instanceof ComponentType ec) {
            if (!(actual instanceof ComponentType ac)) {
                return Optional.of(at + "expected a component, found " + kind(actual));
            }
            for (Map.Entry<String, ExternType> imp : ac.imports().entrySet()) {
                ExternType offered = ec.imports().get(imp.getKey());
                if (offered == null) {
                    return Optional.of(at + "component imports '" + imp.getKey() + "', which is not allowed here");
                }
                Optional<String> m = check(offered, imp.getValue(), path + " import '" + imp.getKey() + "'");
                if (m.isPresent()) {
                    return m;
                }
            }
            for (Map.Entry<String, ExternType> exp : ec.exports().entrySet()) {
                ExternType found = ac.exports().get(exp.getKey());
                if (found == null) {
                    return Optional.of(at + "missing export '" + exp.getKey() + "'");
                }
                Optional<String> m = check(found, exp.getValue(), path + " export '" + exp.getKey() + "'");
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        }
        if (expected instanceof CoreModuleType) {
            return actual instanceof CoreModuleType ? Optional.empty()
                    : Optional.of(at + "expected a core module, found " + kind(actual));
        }
        return Optional.of(at + "unsupported extern type " + kind(expected));
    }

    private static String kind(ExternType t) {
        if (t instanceof FuncType) {
            return "a function";
        }
        if (t instanceof InterfaceType) {
            return "an instance";
        }
        if (t instanceof ComponentType) {
            return "a component";
        }
        if (t instanceof CoreModuleType) {
            return "a core module";
        }
        return "a type";
    }
}
