package org.wasmcloud4j.wit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.types.WorldType;
import org.wasmcloud4j.wit.WitAst.*;

/**
 * Resolves parsed WIT files into packages of the shared type model: name lookup through {@code use} (in files,
 * interfaces and worlds), order-independent type definitions with cycle detection, resource function desugaring,
 * {@code include} with renames, feature gates, and world elaboration (interfaces used by imports and exports are
 * imported too, as components built for the world do).
 */
final class WitResolver {
    /**
     * Most imports and exports that {@code include} copies into worlds in one resolution. Each world holds the items
     * of the worlds it includes, so a chain of n worlds each including the next holds n²/2 items: without a bound a
     * few hundred KiB of WIT would fill the heap.
     */
    static final int MAX_INCLUDED = 1 << 20;

    /** The parsed files of one root or one dependency (a file or a directory). */
    record Group(List<File> files) {}

    private enum State { NEW, VISITING, DONE }

    private static final class Pkg {
        final PackageName name;
        final Map<String, Iface> interfaces = new LinkedHashMap<>();
        final Map<String, World> worlds = new LinkedHashMap<>();
        final Map<String, String> docs = new LinkedHashMap<>();
        final Map<String, String> gates = new LinkedHashMap<>();

        Pkg(PackageName name) {
            this.name = name;
        }
    }

    /** A file (or nested package body): the package plus its top-level {@code use} names. */
    private static final class Unit {
        final Pkg pkg;
        final Map<String, UsePath> uses = new HashMap<>();

        Unit(Pkg pkg) {
            this.pkg = pkg;
        }
    }

    private static final class Iface {
        final Unit unit;
        final InterfaceDef def;
        State state = State.NEW;
        InterfaceType type;
        /** The interfaces this one uses directly, in order of first use. */
        List<InterfaceName> uses = List.of();

        Iface(Unit unit, InterfaceDef def) {
            this.unit = unit;
            this.def = def;
        }
    }

    private static final class World {
        final Unit unit;
        final WorldDef def;
        State state = State.NEW;
        WorldType type;

        World(Unit unit, WorldDef def) {
            this.unit = unit;
            this.def = def;
        }
    }

    private final Set<String> features;
    private final boolean allFeatures;
    private final Map<PackageName, Pkg> packages = new LinkedHashMap<>();
    private final Map<InterfaceName, Iface> byName = new HashMap<>();
    private final LinkedHashSet<Pkg> order = new LinkedHashSet<>();
    private final BorrowCheck borrows = new BorrowCheck();
    /** Imports and exports copied by {@code include} so far, against {@link #MAX_INCLUDED}. */
    private long included;
    private Pkg root;

    WitResolver(Set<String> features, boolean allFeatures) {
        this.features = features;
        this.allFeatures = allFeatures;
    }

    /** Resolves dependency groups and then the root group; the root package is the root group's own package. */
    WitResolve resolve(List<Group> deps, Group rootGroup) {
        for (Group g : deps) {
            register(g, false);
        }
        register(rootGroup, true);
        for (Pkg p : new ArrayList<>(packages.values())) {
            for (Iface i : p.interfaces.values()) {
                iface(i, i.def.meta().pos());
            }
            for (World w : p.worlds.values()) {
                world(w, w.def.meta().pos());
            }
        }
        order.addAll(packages.values());
        List<WitPackage> out = new ArrayList<>();
        WitPackage rootPackage = null;
        for (Pkg p : order) {
            Map<String, InterfaceType> is = new LinkedHashMap<>();
            p.interfaces.forEach((n, i) -> is.put(n, i.type));
            Map<String, WorldType> ws = new LinkedHashMap<>();
            p.worlds.forEach((n, w) -> ws.put(n, w.type));
            WitPackage wp = new WitPackage(p.name, is, ws, p.docs, p.gates);
            out.add(wp);
            if (p == root) {
                rootPackage = wp;
            }
        }
        return new WitResolve(out, Optional.ofNullable(rootPackage));
    }

    // ------------------------------------------------------------------ registration

