package org.wasmcloud4j.wit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.types.WorldType;

/**
 * Prints packages of the type model as WIT text that {@link WitLoader} parses back to an equal model.
 *
 * <p>{@link #printComponent(ComponentType)} prints the world of any component as package {@code root:component},
 * world {@code root}, followed by every interface it imports or exports as nested {@code package ... { }} blocks,
 * so the output is self-contained.
 */
public final class WitPrinter {
    private WitPrinter() {}

    /** Prints the root package (if any) first, then every other package as a nested package block. */
    public static String print(WitResolve resolve) {
        return print(resolve.root(), resolve.packages());
    }

    /**
     * Prints {@code root} (if present) as the file's package and every other package of {@code packages} as a
     * nested package block.
     */
    public static String print(Optional<WitPackage> root, List<WitPackage> packages) {
        StringBuilder out = new StringBuilder();
        if (root.isPresent()) {
            out.append("package ").append(packageName(root.get().name())).append(";\n");
            body(out, root.get(), "");
        }
        List<WitPackage> sorted = new ArrayList<>(packages);
        sorted.sort(java.util.Comparator.comparing(p -> p.name().toString()));
        for (WitPackage p : sorted) {
            if (root.isPresent() && p.name().equals(root.get().name())) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("package ").append(packageName(p.name())).append(" {\n");
            body(out, p, "  ");
            out.append("}\n");
        }
        return out.toString();
    }

    /** Prints the WIT of a component: its world and the full body of every interface it uses. */
    public static String printComponent(ComponentType type) {
        List<WitPackage> packages = ComponentWit.packages(type);
        return print(Optional.of(packages.get(0)), packages);
    }

    private static void body(StringBuilder out, WitPackage p, String indent) {
        for (Map.Entry<String, InterfaceType> e : p.interfaces().entrySet()) {
            out.append('\n');
            meta(out, p, e.getKey(), indent);
            out.append(indent).append("interface ").append(id(e.getKey())).append(" {\n");
            Scope s = new Scope(p.name(), new TypeOwner.Interface(p.interfaceName(e.getKey())), e.getValue().types(),
                    p, e.getKey());
            s.interfaceBody(e.getValue(), indent + "  ");
            out.append(s.finish(indent + "  "));
            out.append(indent).append("}\n");
        }
        for (Map.Entry<String, WorldType> e : p.worlds().entrySet()) {
            out.append('\n');
            meta(out, p, e.getKey(), indent);
            out.append(indent).append("world ").append(id(e.getKey())).append(" {\n");
            world(out, p, e.getKey(), e.getValue(), indent + "  ");
            out.append(indent).append("}\n");
        }
    }

    private static void world(StringBuilder out, WitPackage p, String name, WorldType w, String indent) {
        Map<String, TypeDefinition> types = new LinkedHashMap<>();
        w.imports().forEach((k, v) -> {
            if (v instanceof TypeExtern te) {
                types.put(k, te.type());
            }
        });
        TypeOwner owner = new TypeOwner.World(Optional.of(p.name()), name);
        Scope s = new Scope(p.name(), owner, types, p, name);
        Map<String, FuncType> resourceFuncs = new LinkedHashMap<>();
        w.imports().forEach((k, v) -> {
            if (v instanceof FuncType f && k.startsWith("[")) {
                resourceFuncs.put(k, f);
            }
        });
        s.typeDefinitions(resourceFuncs, indent);
        for (Map.Entry<String, ExternType> e : w.imports().entrySet()) {
            if (!(e.getValue() instanceof TypeExtern) && !resourceFuncs.containsKey(e.getKey())) {
                s.externItem("import", e.getKey(), e.getValue(), indent);
            }
        }
        for (Map.Entry<String, ExternType> e : w.exports().entrySet()) {
            s.externItem("export", e.getKey(), e.getValue(), indent);
        }
        out.append(s.finish(indent));
    }

    /** Documentation, then feature gates, of the item at {@code path}. */
    private static void meta(StringBuilder out, WitPackage p, String path, String indent) {
        docs(out, p.docs(path), indent);
        p.gates(path).ifPresent(g -> {
            for (String line : g.split("\n")) {
                out.append(indent).append(line).append('\n');
            }
        });
    }

    private static void docs(StringBuilder out, Optional<String> docs, String indent) {
        docs.ifPresent(d -> {
            for (String line : d.split("\n", -1)) {
                out.append(indent).append("///").append(line.isEmpty() ? "" : " " + line).append('\n');
            }
        });
    }

    /** A WIT identifier, escaped with {@code %} when it is a keyword. */
    static String id(String label) {
        return WitLexer.KEYWORDS.contains(label) ? "%" + label : label;
    }