    private void register(Group g, boolean isRoot) {
        Optional<PackageName> groupName = Optional.empty();
        Pos namePos = null;
        for (File f : g.files()) {
            for (PackageBody b : f.bodies()) {
                if (b.name().isPresent() && !b.nested()) {
                    if (groupName.isPresent() && !groupName.get().equals(b.name().get())) {
                        throw b.pos().error("package " + b.name().get() + " conflicts with package " + groupName.get()
                                + " declared at " + namePos.source() + ":" + namePos.line()
                                + " (all files of one directory form one package)");
                    }
                    groupName = b.name();
                    namePos = b.pos();
                }
            }
        }
        Set<Pkg> fresh = new LinkedHashSet<>();
        for (File f : g.files()) {
            for (PackageBody b : f.bodies()) {
                boolean nested = b.nested();
                Optional<PackageName> name = nested ? b.name() : groupName;
                if (name.isEmpty()) {
                    if (b.uses().isEmpty() && b.interfaces().isEmpty() && b.worlds().isEmpty()) {
                        continue;
                    }
                    throw b.pos().error("no package declaration: start the file with 'package namespace:name;'");
                }
                Pkg p = packages.get(name.get());
                if (p == null) {
                    p = new Pkg(name.get());
                    packages.put(name.get(), p);
                    fresh.add(p);
                } else if (!fresh.contains(p)) {
                    // the same package from another dependency: the first definition is used
                    continue;
                }
                if (isRoot && !nested) {
                    root = p;
                }
                Unit u = new Unit(p);
                for (TopUse use : b.uses()) {
                    String as = use.as() != null ? use.as() : pathName(use.path());
                    if (u.uses.put(as, use.path()) != null) {
                        throw use.pos().error("name '" + as + "' is defined twice by top-level 'use'");
                    }
                }
                for (InterfaceDef d : b.interfaces()) {
                    if (!active(d.meta().gate())) {
                        continue;
                    }
                    requireNew(p, d.name(), d.meta().pos());
                    Iface i = new Iface(u, d);
                    p.interfaces.put(d.name(), i);
                    byName.put(InterfaceName.of(p.name, d.name()), i);
                }
                for (WorldDef d : b.worlds()) {
                    if (!active(d.meta().gate())) {
                        continue;
                    }
                    requireNew(p, d.name(), d.meta().pos());
                    p.worlds.put(d.name(), new World(u, d));
                }
            }
        }
        if (isRoot && root == null && !fresh.isEmpty()) {
            root = fresh.iterator().next();
        }
    }

    private static String pathName(UsePath p) {
        return p instanceof LocalPath l ? l.name() : ((QualifiedPath) p).name();
    }

    private static void requireNew(Pkg p, String name, Pos pos) {
        if (p.interfaces.containsKey(name) || p.worlds.containsKey(name)) {
            throw pos.error("'" + name + "' is defined twice in package " + p.name);
        }
    }

    private boolean active(Gate g) {
        return g.unstable().isEmpty() || allFeatures || features.contains(g.unstable().get());
    }

    // ------------------------------------------------------------------ lookup

    private Iface lookupInterface(Unit u, UsePath path) {
        Set<String> followed = new HashSet<>();
        while (path instanceof LocalPath l) {
            UsePath aliased = u.uses.get(l.name());
            if (aliased == null || (aliased instanceof LocalPath al && al.name().equals(l.name()))) {
                return localInterface(u.pkg, l);
            }
            if (!followed.add(l.name())) {
                throw path.pos().error("top-level 'use' names " + followed + " refer to each other in a cycle");
            }
            path = aliased;
        }
        QualifiedPath q = (QualifiedPath) path;
        Pkg p = lookupPackage(q.packageName(), q.pos());
        Iface i = p.interfaces.get(q.name());
        if (i == null) {
            throw q.pos().error("interface '" + q.name() + "' not found in package " + p.name
                    + known(p.interfaces.keySet()));
        }
        return i;
    }

    private Iface localInterface(Pkg p, LocalPath l) {
        Iface i = p.interfaces.get(l.name());
        if (i == null) {
            throw l.pos().error("interface '" + l.name() + "' not found in package " + p.name
                    + known(p.interfaces.keySet()));
        }
        return i;
    }

    private World lookupWorld(Unit u, UsePath path) {
        Pkg p;
        String name;
        if (path instanceof LocalPath l) {
            UsePath aliased = u.uses.get(l.name());
            if (aliased instanceof QualifiedPath q) {
                p = lookupPackage(q.packageName(), q.pos());
                name = q.name();
            } else {
                p = u.pkg;
                name = l.name();
            }
        } else {
            QualifiedPath q = (QualifiedPath) path;
            p = lookupPackage(q.packageName(), q.pos());
            name = q.name();
        }
        World w = p.worlds.get(name);
        if (w == null) {
            throw path.pos().error("world '" + name + "' not found in package " + p.name + known(p.worlds.keySet()));
        }
        return w;
    }

    private Pkg lookupPackage(PackageName name, Pos pos) {
        Pkg p = packages.get(name);
        if (p != null) {
            return p;
        }
        if (name.version().isEmpty()) {
            List<Pkg> candidates = new ArrayList<>();
            for (Pkg c : packages.values()) {
                if (c.name.withoutVersion().equals(name)) {
                    candidates.add(c);
                }
            }
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates.size() > 1) {
                throw pos.error("package " + name + " is ambiguous: several versions are loaded; add '@version'");
            }
        }
        throw pos.error("package " + name + " not found" + known(packages.keySet()));
    }

    private static String known(Set<?> names) {
        if (names.isEmpty()) {
            return "";
        }
        List<String> ns = new ArrayList<>();
        names.forEach(n -> ns.add(n.toString()));
        return " (there are: " + String.join(", ", ns.subList(0, Math.min(ns.size(), 20)))
                + (ns.size() > 20 ? ", ..." : "") + ")";
    }

    // ------------------------------------------------------------------ interfaces

    /** The type of interface {@code root}, resolving first every interface it uses, directly or not. */
    private InterfaceType iface(Iface root, Pos from) {
        if (root.state == State.VISITING) {
            throw from.error("interface " + InterfaceName.of(root.unit.pkg.name, root.def.name())
                    + " depends on itself through 'use'");
        }
        DependencyOrder.build(root, this::usedInterfaces, i -> i.state == State.DONE, this::buildInterface,
                (closing, path) -> closing.pos().error("interface " + InterfaceName.of(closing.target().unit.pkg.name,
                        closing.target().def.name()) + " depends on itself through 'use'"));
        return root.type;
    }

    /** The interfaces named by the active {@code use} items of {@code i}. */
    private List<DependencyOrder.Edge<Iface>> usedInterfaces(Iface i) {
        List<DependencyOrder.Edge<Iface>> out = new ArrayList<>();
        for (InterfaceItem item : i.def.items()) {
            if (item instanceof UseItem u && active(u.meta().gate())) {
                out.add(new DependencyOrder.Edge<>(lookupInterface(i.unit, u.path()), u.path().pos()));
            }
        }
        return out;
    }

    /** Resolves one interface whose used interfaces are resolved. */
    private void buildInterface(Iface i) {
        i.state = State.VISITING;
        InterfaceName name = InterfaceName.of(i.unit.pkg.name, i.def.name());
        String docPrefix = i.def.name();
        meta(i.unit.pkg, docPrefix, i.def.meta());
        Scope scope = new Scope(i.unit, new TypeOwner.Interface(name), docPrefix);
        Map<String, FuncType> functions = new LinkedHashMap<>();
        scope.items(i.def.items(), functions);
        i.type = new InterfaceType(Optional.of(name), scope.types(), functions);
        i.uses = List.copyOf(scope.uses);
        i.state = State.DONE;
        order.add(i.unit.pkg);
    }

    /** The interfaces that interface {@code n} uses directly (none for an unknown one). */
    private Collection<InterfaceName> usesOf(InterfaceName n) {
        Iface i = byName.get(n);
        return i == null ? List.of() : i.uses;
    }

    private void meta(Pkg p, String path, Meta m) {
        doc(p, path, m.docs());
        Gate g = m.gate();
        List<String> lines = new ArrayList<>();
        g.since().ifPresent(v -> lines.add("@since(version = " + v + ")"));
        g.unstable().ifPresent(f -> lines.add("@unstable(feature = " + f + ")"));
        g.deprecated().ifPresent(v -> lines.add("@deprecated(version = " + v + ")"));
        if (!lines.isEmpty()) {
            p.gates.put(path, String.join("\n", lines));
        }
    }

    private void doc(Pkg p, String path, String docs) {
        if (docs != null && !docs.isEmpty()) {
            p.docs.put(path, docs);
        }
    }

    /** Names of one interface or world body and how they resolve. */
    private final class Scope {
        final Unit unit;
        final TypeOwner owner;
        final String docPrefix;
        final Map<String, Object> entries = new LinkedHashMap<>();
        final Map<String, TypeItem> pending = new HashMap<>();
        /** The interfaces this scope uses directly, in order of first use. */
        final LinkedHashSet<InterfaceName> uses = new LinkedHashSet<>();

        Scope(Unit unit, TypeOwner owner, String docPrefix) {
            this.unit = unit;
            this.owner = owner;
            this.docPrefix = docPrefix;
        }

        Map<String, TypeDefinition> types() {
            Map<String, TypeDefinition> out = new LinkedHashMap<>();
            entries.forEach((n, v) -> out.put(n, (TypeDefinition) v));
            return out;
        }

        /** Declares uses and types, then resolves types and functions of an interface body. */
        void items(List<InterfaceItem> items, Map<String, FuncType> functions) {
            for (InterfaceItem item : items) {
                if (!active(item.meta().gate())) {
                    continue;
                }
                if (item instanceof UseItem u) {
                    use(u);
                } else if (item instanceof TypeItem t) {
                    declare(t);
                }
            }
            resolvePending();
            for (InterfaceItem item : items) {
                if (!active(item.meta().gate())) {
                    continue;
                }
                if (item instanceof FuncItem f) {
                    if (entries.containsKey(f.name())) {
                        throw f.meta().pos().error("'" + f.name() + "' is already defined as a type");
                    }
                    putFunc(functions, f.name(), func(f.signature()), f.meta().pos());
                    meta(unit.pkg, docPrefix + "/" + f.name(), f.meta());
                } else if (item instanceof TypeItem t && t.body() instanceof ResourceBody rb) {
                    resourceFunctions(t.name(), rb, functions);
                }
            }
        }

        /** Brings the types a {@code use} names into scope; returns the interface used. */
        InterfaceName use(UseItem u) {
            Iface target = lookupInterface(unit, u.path());
            InterfaceType it = iface(target, u.path().pos());
            uses.add(it.name().orElseThrow());
            for (UseName n : u.names()) {
                TypeDefinition td = it.type(n.name()).orElseThrow(() -> n.pos().error("type '" + n.name()
                        + "' is not defined in interface " + it.name().get() + known(it.types().keySet())));
                String local = n.as() != null ? n.as() : n.name();
                TypeDefinition mine = td instanceof ResourceType ? td : new NamedType(owner, local, (ValType) td);
                define(local, mine, n.pos());
            }
            return it.name().get();
        }

        void declare(TypeItem t) {
            if (entries.containsKey(t.name()) || pending.containsKey(t.name())) {
                throw t.meta().pos().error("type '" + t.name() + "' is defined twice");
            }
            meta(unit.pkg, docPrefix + "/" + t.name(), t.meta());
            if (t.body() instanceof ResourceBody) {
                entries.put(t.name(), new ResourceType(owner, t.name()));
            } else {
                entries.put(t.name(), t);
                pending.put(t.name(), t);
            }
        }

        void define(String name, TypeDefinition td, Pos pos) {
            if (entries.containsKey(name)) {
                throw pos.error("type '" + name + "' is defined twice");
            }
            entries.put(name, td);
        }

        void resolvePending() {
            for (String name : new ArrayList<>(entries.keySet())) {
                if (entries.get(name) instanceof TypeItem) {
                    typeDef(name);
                }
            }
        }

        /**
         * The definition of type {@code name}, defining first (once each) the types of this scope it names,
         * directly or not.
         */
        TypeDefinition typeDef(String name) {
            DependencyOrder.build(name, this::namedTypes, n -> !(entries.get(n) instanceof TypeItem), n -> {
                entries.put(n, define((TypeItem) entries.get(n)));
                pending.remove(n);
            }, (closing, path) -> {
                String again = closing.target();
                List<String> cycle = path.subList(path.indexOf(again), path.size());
                return ((TypeItem) entries.get(again)).meta().pos().error("type '" + again + "' refers to itself"
                        + (cycle.size() > 1 ? " (through " + DependencyOrder.describe(cycle) + ")" : ""));
            });
            return (TypeDefinition) entries.get(name);
        }

        /** The names that the definition of type {@code name} refers to and that are not defined yet. */
        private List<DependencyOrder.Edge<String>> namedTypes(String name) {
            List<DependencyOrder.Edge<String>> out = new ArrayList<>();
            TypeBody b = ((TypeItem) entries.get(name)).body();
            if (b instanceof AliasBody a) {
                names(a.type(), out);
            } else if (b instanceof RecordBody r) {
                r.fields().forEach(f -> names(f.type(), out));
            } else if (b instanceof VariantBody v) {
                v.cases().forEach(c -> c.type().ifPresent(t -> names(t, out)));
            }
            return out;
        }

        /** Adds the pending names in {@code ref}, whose nesting the parser bounds. */
        private void names(TypeRef ref, List<DependencyOrder.Edge<String>> out) {
            String name = ref instanceof NameRef n ? n.name() : ref instanceof HandleRef h ? h.name() : null;
            if (name != null) {
                if (entries.get(name) instanceof TypeItem) {
                    out.add(new DependencyOrder.Edge<>(name, ref.pos()));
                }
            } else if (ref instanceof ListRef l) {
                names(l.element(), out);
            } else if (ref instanceof OptionRef o) {
                names(o.some(), out);
            } else if (ref instanceof ResultRef r) {
                r.ok().ifPresent(t -> names(t, out));
                r.err().ifPresent(t -> names(t, out));
            } else if (ref instanceof TupleRef t) {
                t.elements().forEach(e -> names(e, out));
            } else if (ref instanceof AsyncRef a) {
                a.element().ifPresent(t -> names(t, out));
            }
        }

        private TypeDefinition define(TypeItem t) {
            Pos pos = t.meta().pos();
            String path = docPrefix + "/" + t.name();
            TypeBody b = t.body();
            if (b instanceof AliasBody a) {
                if (a.type() instanceof NameRef n) {
                    Object target = lookupType(n);
                    if (target instanceof ResourceType r) {
                        return r;
                    }
                }
                return new NamedType(owner, t.name(), type(a.type()));
            }
            ValType def;
            if (b instanceof RecordBody r) {
                List<RecordType.Field> fs = new ArrayList<>();
                for (Field f : r.fields()) {
                    fs.add(model(() -> new RecordType.Field(f.name(), type(f.type())), f.pos()));
                    doc(unit.pkg, path + "/" + f.name(), f.docs());
                }
                def = model(() -> new RecordType(fs), pos);
            } else if (b instanceof VariantBody v) {
                List<VariantType.Case> cs = new ArrayList<>();
                for (Case c : v.cases()) {
                    cs.add(new VariantType.Case(c.name(), c.type().map(this::type)));
                    doc(unit.pkg, path + "/" + c.name(), c.docs());
                }
                def = model(() -> new VariantType(cs), pos);
            } else if (b instanceof EnumBody en) {
                List<String> cs = new ArrayList<>();
                en.cases().forEach(c -> {
                    cs.add(c.name());
                    doc(unit.pkg, path + "/" + c.name(), c.docs());
                });
                def = model(() -> new EnumType(cs), pos);
            } else {
                List<String> fs = new ArrayList<>();
                ((FlagsBody) b).flags().forEach(c -> {
                    fs.add(c.name());
                    doc(unit.pkg, path + "/" + c.name(), c.docs());
                });
                def = model(() -> new FlagsType(fs), pos);
            }
            return new NamedType(owner, t.name(), def);
        }

        private Object lookupType(NameRef n) {
            if (!entries.containsKey(n.name())) {
                throw n.pos().error("type '" + n.name() + "' is not defined" + known(entries.keySet()));
            }
            return typeDef(n.name());
        }

        ValType type(TypeRef ref) {
            if (ref instanceof PrimRef p) {
                return p.type();
            }
            if (ref instanceof NameRef n) {
                Object t = lookupType(n);
                return t instanceof ResourceType r ? HandleType.own(r) : (ValType) t;
            }
            if (ref instanceof HandleRef h) {
                Object t = lookupType(new NameRef(h.name(), h.pos()));
                if (!(t instanceof ResourceType r)) {
                    throw h.pos().error("'" + h.name() + "' is not a resource, so it cannot be used in "
                            + (h.borrow() ? "borrow" : "own") + "<...>");
                }
                return new HandleType(r, h.borrow());
            }
            if (ref instanceof ListRef l) {
                return new ListType(type(l.element()));
            }
            if (ref instanceof OptionRef o) {
                return new OptionType(type(o.some()));
            }
            if (ref instanceof ResultRef r) {
                return new ResultType(r.ok().map(this::type), r.err().map(this::type));
            }
            if (ref instanceof AsyncRef a) {
                Optional<ValType> e = a.element().map(this::type);
                return a.future() ? new FutureType(e) : new StreamType(e);
            }
            List<ValType> es = new ArrayList<>();
            ((TupleRef) ref).elements().forEach(e -> es.add(type(e)));
            return new TupleType(es);
        }

        FuncType func(Signature s) {
            return func(s, List.of());
        }

        FuncType func(Signature s, List<FuncType.Param> leading) {
            List<FuncType.Param> ps = new ArrayList<>(leading);
            for (Param p : s.params()) {
                ps.add(model(() -> new FuncType.Param(p.name(), type(p.type())), p.pos()));
            }
            Optional<ValType> result = s.result().map(this::type);
            if (result.isPresent() && borrows.anyIn(result.get())) {
                throw s.pos().error("a function result cannot contain a borrow<...> handle");
            }
            return model(() -> new FuncType(ps, result), s.pos());
        }

        void resourceFunctions(String name, ResourceBody body, Map<String, FuncType> functions) {
            ResourceType r = (ResourceType) entries.get(name);
            boolean constructor = false;
            for (ResourceFunc f : body.functions()) {
                if (!active(f.meta().gate())) {
                    continue;
                }
                String fname;
                FuncType ft;
                Pos pos = f.meta().pos();
                switch (f.kind()) {
                    case CONSTRUCTOR:
                        if (constructor) {
                            throw pos.error("resource '" + name + "' has more than one constructor");
                        }
                        constructor = true;
                        fname = "[constructor]" + name;
                        if (f.signature().result().isPresent()) {
                            ft = func(f.signature());
                            ValType res = BorrowCheck.unwrap(ft.result().get());
                            if (!(res instanceof ResultType rt) || rt.ok().isEmpty()
                                    || !HandleType.own(r).equals(BorrowCheck.unwrap(rt.ok().get()))) {
                                throw pos.error("the result of constructor of '" + name + "' must be result<" + name
                                        + ", ...>");
                            }
                        } else {
                            FuncType plain = func(f.signature());
                            ft = new FuncType(plain.params(), Optional.of(HandleType.own(r)));
                        }
                        break;
                    case METHOD:
                        fname = "[method]" + name + "." + f.name();
                        ft = func(f.signature(), List.of(new FuncType.Param("self", HandleType.borrow(r))));
                        break;
                    default:
                        fname = "[static]" + name + "." + f.name();
                        ft = func(f.signature());
                        break;
                }
                putFunc(functions, fname, ft, pos);
                meta(unit.pkg, docPrefix + "/" + fname, f.meta());
            }
        }

        private void putFunc(Map<String, FuncType> functions, String name, FuncType f, Pos pos) {
            if (functions.put(name, f) != null) {
                throw pos.error("function '" + name + "' is defined twice");
            }
        }
    }

    private static <T> T model(Supplier<T> make, Pos pos) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw pos.error(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ worlds

    /** The type of world {@code root}, resolving first every world it includes, directly or not. */
    private WorldType world(World root, Pos from) {
        if (root.state == State.VISITING) {
            throw from.error("world " + root.unit.pkg.name + "/" + root.def.name() + " includes itself");
        }
        DependencyOrder.build(root, this::includedWorlds, w -> w.state == State.DONE, this::buildWorld,
                (closing, path) -> closing.pos().error("world " + closing.target().unit.pkg.name + "/"
                        + closing.target().def.name() + " includes itself"));
        return root.type;
    }

    /** The worlds named by the active {@code include} items of {@code w}. */
    private List<DependencyOrder.Edge<World>> includedWorlds(World w) {
        List<DependencyOrder.Edge<World>> out = new ArrayList<>();
        for (WorldItem item : w.def.items()) {
            if (item instanceof IncludeItem inc && active(inc.meta().gate())) {
                out.add(new DependencyOrder.Edge<>(lookupWorld(w.unit, inc.world()), inc.meta().pos()));
            }
        }
        return out;
    }

    /** Resolves one world whose included worlds are resolved. */
    private void buildWorld(World w) {
        w.state = State.VISITING;
        Pkg pkg = w.unit.pkg;
        String wname = w.def.name();
        meta(pkg, wname, w.def.meta());
        Scope scope = new Scope(w.unit, new TypeOwner.World(Optional.of(pkg.name), wname), wname);
        Items imports = new Items("import");
        Items exports = new Items("export");
        // the interfaces the world's `use` items need, directly or not
        Set<InterfaceName> used = new HashSet<>();
        // types first (order-independent), then everything else in order
        for (WorldItem item : w.def.items()) {
            if (!active(item.meta().gate())) {
                continue;
            }
            if (item instanceof UseItem u) {
                DependencyOrder.postOrder(List.of(scope.use(u)), this::usesOf, used, imports::dependency);
            } else if (item instanceof TypeItem t) {
                scope.declare(t);
            }
        }
        scope.resolvePending();
        for (Map.Entry<String, Object> e : scope.entries.entrySet()) {
            imports.put(e.getKey(), new TypeExtern((TypeDefinition) e.getValue()), w.def.meta().pos());
        }
        for (WorldItem item : w.def.items()) {
            if (!active(item.meta().gate())) {
                continue;
            }
            if (item instanceof TypeItem t && t.body() instanceof ResourceBody rb) {
                Map<String, FuncType> fs = new LinkedHashMap<>();
                scope.resourceFunctions(t.name(), rb, fs);
                fs.forEach((n, f) -> imports.put(n, f, t.meta().pos()));
            } else if (item instanceof ExternItem x) {
                Items target = x.export() ? exports : imports;
                externItem(x, scope, w, target, imports);
            } else if (item instanceof IncludeItem inc) {
                World other = lookupWorld(w.unit, inc.world());
                WorldType ot = world(other, inc.meta().pos());
                Set<String> unused = new LinkedHashSet<>(inc.with().keySet());
                include(ot.imports(), inc, imports, unused);
                include(ot.exports(), inc, exports, unused);
                if (!unused.isEmpty()) {
                    throw inc.meta().pos().error("'with' renames " + unused + ", which world "
                            + other.unit.pkg.name + "/" + other.def.name() + " does not have");
                }
            }
        }
        // elaboration: interfaces that exported interfaces use, directly or not, are imported unless exported
        Set<InterfaceName> needed = new HashSet<>();
        for (ExternType t : new ArrayList<>(exports.map.values())) {
            if (t instanceof InterfaceType it) {
                DependencyOrder.postOrder(usedBy(it), this::usesOf, needed, d -> {
                    if (!exports.map.containsKey(d.toString())) {
                        imports.dependency(d);
                    }
                });
            }
        }
        w.type = new WorldType(Optional.of(pkg.name), wname, imports.map, exports.map);
        w.state = State.DONE;
        order.add(pkg);
    }

    private void include(Map<String, ExternType> from, IncludeItem inc, Items into, Set<String> unused) {
        included += from.size();
        if (included > MAX_INCLUDED) {
            throw inc.meta().pos().error("'include' copies more than " + MAX_INCLUDED + " imports and exports into "
                    + "worlds in all (each world holds the items of the worlds it includes)");
        }
        for (Map.Entry<String, ExternType> e : from.entrySet()) {
            String name = e.getKey();
            if (inc.with().containsKey(name)) {
                unused.remove(name);
                name = inc.with().get(name);
            }
            ExternType existing = into.map.get(name);
            if (existing != null && existing.equals(e.getValue())) {
                continue;
            }
            into.put(name, e.getValue(), inc.meta().pos());
        }
    }

    private void externItem(ExternItem x, Scope scope, World w, Items target, Items imports) {
        Pos pos = x.meta().pos();
        String docPath = w.def.name() + "/";
        if (x.extern() instanceof FuncExtern f) {
            target.put(x.label().get(), scope.func(f.signature()), pos);
            meta(w.unit.pkg, docPath + x.label().get(), x.meta());
        } else if (x.extern() instanceof InlineInterface ii) {
            String label = x.label().get();
            Scope inner = new Scope(w.unit, new TypeOwner.Local(label), docPath + label);
            Map<String, FuncType> fs = new LinkedHashMap<>();
            inner.items(ii.items(), fs);
            imports.require(inner.uses);
            target.put(label, new InterfaceType(Optional.empty(), inner.types(), fs), pos);
            meta(w.unit.pkg, docPath + label, x.meta());
        } else {
            UsePath path = ((PathExtern) x.extern()).path();
            Iface i = lookupInterface(w.unit, path);
            InterfaceType it = iface(i, pos);
            if (!x.export()) {
                imports.require(i.uses);
            }
            String key = x.label().orElse(it.name().get().toString());
            target.put(key, it, pos);
            meta(w.unit.pkg, docPath + key, x.meta());
        }
    }

    /**
     * The interfaces whose closure under {@code use} an interface needs: those a resolved one uses directly, else
     * the owners of the types it holds.
     */
    private List<InterfaceName> usedBy(InterfaceType it) {
        if (it.name().isPresent()) {
            Iface i = byName.get(it.name().get());
            if (i != null) {
                return i.uses;
            }
        }
        List<InterfaceName> out = new ArrayList<>();
        for (TypeDefinition td : it.types().values()) {
            TypeOwner o = td instanceof NamedType n && n.definition() instanceof NamedType inner ? inner.owner()
                    : td.owner();
            o.asInterface().ifPresent(out::add);
        }
        return out;
    }

    /** Imports or exports of a world, with duplicate detection and dependency insertion. */
    private final class Items {
        final String what;
        final Map<String, ExternType> map = new LinkedHashMap<>();
        /** Interfaces whose closure under {@code use} is in the map (each is, if resolved, and so is its closure). */
        final Set<InterfaceName> closed = new HashSet<>();

        Items(String what) {
            this.what = what;
        }

        void put(String name, ExternType t, Pos pos) {
            ExternType old = map.get(name);
            if (old != null) {
                if (t instanceof InterfaceType it && it.name().isPresent() && old.equals(t)) {
                    return;
                }
                throw pos.error(what + " '" + name + "' is defined twice in this world");
            }
            map.put(name, t);
        }

        /** Adds interface {@code n} and what it uses, directly or not, unless {@code n} is here already. */
        void dependency(InterfaceName n) {
            if (!map.containsKey(n.toString())) {
                require(List.of(n));
            }
        }

        /**
         * Adds the interfaces {@code roots} and what they use, directly or not, that are not here, each after those
         * it uses. Each interface is walked once per world, so elaboration is linear in the uses.
         */
        void require(Collection<InterfaceName> roots) {
            DependencyOrder.postOrder(roots, WitResolver.this::usesOf, closed, n -> {
                Iface i = byName.get(n);
                if (i != null && i.type != null) {
                    map.putIfAbsent(n.toString(), i.type);
                }
            });
        }
    }
}