    static String path(PackageName current, InterfaceName target) {
        if (target.packageName().equals(current)) {
            return id(target.interfaceLabel());
        }
        return packageName(target.packageName().withoutVersion()) + "/" + id(target.interfaceLabel())
                + target.version().map(v -> "@" + v).orElse("");
    }

    /** A package name with keyword segments escaped. */
    static String packageName(PackageName p) {
        StringBuilder b = new StringBuilder();
        for (String ns : p.namespaces()) {
            b.append(id(ns)).append(':');
        }
        return b.append(id(p.name())).append(p.version().map(v -> "@" + v).orElse("")).toString();
    }

    /** Names in scope of one interface or world body, and the text printed for it. */
    private static final class Scope {
        final PackageName pkg;
        final TypeOwner owner;
        final Map<String, TypeDefinition> types;
        final WitPackage docsFrom;
        final String docPrefix;
        final Map<TypeKey, String> names = new HashMap<>();
        final Map<String, Object> taken = new HashMap<>();
        final Map<InterfaceName, List<String>> uses = new LinkedHashMap<>();
        final StringBuilder synthesized = new StringBuilder();
        final StringBuilder body = new StringBuilder();
        int anonymous;

        Scope(PackageName pkg, TypeOwner owner, Map<String, TypeDefinition> types, WitPackage docsFrom,
                String docPrefix) {
            this.pkg = pkg;
            this.owner = owner;
            this.types = types;
            this.docsFrom = docsFrom;
            this.docPrefix = docPrefix;
            for (Map.Entry<String, TypeDefinition> e : types.entrySet()) {
                TypeDefinition td = e.getValue();
                taken.put(e.getKey(), td);
                names.putIfAbsent(TypeKey.of(td), e.getKey());
                if (td instanceof NamedType n && n.definition() instanceof NamedType inner
                        && !inner.owner().equals(owner)) {
                    names.putIfAbsent(TypeKey.of(inner), e.getKey());
                }
            }
        }

        String finish(String indent) {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<InterfaceName, List<String>> u : uses.entrySet()) {
                out.append(indent).append("use ").append(path(pkg, u.getKey())).append(".{")
                        .append(String.join(", ", u.getValue())).append("};\n");
            }
            if (!uses.isEmpty() && body.length() > 0) {
                out.append('\n');
            }
            out.append(body);
            if (synthesized.length() > 0) {
                out.append('\n').append(indent)
                        .append("// types without a name in the component, named here so that the WIT is valid\n")
                        .append(synthesized);
            }
            return out.toString();
        }

        void interfaceBody(InterfaceType it, String indent) {
            Map<String, FuncType> resourceFuncs = new LinkedHashMap<>();
            it.functions().forEach((k, v) -> {
                if (k.startsWith("[")) {
                    resourceFuncs.put(k, v);
                }
            });
            typeDefinitions(resourceFuncs, indent);
            boolean first = body.length() > 0;
            for (Map.Entry<String, FuncType> f : it.functions().entrySet()) {
                if (resourceFuncs.containsKey(f.getKey())) {
                    continue;
                }
                if (first) {
                    body.append('\n');
                    first = false;
                }
                doc(f.getKey(), indent);
                body.append(indent).append(id(f.getKey())).append(": ").append(func(f.getValue(), 0)).append(";\n");
            }
        }

        private void doc(String item, String indent) {
            meta(body, docsFrom, docPrefix + "/" + item, indent);
        }

        /** Uses and type definitions, with resource functions inside their resource blocks. */
        void typeDefinitions(Map<String, FuncType> resourceFuncs, String indent) {
            for (Map.Entry<String, TypeDefinition> e : types.entrySet()) {
                String key = e.getKey();
                TypeDefinition td = e.getValue();
                if (td instanceof ResourceType r) {
                    if (r.owner().equals(owner) && r.name().equals(key)) {
                        doc(key, indent);
                        resource(key, resourceFuncs, indent);
                    } else if (r.owner().equals(owner)) {
                        doc(key, indent);
                        body.append(indent).append("type ").append(id(key)).append(" = ").append(id(r.name()))
                                .append(";\n");
                    } else {
                        use(r.owner(), r.name(), key);
                    }
                    continue;
                }
                NamedType n = (NamedType) td;
                if (n.definition() instanceof NamedType inner && !inner.owner().equals(owner)
                        && inner.owner() instanceof TypeOwner.Interface) {
                    use(inner.owner(), inner.name(), key);
                    continue;
                }
                if (!n.owner().equals(owner) && n.owner() instanceof TypeOwner.Interface && n.name().equals(key)) {
                    use(n.owner(), n.name(), key);
                    continue;
                }
                doc(key, indent);
                body.append(typeDef(key, n.definition(), indent, docPrefix + "/" + key));
            }
            // resource functions whose resource is not defined here cannot be written in WIT
            for (String f : resourceFuncs.keySet()) {
                String res = resourceOf(f);
                if (!(types.get(res) instanceof ResourceType r && r.owner().equals(owner))) {
                    body.append(indent).append("// ").append(f).append(": ").append(func(resourceFuncs.get(f), 0))
                            .append(" (a function of a resource defined elsewhere)\n");
                }
            }
        }

        private static String resourceOf(String f) {
            int close = f.indexOf(']');
            String rest = f.substring(close + 1);
            int dot = rest.indexOf('.');
            return dot < 0 ? rest : rest.substring(0, dot);
        }

        private void use(TypeOwner from, String name, String as) {
            InterfaceName iface = ((TypeOwner.Interface) from).interfaceName();
            uses.computeIfAbsent(iface, k -> new ArrayList<>()).add(id(name) + (name.equals(as) ? "" : " as " + id(as)));
        }

        private void resource(String name, Map<String, FuncType> funcs, String indent) {
            List<String> members = new ArrayList<>();
            for (Map.Entry<String, FuncType> e : funcs.entrySet()) {
                String f = e.getKey();
                FuncType t = e.getValue();
                StringBuilder m = new StringBuilder();
                meta(m, docsFrom, docPrefix + "/" + f, indent + "  ");
                if (f.equals("[constructor]" + name)) {
                    m.append(indent).append("  constructor").append(params(t.params(), 0));
                    if (t.result().isPresent() && !(t.result().get() instanceof HandleType h && !h.borrow()
                            && types.get(name).equals(h.resource()))) {
                        m.append(" -> ").append(type(t.result().get()));
                    }
                } else if (f.startsWith("[method]" + name + ".") && !t.params().isEmpty()
                        && t.params().get(0).type() instanceof HandleType h && h.borrow()
                        && t.params().get(0).name().equals("self")) {
                    m.append(indent).append("  ").append(id(f.substring(("[method]" + name + ".").length())))
                            .append(": ").append(func(t, 1));
                } else if (f.startsWith("[static]" + name + ".")) {
                    m.append(indent).append("  ").append(id(f.substring(("[static]" + name + ".").length())))
                            .append(": static ").append(func(t, 0));
                } else {
                    continue;
                }
                members.add(m.append(";\n").toString());
            }
            if (members.isEmpty()) {
                body.append(indent).append("resource ").append(id(name)).append(";\n");
                return;
            }
            body.append(indent).append("resource ").append(id(name)).append(" {\n");
            members.forEach(body::append);
            body.append(indent).append("}\n");
        }

        private String typeDef(String name, ValType def, String indent, String docPath) {
            StringBuilder b = new StringBuilder();
            if (def instanceof RecordType r) {
                b.append(indent).append("record ").append(id(name)).append(" {\n");
                for (RecordType.Field f : r.fields()) {
                    docs(b, docsFrom.docs(docPath + "/" + f.name()), indent + "  ");
                    b.append(indent).append("  ").append(id(f.name())).append(": ").append(type(f.type()))
                            .append(",\n");
                }
                return b.append(indent).append("}\n").toString();
            }
            if (def instanceof VariantType v) {
                b.append(indent).append("variant ").append(id(name)).append(" {\n");
                for (VariantType.Case c : v.cases()) {
                    docs(b, docsFrom.docs(docPath + "/" + c.name()), indent + "  ");
                    b.append(indent).append("  ").append(id(c.name()));
                    c.type().ifPresent(t -> b.append('(').append(type(t)).append(')'));
                    b.append(",\n");
                }
                return b.append(indent).append("}\n").toString();
            }
            if (def instanceof EnumType en) {
                b.append(indent).append("enum ").append(id(name)).append(" {\n");
                for (String c : en.cases()) {
                    docs(b, docsFrom.docs(docPath + "/" + c), indent + "  ");
                    b.append(indent).append("  ").append(id(c)).append(",\n");
                }
                return b.append(indent).append("}\n").toString();
            }
            if (def instanceof FlagsType fl) {
                b.append(indent).append("flags ").append(id(name)).append(" {\n");
                for (String c : fl.flags()) {
                    docs(b, docsFrom.docs(docPath + "/" + c), indent + "  ");
                    b.append(indent).append("  ").append(id(c)).append(",\n");
                }
                return b.append(indent).append("}\n").toString();
            }
            return b.append(indent).append("type ").append(id(name)).append(" = ").append(type(def)).append(";\n")
                    .toString();
        }

        void externItem(String kind, String name, ExternType t, String indent) {
            StringBuilder b = new StringBuilder();
            meta(b, docsFrom, docPrefix + "/" + name, indent);
            if (t instanceof InterfaceType it && it.name().isPresent()) {
                if (it.name().get().toString().equals(name)) {
                    b.append(indent).append(kind).append(' ').append(path(pkg, it.name().get())).append(";\n");
                } else {
                    b.append(indent).append(kind).append(' ').append(id(name)).append(": ")
                            .append(path(pkg, it.name().get())).append(";\n");
                }
            } else if (t instanceof InterfaceType it) {
                b.append(indent).append(kind).append(' ').append(id(name)).append(": interface {\n");
                Scope inner = new Scope(pkg, new TypeOwner.Local(name), it.types(), docsFrom, docPrefix + "/" + name);
                inner.interfaceBody(it, indent + "  ");
                b.append(inner.finish(indent + "  "));
                b.append(indent).append("}\n");
            } else if (t instanceof FuncType f && org.wasmcloud4j.component.types.Labels.isLabel(name)) {
                b.append(indent).append(kind).append(' ').append(id(name)).append(": ").append(func(f, 0))
                        .append(";\n");
            } else {
                b.append(indent).append("// ").append(kind).append(" \"").append(name).append("\": ")
                        .append(describe(t)).append(" (not expressible in WIT)\n");
            }
            body.append(b);
        }

        private static String describe(ExternType t) {
            if (t instanceof CoreModuleType) {
                return "core module";
            }
            if (t instanceof ComponentType) {
                return "component";
            }
            if (t instanceof TypeExtern) {
                return "type";
            }
            return t instanceof FuncType ? "func" : "instance";
        }

        String func(FuncType f, int skip) {
            return "func" + params(f.params(), skip) + f.result().map(r -> " -> " + type(r)).orElse("");
        }

        private String params(List<FuncType.Param> ps, int skip) {
            StringBuilder b = new StringBuilder("(");
            for (int i = skip; i < ps.size(); i++) {
                if (i > skip) {
                    b.append(", ");
                }
                b.append(id(ps.get(i).name())).append(": ").append(type(ps.get(i).type()));
            }
            return b.append(')').toString();
        }

        String type(ValType t) {
            if (t instanceof PrimitiveType p) {
                return p.witName();
            }
            if (t instanceof NamedType n) {
                return nameOf(n);
            }
            if (t instanceof HandleType h) {
                String r = nameOf(h.resource());
                return h.borrow() ? "borrow<" + r + ">" : r;
            }
            if (t instanceof ListType l) {
                return "list<" + type(l.element()) + ">";
            }
            if (t instanceof OptionType o) {
                return "option<" + type(o.some()) + ">";
            }
            if (t instanceof ResultType r) {
                if (r.ok().isEmpty() && r.err().isEmpty()) {
                    return "result";
                }
                if (r.err().isEmpty()) {
                    return "result<" + type(r.ok().get()) + ">";
                }
                return "result<" + r.ok().map(this::type).orElse("_") + ", " + type(r.err().get()) + ">";
            }
            if (t instanceof TupleType tt) {
                List<String> es = new ArrayList<>();
                tt.elements().forEach(e -> es.add(type(e)));
                return "tuple<" + String.join(", ", es) + ">";
            }
            if (t instanceof StreamType s) {
                return s.element().map(e -> "stream<" + type(e) + ">").orElse("stream");
            }
            if (t instanceof FutureType f) {
                return f.element().map(e -> "future<" + type(e) + ">").orElse("future");
            }
            // a record, variant, enum or flags without a name: give it one
            String name = names.get(TypeKey.of(t));
            if (name == null) {
                name = fresh("anonymous-type");
                names.put(TypeKey.of(t), name);
                synthesized.append(typeDef(name, t, "  ".repeat(indentDepth()), ""));
            }
            return id(name);
        }

        private int indentDepth() {
            return owner instanceof TypeOwner.Local ? 2 : 1;
        }

        private String nameOf(TypeDefinition td) {
            String name = names.get(TypeKey.of(td));
            if (name != null) {
                return id(name);
            }
            if (td.owner() instanceof TypeOwner.Interface && !td.owner().equals(owner)) {
                name = taken.containsKey(td.name()) ? fresh(td.name()) : td.name();
                taken.put(name, td);
                names.put(TypeKey.of(td), name);
                use(td.owner(), td.name(), name);
                return id(name);
            }
            return id(td.name());
        }

        private String fresh(String base) {
            int i = ++anonymous;
            while (taken.containsKey(base + "-" + i)) {
                i++;
            }
            taken.put(base + "-" + i, Boolean.TRUE);
            return base + "-" + i;
        }
    }
}
