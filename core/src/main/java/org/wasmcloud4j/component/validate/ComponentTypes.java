package org.wasmcloud4j.component.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.binary.Alias;
import org.wasmcloud4j.component.binary.Canon;
import org.wasmcloud4j.component.binary.CoreModuleSummary;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Decl;
import org.wasmcloud4j.component.binary.ExportDef;
import org.wasmcloud4j.component.binary.ImportDef;
import org.wasmcloud4j.component.binary.InstanceDef;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.binary.Sort;
import org.wasmcloud4j.component.binary.TypeDef;
import org.wasmcloud4j.component.binary.ValTypeRef;
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

/**
 * Computes the {@link ComponentType} of a decoded component — the type of every import and export in the shared
 * type model — by replaying its type, function and instance index spaces in section order.
 *
 * <p>This is the type-level part of validation: index references are checked and every type is converted, so a
 * bad index or a type used as the wrong kind is a {@link ValidationException} with the byte offset. It does not
 * check core modules themselves; Chicory validates them when they are compiled.
 */
public final class ComponentTypes {
    /** Index-space entry for an instance type whose owner name is known only where it is imported or exported. */
    private record DeferredInstance(TypeDef.InstanceType def, List<List<Object>> outer) {}

    /** A core module exported by an instance; its summary is null when only its index is known. */
    private record ModuleItem(CoreModuleSummary summary) {}

    /** Index-space entry for something whose type this pass does not compute (e.g. a nested instantiation). */
    private record Unknown(String what) {}

    /** Index-space entry for a nested component, typed when it is instantiated. */
    private record Nested(DecodedComponent component, Scope scope, long offset) {}

    /**
     * What outer aliases of a nested component see of one enclosing component: its type, component and core module
     * index spaces as they were where the nested component was defined, and the scope enclosing that one.
     */
    private record Scope(List<Object> types, List<Object> components, List<CoreModuleSummary> modules, Scope outer) {}

    /** Most levels of nested components this pass follows. */
    static final int MAX_DEPTH = 64;

    /**
     * Work shared by every level of one analysis. Nested component definitions are walked once per distinct set of
     * instantiation arguments (the result is memoized per definition and arguments, by identity), and the bytes
     * walked in all, each definition counted without its own nested definitions, may not exceed
     * {@link #WORK_FACTOR} times the component's size (plus {@link #WORK_SLACK}): a component that instantiates its
     * children with ever new arguments at every level cannot make validation exponential in its nesting depth.
     */
    static final class Work {
        private final Map<Nested, List<Memo>> memo = new java.util.IdentityHashMap<>();
        /** The type of each definition on its own (exported, passed as it is, or never instantiated). */
        private final Map<Nested, ComponentType> definitions = new java.util.IdentityHashMap<>();
        private final long budget;
        private long walked;
        private int walks;

        Work(long size) {
            this.budget = WORK_FACTOR * size + WORK_SLACK;
        }

        /** Counts a walk of {@code c}'s sections. */
        void walk(DecodedComponent c, long offset, int depth) {
            walks++;
            long own = c.bytes().length();
            for (Section.Component n : c.sections(Section.Component.class)) {
                own -= n.component().bytes().length();
            }
            walked += Math.max(own, 1);
            if (walked > budget) {
                throw new ValidationException(offset, "validation work exceeds " + WORK_FACTOR + " times the "
                        + "component's size: nested component definitions are instantiated with distinct arguments "
                        + "too many times (at nesting depth " + depth + ")");
            }
        }
    }

    /** One memoized instantiation of a nested definition: the arguments it was given and the instance it made. */
    private record Memo(Map<String, Object> args, java.util.Set<String> names, InterfaceType instance,
            Map<String, Object> items) {
        boolean sameArgs(Map<String, Object> other, java.util.Set<String> otherNames) {
            if (!names.equals(otherNames) || !args.keySet().equals(other.keySet())) {
                return false;
            }
            for (Map.Entry<String, Object> e : args.entrySet()) {
                Object a = e.getValue();
                Object b = other.get(e.getKey());
                if (a instanceof ModuleItem m && b instanceof ModuleItem n ? m.summary() != n.summary() : a != b) {
                    return false;
                }
            }
            return true;
        }
    }

    /** How many times the whole walk may visit each byte of the component (see {@link Work}). */
    static final long WORK_FACTOR = 4;
    /** Bytes of walking allowed beyond {@link #WORK_FACTOR} times the size. */
    static final long WORK_SLACK = 1 << 16;

    private final List<Object> types = new ArrayList<>();
    private final List<Object> funcs = new ArrayList<>();
    private final List<Object> instances = new ArrayList<>();
    private final List<Object> components = new ArrayList<>();
    private final CoreSpaces core = new CoreSpaces();
    private final java.util.Set<ResourceType> localResources = new java.util.HashSet<>();
    private final Map<String, ExternType> imports = new LinkedHashMap<>();
    private final Map<String, ExternType> exports = new LinkedHashMap<>();
    /**
     * What instances made here export beyond functions and types, which {@link InterfaceType} cannot hold: instances
     * ({@link InterfaceType}), components ({@link Nested} or {@link ComponentType}) and core modules
     * ({@link ModuleItem}); by identity of the instance. Instances with an entry have all their exports known.
     */
    private final Map<InterfaceType, Map<String, Object>> instanceItems = new java.util.IdentityHashMap<>();
    /** The core modules this component exports, by export name (null summary: a module known only by index). */
    private final Map<String, ModuleItem> exportedModules = new LinkedHashMap<>();
    /** The nested component definitions this component exports, by export name. */
    private final Map<String, Nested> exportedComponents = new LinkedHashMap<>();
    /** Nested component definitions of the whole analysis not yet validated (by an instantiation or on their own). */
    private final java.util.Set<Nested> unchecked;
    /** The nested component definitions of this component. */
    private final List<Nested> definedHere = new ArrayList<>();
    private final Scope outer;
    private final Map<String, Object> supplied;
    private final int depth;
    private int anonymous;
    /** The {@code sub resource} declarations made while an import's declared type is built (by identity). */
    private final List<ResourceType> abstractResources = new ArrayList<>();
    private int inComponentType;
    /** Size and depth bounds on types, shared with nested components. */
    private TypeLimits limits = new TypeLimits();

    private final java.util.Set<String> argNames;
    private final long instantiateOffset;

    private final Map<Canon, FuncType> canonTypes;
    private final Work work;

    private ComponentTypes(Scope outer, Map<String, Object> supplied, java.util.Set<String> argNames,
            long instantiateOffset, int depth, Map<Canon, FuncType> canonTypes, java.util.Set<Nested> unchecked,
            Work work) {
        this.work = work;
        this.canonTypes = canonTypes;
        this.unchecked = unchecked;
        this.outer = outer;
        this.supplied = supplied;
        this.argNames = argNames;
        this.instantiateOffset = instantiateOffset;
        this.depth = depth;
    }

    /**
     * The component type of {@code component}.
     *
     * @throws ValidationException for a bad index, a type of the wrong kind, or an export whose type cannot be
     *     determined
     */
    public static ComponentType of(DecodedComponent component) {
        return analyze(component).type();
    }

    /**
     * The component type plus what a runtime needs from this pass: the function type of every {@code canon lift}
     * and {@code canon lower} it reached (by identity of the decoded {@link Canon}; lowers of functions whose type
     * is unknown are absent).
     *
     * @throws ValidationException as {@link #of}
     */
    public static Analysis analyze(DecodedComponent component) {
        java.util.IdentityHashMap<Canon, FuncType> canonTypes = new java.util.IdentityHashMap<>();
        Work work = new Work(component.bytes().length());
        ComponentTypes t = new ComponentTypes(null, Map.of(), java.util.Set.of(), -1, 0, canonTypes,
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), work);
        t.run(component);
        return new Analysis(new ComponentType(t.imports, t.exports), canonTypes, work.walks);
    }

    /** The result of {@link #analyze}. */
    public static final class Analysis {
        private final ComponentType type;
        private final Map<Canon, FuncType> canonTypes;
        private final int walks;

        private Analysis(ComponentType type, Map<Canon, FuncType> canonTypes, int walks) {
            this.type = type;
            this.canonTypes = canonTypes;
            this.walks = walks;
        }

        /** How many times a component's sections were walked (the component itself and each nested walk). */
        int walks() {
            return walks;
        }

        /** The component's type. */
        public ComponentType type() {
            return type;
        }

        /** The function type lifted or lowered by {@code canon}, if this pass reached it. */
        public Optional<FuncType> funcType(Canon canon) {
            return Optional.ofNullable(canonTypes.get(canon));
        }
    }

    private void run(DecodedComponent c) {
        work.walk(c, depth == 0 ? c.offset() : instantiateOffset, depth);
        for (Section s : c.sections()) {
            try {
                section(s);
            } catch (IllegalArgumentException e) {
                // a name or shape the type model refuses (e.g. a non-label field name): report it at its section
                throw new ValidationException(s.offset(), e.getMessage());
            }
        }
        // a nested component that is never instantiated must still be valid on its own
        for (Nested n : definedHere) {
            if (unchecked.contains(n)) {
                definitionType(n, n.offset());
            }
        }
    }

    private void section(Section s) {
        {
            if (s instanceof Section.Types ts) {
                for (TypeDef d : ts.types()) {
                    if (d instanceof TypeDef.ResourceType rt) {
                        core.checkDestructor(rt.destructor(), rt.offset());
                    }
                    Object def = define(d, types, enclosingTypes(), "type#" + types.size());
                    limits.checkDefined(def, d.offset());
                    if (def instanceof ResourceType r) {
                        localResources.add(r);
                    }
                    types.add(def);
                }
            } else if (s instanceof Section.CoreModule m) {
                core.module(m.summary());
            } else if (s instanceof Section.CoreInstances ci) {
                ci.instances().forEach(core::instance);
            } else if (s instanceof Section.Imports is) {
                for (ImportDef imp : is.imports()) {
                    if (imp.type() instanceof org.wasmcloud4j.component.binary.ExternType.CoreModule cm) {
                        core.checkIndex(org.wasmcloud4j.component.binary.CoreSort.TYPE, cm.coreTypeIndex(),
                                imp.offset());
                    }
                    Object given = supplied.get(imp.name());
                    if (depth > 0 && argNames != null && !argNames.contains(imp.name())) {
                        throw new ValidationException(instantiateOffset, "missing instantiation argument for import '"
                                + imp.name() + "' of the nested component");
                    }
                    if (given instanceof Nested || given instanceof ModuleItem) {
                        // a component definition or a core module passed as it is: the child uses the real thing
                        ExternType declared = externType(imp.type(), imp.name(), imp.offset(), types);
                        checkName(imp.name(), imports, "import", imp.offset());
                        imports.put(imp.name(), declared);
                        if (given instanceof Nested n) {
                            components.add(n);
                        } else {
                            core.module(((ModuleItem) given).summary());
                        }
                        continue;
                    }
                    ExternType t = given instanceof TypeDefinition td ? new TypeExtern(td)
                            : given instanceof ValType vt ? new TypeExtern(new NamedType(owner(imp.name()),
                                    label(imp.name()), vt))
                            : given instanceof ExternType et ? et
                            : externType(imp.type(), imp.name(), imp.offset(), types);
                    if (given instanceof ExternType || given instanceof ValType) {
                        int mark = abstractResources.size();
                        ExternType declared = externType(imp.type(), imp.name(), imp.offset(), types);
                        // the import's abstract resources stand for the argument's (type substitution)
                        declared = ResourceSubstitution.bind(declared, t,
                                List.copyOf(abstractResources.subList(mark, abstractResources.size())));
                        abstractResources.subList(mark, abstractResources.size()).clear();
                        Subtyping.mismatch(t, declared).ifPresent(why -> {
                            throw new ValidationException(instantiateOffset, "instantiation argument '" + imp.name()
                                    + "' does not match the import: " + why);
                        });
                    }
                    limits.use(t, imp.offset());
                    checkName(imp.name(), imports, "import", imp.offset());
                    if (t instanceof CoreModuleType) {
                        core.unknownModule();
                    }
                    imports.put(imp.name(), t);
                    addToIndexSpace(t, imp.name());
                }
            } else if (s instanceof Section.Aliases as) {
                for (Alias a : as.aliases()) {
                    alias(a);
                }
            } else if (s instanceof Section.Canons cs) {
                for (Canon k : cs.canons()) {
                    if (k instanceof Canon.Lift lift) {
                        FuncType f = funcType(get(types, lift.typeIndex(), "type", lift.offset()), lift.offset());
                        limits.use(f, lift.offset());
                        CanonRules.checkLift(f, lift.options(), lift.offset());
                        core.checkLift(f, lift);
                        canonTypes.putIfAbsent(lift, f);
                        funcs.add(f);
                    } else if (k instanceof Canon.Lower lower) {
                        Object f = get(funcs, lower.funcIndex(), "function", lower.offset());
                        FuncType ft = f instanceof FuncType x ? x : null;
                        if (ft != null) {
                            limits.use(ft, lower.offset());
                        }
                        CanonRules.checkLower(ft, lower.options(), lower.offset());
                        if (ft != null) {
                            canonTypes.putIfAbsent(lower, ft);
                        }
                        core.lower(ft, lower);
                    } else if (k instanceof Canon.ResourceRep rep) {
                        requireLocalResource(rep.typeIndex(), rep.offset(), "resource.rep");
                        core.addFunc(new org.wasmcloud4j.component.binary.CoreFuncType(
                                List.of(CoreSpaces.I32), List.of(CoreSpaces.I32)));
                    } else if (k instanceof Canon.ResourceNew rn) {
                        requireLocalResource(rn.typeIndex(), rn.offset(), "resource.new");
                        core.addFunc(new org.wasmcloud4j.component.binary.CoreFuncType(
                                List.of(CoreSpaces.I32), List.of(CoreSpaces.I32)));
                    } else if (k instanceof Canon.ResourceDrop rd) {
                        resource(types, rd.typeIndex(), rd.offset());
                        core.addFunc(new org.wasmcloud4j.component.binary.CoreFuncType(List.of(CoreSpaces.I32), List.of()));
                    } else {
                        core.addFunc(null);
                    }
                }
            } else if (s instanceof Section.Instances ins) {
                for (InstanceDef d : ins.instances()) {
                    instances.add(instance(d));
                }
            } else if (s instanceof Section.CoreTypes ct) {
                core.coreTypes(ct.types().size());
            } else if (s instanceof Section.Component nested) {
                Nested n = new Nested(nested.component(), new Scope(List.copyOf(types), List.copyOf(components),
                        core.modules(), outer), nested.offset());
                unchecked.add(n);
                definedHere.add(n);
                components.add(n);
            } else if (s instanceof Section.Exports es) {
                for (ExportDef e : es.exports()) {
                    export(e);
                }
            }
        }
    }

    private void alias(Alias a) {
        if (a instanceof Alias.InstanceExport ie) {
            Object inst = get(instances, ie.instanceIndex(), "instance", ie.offset());
            if (ie.sort().isCore() && ie.sort() != Sort.CORE_MODULE) {
                throw new ValidationException(ie.offset(), "alias of '" + ie.name() + "' as a "
                        + ie.sort().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + ": component instances do not export core items other than modules");
            }
            if (!(inst instanceof InterfaceType it)) {
                addUnknown(ie.sort(), "export of an untyped instance");
                return;
            }
            if (ie.sort() == Sort.FUNC) {
                funcs.add(it.function(ie.name()).orElseThrow(() -> new ValidationException(ie.offset(),
                        "instance " + ie.instanceIndex() + " has no function export named '" + ie.name() + "'")));
            } else if (ie.sort() == Sort.TYPE) {
                types.add(it.type(ie.name()).orElseThrow(() -> new ValidationException(ie.offset(),
                        "instance " + ie.instanceIndex() + " has no type export named '" + ie.name() + "'")));
            } else {
                // an instance, component or core module that a nested component (or a bag of exports) exports
                Map<String, Object> items = instanceItems.get(it);
                Object item = items == null ? null : items.get(ie.name());
                if (ie.sort() == Sort.INSTANCE && item instanceof InterfaceType x) {
                    instances.add(x);
                } else if (ie.sort() == Sort.COMPONENT && (item instanceof Nested || item instanceof ComponentType)) {
                    components.add(item);
                } else if (ie.sort() == Sort.CORE_MODULE && item instanceof ModuleItem m) {
                    core.module(m.summary());
                } else if (items != null) {
                    throw new ValidationException(ie.offset(), "instance " + ie.instanceIndex() + " has no "
                            + ie.sort().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + " export named '" + ie.name() + "'");
                } else {
                    addUnknown(ie.sort(), "alias");
                }
            }
        } else if (a instanceof Alias.CoreInstanceExport ce) {
            core.alias(ce);
        } else if (a instanceof Alias.Outer o) {
            outerAlias(o);
        }
    }

    /**
     * An outer alias: count 0 is this component, count n the n-th enclosing one (as it was where the component
     * nesting this one was defined). Only types, core types, core modules and components can be aliased (the decoder
     * refuses other sorts), and a type must not carry a resource across a component boundary (resources are
     * generative: each instantiation makes new ones).
     */
    private void outerAlias(Alias.Outer o) {
        List<Object> ts = types;
        List<Object> cs = components;
        List<CoreModuleSummary> ms = core.modules();
        if (o.count() > 0) {
            Scope s = outer;
            for (long i = 1; i < o.count() && s != null; i++) {
                s = s.outer();
            }
            if (s == null) {
                throw new ValidationException(o.offset(), "invalid outer alias count of " + o.count() + ": "
                        + (depth == 0 ? "at the top level of a component only count 0 is allowed"
                        : "there are only " + depth + " enclosing components"));
            }
            ts = s.types();
            cs = s.components();
            ms = s.modules();
        }
        if (o.sort() == Sort.TYPE) {
            Object t = get(ts, o.index(), "outer type", o.offset());
            if (o.count() > 0 && carriesResource(t)) {
                throw new ValidationException(o.offset(), "outer alias of type " + o.index() + " refers to resources "
                        + "not defined in the current component");
            }
            types.add(t);
        } else if (o.sort() == Sort.COMPONENT) {
            components.add(get(cs, o.index(), "outer component", o.offset()));
        } else if (o.sort() == Sort.CORE_MODULE) {
            if (o.index() < 0 || o.index() >= ms.size()) {
                throw new ValidationException(o.offset(), "unknown outer core module " + o.index()
                        + ": index out of bounds (there are " + ms.size() + ")");
            }
            core.module(ms.get((int) o.index()));
        }
        if (o.sort() == Sort.CORE_TYPE) {
            core.coreTypes(1);   // counted only: core type imports of modules are checked against the count
        }
    }

    private static boolean carriesResource(Object t) {
        return t instanceof ResourceType || t instanceof ValType v && v.containsHandles();
    }

    /** The type index spaces of the enclosing components, innermost first (for outer aliases in type bodies). */
    private List<List<Object>> enclosingTypes() {
        List<List<Object>> chain = new ArrayList<>();
        for (Scope s = outer; s != null; s = s.outer()) {
            chain.add(s.types());
        }
        return chain;
    }

    private static List<List<Object>> prepend(List<Object> first, List<List<Object>> rest) {
        List<List<Object>> chain = new ArrayList<>(rest.size() + 1);
        chain.add(first);
        chain.addAll(rest);
        return chain;
    }

    /** Keeps the index space of {@code sort} aligned when what is added there cannot be typed. */
    private void addUnknown(Sort sort, String what) {
        if (sort == Sort.CORE_MODULE) {
            core.unknownModule();
        } else {
            indexSpace(sort).ifPresent(l -> l.add(new Unknown(what)));
        }
    }

    private Optional<List<Object>> indexSpace(Sort sort) {
        switch (sort) {
            case FUNC: return Optional.of(funcs);
            case TYPE: return Optional.of(types);
            case INSTANCE: return Optional.of(instances);
            case COMPONENT: return Optional.of(components);
            default: return Optional.empty();
        }
    }


    /** Checks that {@code si} names an item of its index space (core or component level). */
    private void checkIndex(org.wasmcloud4j.component.binary.SortIndex si, long offset) {
        if (si.sort().isCore()) {
            core.checkIndex(si.sort().coreSort(), si.index(), offset);
            return;
        }
        List<Object> space = indexSpace(si.sort()).orElseThrow(() -> new ValidationException(offset,
                "unsupported: " + si.sort().name().toLowerCase(java.util.Locale.ROOT) + " items"));
        get(space, si.index(), si.sort().name().toLowerCase(java.util.Locale.ROOT), offset);
    }

    private Object instance(InstanceDef d) {
        if (d instanceof InstanceDef.FromExports fe) {
            for (InstanceDef.Export e : fe.exports()) {
                checkIndex(e.target(), fe.offset());
            }
            Map<String, TypeDefinition> ts = new LinkedHashMap<>();
            Map<String, FuncType> fs = new LinkedHashMap<>();
            Map<String, Object> items = new LinkedHashMap<>();
            for (InstanceDef.Export e : fe.exports()) {
                Sort sort = e.target().sort();
                if (sort == Sort.INSTANCE || sort == Sort.COMPONENT) {
                    Object item = get(indexSpace(sort).orElseThrow(), e.target().index(),
                            sort.name().toLowerCase(java.util.Locale.ROOT), fe.offset());
                    if (item instanceof DeferredInstance di) {
                        item = materialize(di, e.name());
                    }
                    if (item instanceof InterfaceType || item instanceof Nested || item instanceof ComponentType) {
                        items.put(e.name(), item);
                    } else {
                        return new Unknown("instance of untyped " + sort.name().toLowerCase(java.util.Locale.ROOT)
                                + "s");
                    }
                } else if (sort == Sort.CORE_MODULE) {
                    items.put(e.name(), new ModuleItem(moduleAt(e.target().index(), fe.offset())));
                } else if (e.target().sort() == Sort.FUNC) {
                    Object f = get(funcs, e.target().index(), "function", fe.offset());
                    if (!(f instanceof FuncType ft)) {
                        return new Unknown("instance of untyped functions");
                    }
                    fs.put(e.name(), ft);
                } else if (e.target().sort() == Sort.TYPE) {
                    Object t = get(types, e.target().index(), "type", fe.offset());
                    if (t instanceof TypeDefinition td) {
                        ts.put(e.name(), td);
                    } else if (t instanceof ValType vt) {
                        ts.put(e.name(), new NamedType(new TypeOwner.Local("instance#" + instances.size()), e.name(), vt));
                    }
                }
            }
            InterfaceType bag = new InterfaceType(Optional.empty(), ts, fs);
            instanceItems.put(bag, items);
            return bag;
        }
        InstanceDef.Instantiate in = (InstanceDef.Instantiate) d;
        Object c = get(components, in.componentIndex(), "component", in.offset());
        for (InstanceDef.Arg arg : in.args()) {
            checkIndex(arg.target(), in.offset());
        }
        if (c instanceof ComponentType ct) {
            // an imported component: its instance has the exports its type declares
            return instanceOf(ct.exports(), Map.of(), Map.of());
        }
        if (!(c instanceof Nested n)) {
            return new Unknown("instantiated component");
        }
        if (depth >= MAX_DEPTH) {
            throw new ValidationException(in.offset(), "components nested deeper than " + MAX_DEPTH);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (InstanceDef.Arg arg : in.args()) {
            if (arg.target().sort() == Sort.CORE_MODULE) {
                args.put(arg.name(), new ModuleItem(moduleAt(arg.target().index(), in.offset())));
            }
            indexSpace(arg.target().sort()).ifPresent(l -> {
                Object v = get(l, arg.target().index(), arg.target().sort().name().toLowerCase(java.util.Locale.ROOT),
                        in.offset());
                if (!(v instanceof Unknown)) {
                    args.put(arg.name(), v);
                }
            });
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        in.args().forEach(a -> names.add(a.name()));
        List<Memo> seen = work.memo.computeIfAbsent(n, k -> new ArrayList<>());
        for (Memo m : seen) {
            if (m.sameArgs(args, names)) {
                // the same definition with the same arguments: the same instance type (its items are recorded)
                instanceItems.put(m.instance(), m.items());
                return m.instance();
            }
        }
        ComponentTypes inner = new ComponentTypes(n.scope(), args, names, in.offset(), depth + 1,
                canonTypes, unchecked, work);
        inner.limits = limits;
        inner.run(n.component());
        unchecked.remove(n);
        InterfaceType made = instanceOf(inner.exports, inner.exportedModules, inner.exportedComponents);
        seen.add(new Memo(args, names, made, instanceItems.get(made)));
        return made;
    }

    /** The instance a component with these exports makes: functions and types in the type, the rest beside it. */
    private InterfaceType instanceOf(Map<String, ExternType> exported, Map<String, ModuleItem> modules,
            Map<String, Nested> nestedComponents) {
        Map<String, TypeDefinition> ts = new LinkedHashMap<>();
        Map<String, FuncType> fs = new LinkedHashMap<>();
        Map<String, Object> items = new LinkedHashMap<>();
        for (Map.Entry<String, ExternType> e : exported.entrySet()) {
            if (e.getValue() instanceof FuncType f) {
                fs.put(e.getKey(), f);
            } else if (e.getValue() instanceof TypeExtern te) {
                ts.put(e.getKey(), te.type());
            } else if (e.getValue() instanceof ComponentType) {
                // a component definition stays itself, so instantiating it later is typed with its arguments
                items.put(e.getKey(), nestedComponents.containsKey(e.getKey()) ? nestedComponents.get(e.getKey())
                        : e.getValue());
            } else if (e.getValue() instanceof InterfaceType) {
                items.put(e.getKey(), e.getValue());
            } else if (e.getValue() instanceof CoreModuleType) {
                items.put(e.getKey(), modules.getOrDefault(e.getKey(), new ModuleItem(null)));
            }
        }
        InterfaceType result = new InterfaceType(Optional.empty(), ts, fs);
        instanceItems.put(result, items);
        return result;
    }

    private CoreModuleSummary moduleAt(int index, long offset) {
        List<CoreModuleSummary> ms = core.modules();
        if (index < 0 || index >= ms.size()) {
            throw new ValidationException(offset, "unknown core module " + index + ": index out of bounds (there are "
                    + ms.size() + ")");
        }
        return ms.get(index);
    }

    /**
     * The type of a nested component definition on its own (exported or passed as it is): its imports as declared,
     * its exports as they follow from them.
     */
    private ComponentType definitionType(Nested n, long offset) {
        if (depth >= MAX_DEPTH) {
            throw new ValidationException(offset, "components nested deeper than " + MAX_DEPTH);
        }
        ComponentType known = work.definitions.get(n);
        if (known != null) {
            return known;
        }
        ComponentTypes inner = new ComponentTypes(n.scope(), Map.of(), null, offset, depth + 1,
                new java.util.IdentityHashMap<>(), unchecked, work);
        inner.limits = limits;
        inner.run(n.component());
        unchecked.remove(n);
        ComponentType type = new ComponentType(inner.imports, inner.exports);
        work.definitions.put(n, type);
        return type;
    }

    private void export(ExportDef e) {
        checkIndex(e.target(), e.offset());
        ExternType type;
        if (e.ascribedType().isPresent()) {
            type = externType(e.ascribedType().get(), e.name(), e.offset(), types);
        } else {
            Object target = indexSpace(e.target().sort()).map(l -> get(l, e.target().index(),
                    e.target().sort().name().toLowerCase(java.util.Locale.ROOT), e.offset())).orElse(null);
            if (target instanceof DeferredInstance di) {
                target = materialize(di, e.name());
            }
            if (target instanceof Nested n) {
                target = definitionType(n, e.offset());
            }
            if (target instanceof InterfaceType it && it.name().isEmpty()) {
                type = Reowner.exported(it, e.name());
                if (instanceItems.containsKey(it)) {
                    instanceItems.put((InterfaceType) type, instanceItems.get(it));
                }
            } else if (target instanceof ComponentType ct) {
                type = ct;
            } else if (target instanceof FuncType || target instanceof InterfaceType) {
                type = (ExternType) target;
            } else if (target instanceof TypeDefinition td) {
                type = new TypeExtern(rename(td, e.name()));
            } else if (target instanceof ValType vt) {
                type = new TypeExtern(new NamedType(new TypeOwner.Local("component"), e.name(), vt));
            } else if (e.target().sort() == Sort.CORE_MODULE) {
                type = new CoreModuleType(List.of(), List.of());
            } else {
                throw new ValidationException(e.offset(), "cannot determine the type of export '" + e.name()
                        + "' (" + (target instanceof Unknown u ? u.what() : "unsupported sort " + e.target().sort())
                        + "); composed components need the full validator");
            }
        }
        limits.use(type, e.offset());
        checkName(e.name(), exports, "export", e.offset());
        checkExportedTypesNamed(type, e);
        exports.put(e.name(), type);
        // an export adds an item to its sort's index space: core modules and nested components keep what they are
        if (e.target().sort() == Sort.CORE_MODULE) {
            CoreModuleSummary m = moduleAt(e.target().index(), e.offset());
            exportedModules.put(e.name(), new ModuleItem(m));
            core.module(m);
        } else if (e.target().sort() == Sort.COMPONENT && e.target().index() >= 0
                && e.target().index() < components.size() && components.get(e.target().index()) instanceof Nested n) {
            exportedComponents.put(e.name(), n);
            components.add(n);
        } else {
            addToIndexSpace(type, e.name());
        }
    }

    /** Exported functions may only mention records, variants, enums and flags that have a name (are exported). */
    private static void checkExportedTypesNamed(ExternType type, ExportDef e) {
        List<FuncType> fs = new ArrayList<>();
        if (type instanceof FuncType f) {
            fs.add(f);
        } else if (type instanceof InterfaceType it) {
            fs.addAll(it.functions().values());
        }
        for (FuncType f : fs) {
            for (FuncType.Param p : f.params()) {
                unnamed(p.type()).ifPresent(what -> {
                    throw new ValidationException(e.offset(), "export '" + e.name() + "': parameter '" + p.name()
                            + "' uses " + what + " that is not exported; export the type and use it by name");
                });
            }
            f.result().flatMap(ComponentTypes::unnamed).ifPresent(what -> {
                throw new ValidationException(e.offset(), "export '" + e.name() + "': the result uses " + what
                        + " that is not exported; export the type and use it by name");
            });
        }
    }

    private static Optional<String> unnamed(ValType t) {
        if (t instanceof RecordType) {
            return Optional.of("a record");
        }
        if (t instanceof VariantType) {
            return Optional.of("a variant");
        }
        if (t instanceof EnumType) {
            return Optional.of("an enum");
        }
        if (t instanceof FlagsType) {
            return Optional.of("a flags type");
        }
        if (t instanceof ListType l) {
            return unnamed(l.element());
        }
        if (t instanceof OptionType o) {
            return unnamed(o.some());
        }
        if (t instanceof ResultType r) {
            Optional<String> ok = r.ok().flatMap(ComponentTypes::unnamed);
            return ok.isPresent() ? ok : r.err().flatMap(ComponentTypes::unnamed);
        }
        if (t instanceof TupleType tt) {
            return tt.elements().stream().map(ComponentTypes::unnamed).flatMap(Optional::stream).findFirst();
        }
        if (t instanceof StreamType s) {
            return s.element().flatMap(ComponentTypes::unnamed);
        }
        if (t instanceof FutureType f) {
            return f.element().flatMap(ComponentTypes::unnamed);
        }
        return Optional.empty();
    }

    private static TypeDefinition rename(TypeDefinition td, String name) {
        if (td instanceof ResourceType r) {
            return r;
        }
        NamedType n = (NamedType) td;
        return n.name().equals(name) ? n : new NamedType(n.owner(), name, n);
    }

    private void requireLocalResource(int typeIndex, long offset, String what) {
        ResourceType r = resource(types, typeIndex, offset);
        if (!localResources.contains(r)) {
            throw new ValidationException(offset, what + ": type " + typeIndex + " is not a resource defined by this "
                    + "component");
        }
    }

    private static void checkName(String name, Map<String, ExternType> existing, String what, long offset) {
        ExternName parsed;
        try {
            parsed = ExternName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(offset, what + " name is invalid: " + e.getMessage());
        }
        for (String other : existing.keySet()) {
            if (ExternName.parse(other).conflictKey().equals(parsed.conflictKey())) {
                throw new ValidationException(offset, what + " name '" + name + "' conflicts with previous name '"
                        + other + "'");
            }
        }
    }

    private void addToIndexSpace(ExternType t, String name) {
        if (t instanceof FuncType) {
            funcs.add(t);
        } else if (t instanceof InterfaceType) {
            instances.add(t);
        } else if (t instanceof TypeExtern te) {
            types.add(te.type());
        } else if (t instanceof ComponentType) {
            components.add(t);
        }
    }

    // ------------------------------------------------------------------ type conversion

    private ExternType externType(org.wasmcloud4j.component.binary.ExternType t, String name, long offset,
            List<Object> scope) {
        if (t instanceof org.wasmcloud4j.component.binary.ExternType.Func f) {
            return funcType(get(scope, f.typeIndex(), "type", offset), offset);
        }
        if (t instanceof org.wasmcloud4j.component.binary.ExternType.Instance i) {
            Object def = get(scope, i.typeIndex(), "type", offset);
            if (def instanceof DeferredInstance di) {
                return materialize(di, name);
            }
            if (def instanceof InterfaceType it) {
                return it;
            }
            throw new ValidationException(offset, "type " + i.typeIndex() + " is not an instance type");
        }
        if (t instanceof org.wasmcloud4j.component.binary.ExternType.SubResource) {
            ResourceType r = new ResourceType(owner(name), label(name));
            abstractResources.add(r);
            return new TypeExtern(r);
        }
        if (t instanceof org.wasmcloud4j.component.binary.ExternType.TypeEq eq) {
            Object def = get(scope, eq.typeIndex(), "type", offset);
            if (def instanceof ResourceType r) {
                return new TypeExtern(r);
            }
            if (def instanceof ValType vt) {
                return new TypeExtern(new NamedType(owner(name), label(name), vt));
            }
            throw new ValidationException(offset, "type " + eq.typeIndex() + " is not a value or resource type");
        }
        if (t instanceof org.wasmcloud4j.component.binary.ExternType.CoreModule) {
            return new CoreModuleType(List.of(), List.of());
        }
        if (t instanceof org.wasmcloud4j.component.binary.ExternType.Component c) {
            Object def = get(scope, c.typeIndex(), "type", offset);
            if (def instanceof ComponentType ct) {
                return ct;
            }
            throw new ValidationException(offset, "type " + c.typeIndex() + " is not a component type");
        }
        throw new ValidationException(offset, "unsupported: value imports and exports");
    }

    private TypeOwner owner(String name) {
        // top-level imported types belong to the component's world, which WIT tooling calls root:component/root
        return depth == 0 && inComponentType == 0 ? TypeOwner.World.COMPONENT_ROOT : new TypeOwner.Local(name);
    }

    private static String label(String name) {
        return org.wasmcloud4j.component.types.Labels.isLabel(name) ? name : "t";
    }

    private FuncType funcType(Object def, long offset) {
        if (def instanceof FuncType f) {
            return f;
        }
        throw new ValidationException(offset, "expected a function type, found " + describe(def));
    }

    /**
     * Converts one type definition made in {@code scope}; {@code enclosing} are the scopes around it, innermost first
     * (what outer aliases in instance and component type bodies refer to).
     */
    private Object define(TypeDef d, List<Object> scope, List<List<Object>> enclosing, String where) {
        long off = d.offset();
        if (d instanceof TypeDef.PrimitiveDef p) {
            return primitive(p.type(), off);
        }
        if (d instanceof TypeDef.RecordType r) {
            List<RecordType.Field> fs = new ArrayList<>();
            for (TypeDef.Field f : r.fields()) {
                fs.add(new RecordType.Field(f.name(), val(f.type(), scope, off)));
            }
            return wrap(() -> new RecordType(fs), off);
        }
        if (d instanceof TypeDef.VariantType v) {
            List<VariantType.Case> cs = new ArrayList<>();
            for (TypeDef.Case c : v.cases()) {
                cs.add(new VariantType.Case(c.name(), c.type().map(t -> val(t, scope, off))));
            }
            return wrap(() -> new VariantType(cs), off);
        }
        if (d instanceof TypeDef.ListType l) {
            return new ListType(val(l.element(), scope, off));
        }
        if (d instanceof TypeDef.TupleType t) {
            List<ValType> es = new ArrayList<>();
            t.types().forEach(x -> es.add(val(x, scope, off)));
            return wrap(() -> new TupleType(es), off);
        }
        if (d instanceof TypeDef.FlagsType f) {
            return wrap(() -> new FlagsType(f.names()), off);
        }
        if (d instanceof TypeDef.EnumType e) {
            return wrap(() -> new EnumType(e.names()), off);
        }
        if (d instanceof TypeDef.OptionType o) {
            return new OptionType(val(o.type(), scope, off));
        }
        if (d instanceof TypeDef.ResultType r) {
            return new ResultType(r.ok().map(t -> val(t, scope, off)), r.error().map(t -> val(t, scope, off)));
        }
        if (d instanceof TypeDef.OwnType o) {
            return HandleType.own(resource(scope, o.resourceTypeIndex(), off));
        }
        if (d instanceof TypeDef.BorrowType b) {
            return HandleType.borrow(resource(scope, b.resourceTypeIndex(), off));
        }
        if (d instanceof TypeDef.FuncType f) {
            if (f.async()) {
                throw new ValidationException(off, "unsupported: async function types");
            }
            List<FuncType.Param> ps = new ArrayList<>();
            for (TypeDef.Field p : f.params()) {
                ps.add(new FuncType.Param(p.name(), val(p.type(), scope, off)));
            }
            Optional<ValType> result = f.result().map(t -> val(t, scope, off));
            if (result.isPresent() && HandleType.anyBorrowIn(result.get())) {
                throw new ValidationException(off, "function result cannot contain a borrow handle");
            }
            return wrap(() -> new FuncType(ps, result), off);
        }
        if (d instanceof TypeDef.ResourceType) {
            return new ResourceType(new TypeOwner.Local("component"), "resource" + anonymous++);
        }
        if (d instanceof TypeDef.InstanceType it) {
            return new DeferredInstance(it, prepend(scope, enclosing));
        }
        if (d instanceof TypeDef.ComponentType ct) {
            return componentType(ct, prepend(scope, enclosing));
        }
        throw new ValidationException(off, "unsupported: type " + d.getClass().getSimpleName() + " in " + where);
    }

    private ComponentType componentType(TypeDef.ComponentType ct, List<List<Object>> outer) {
        List<Object> local = new ArrayList<>();
        Map<String, ExternType> ims = new LinkedHashMap<>();
        Map<String, ExternType> exs = new LinkedHashMap<>();
        inComponentType++;
        try {
            componentDecls(ct, outer, local, ims, exs);
        } finally {
            inComponentType--;
        }
        return new ComponentType(ims, exs);
    }

    private void componentDecls(TypeDef.ComponentType ct, List<List<Object>> outer, List<Object> local,
            Map<String, ExternType> ims, Map<String, ExternType> exs) {
        for (Decl decl : ct.decls()) {
            if (decl instanceof ImportDef imp) {
                ExternType t = externType(imp.type(), imp.name(), imp.offset(), local);
                ims.put(imp.name(), t);
                if (t instanceof TypeExtern te) {
                    local.add(te.type());
                }
            } else {
                declare(decl, local, outer, exs, new TypeOwner.Local("component type"));
            }
        }
    }

    private InterfaceType materialize(DeferredInstance di, String name) {
        Optional<InterfaceName> iname = InterfaceName.tryParse(name);
        TypeOwner owner = iname.<TypeOwner>map(TypeOwner.Interface::new).orElse(new TypeOwner.Local(name));
        List<Object> local = new ArrayList<>();
        Map<String, ExternType> exs = new LinkedHashMap<>();
        for (Decl decl : di.def().decls()) {
            declare(decl, local, di.outer(), exs, owner);
        }
        Map<String, TypeDefinition> ts = new LinkedHashMap<>();
        Map<String, FuncType> fs = new LinkedHashMap<>();
        for (Map.Entry<String, ExternType> e : exs.entrySet()) {
            if (e.getValue() instanceof FuncType f) {
                fs.put(e.getKey(), f);
            } else if (e.getValue() instanceof TypeExtern te) {
                ts.put(e.getKey(), te.type());
            }
        }
        return new InterfaceType(iname, ts, fs);
    }

    /** One declaration of an instance or component type body. */
    private void declare(Decl decl, List<Object> local, List<List<Object>> outer, Map<String, ExternType> exs,
            TypeOwner owner) {
        if (decl instanceof TypeDef td) {
            Object def = define(td, local, outer, "instance type");
            limits.checkDefined(def, td.offset());
            local.add(def);
        } else if (decl instanceof Alias.Outer o) {
            // count 0 is this type body, count n the n-th scope around it (type bodies and components alike)
            if (o.sort() != Sort.TYPE) {
                throw new ValidationException(o.offset(), "unsupported: outer alias of sort " + o.sort()
                        + " in a type declaration");
            }
            if (o.count() > outer.size()) {
                throw new ValidationException(o.offset(), "invalid outer alias count of " + o.count() + ": there are "
                        + "only " + outer.size() + " enclosing scopes");
            }
            local.add(get(o.count() == 0 ? local : outer.get((int) o.count() - 1), o.index(), "outer type",
                    o.offset()));
        } else if (decl instanceof Decl.Export e) {
            ExternType t;
            if (e.type() instanceof org.wasmcloud4j.component.binary.ExternType.SubResource) {
                ResourceType r = new ResourceType(owner, e.name());
                abstractResources.add(r);
                t = new TypeExtern(r);
            } else if (e.type() instanceof org.wasmcloud4j.component.binary.ExternType.TypeEq eq) {
                Object def = get(local, eq.typeIndex(), "type", e.offset());
                if (def instanceof ResourceType r) {
                    t = new TypeExtern(r);
                } else if (def instanceof ValType vt) {
                    t = new TypeExtern(new NamedType(owner, e.name(), vt));
                } else {
                    throw new ValidationException(e.offset(), "type " + eq.typeIndex() + " is not a value type");
                }
            } else {
                t = externType(e.type(), e.name(), e.offset(), local);
            }
            exs.put(e.name(), t);
            if (t instanceof TypeExtern te) {
                local.add(te.type());
            }
        } else if (decl instanceof Alias a) {
            throw new ValidationException(a.offset(), "unsupported: alias " + a.getClass().getSimpleName()
                    + " in a type declaration");
        }
    }

    private ValType val(ValTypeRef ref, List<Object> scope, long offset) {
        if (ref instanceof org.wasmcloud4j.component.binary.PrimitiveType p) {
            return primitive(p, offset);
        }
        int i = ((ValTypeRef.Index) ref).typeIndex();
        Object t = get(scope, i, "type", offset);
        if (t instanceof ValType v) {
            return v;
        }
        if (t instanceof ResourceType r) {
            return HandleType.own(r);
        }
        throw new ValidationException(offset, "type " + i + " is " + describe(t) + ", not a value type");
    }

    private static PrimitiveType primitive(org.wasmcloud4j.component.binary.PrimitiveType p, long offset) {
        return PrimitiveType.fromWit(p.witName()).orElseThrow(
                () -> new ValidationException(offset, "unsupported: " + p.witName() + " values"));
    }

    private static ResourceType resource(List<Object> scope, int index, long offset) {
        Object t = get(scope, index, "type", offset);
        if (t instanceof ResourceType r) {
            return r;
        }
        throw new ValidationException(offset, "type index " + index + " is not a resource type");
    }

    private static <T> T wrap(java.util.function.Supplier<T> make, long offset) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(offset, e.getMessage());
        }
    }

    private static Object get(List<Object> space, int index, String what, long offset) {
        if (index < 0 || index >= space.size()) {
            throw new ValidationException(offset, "unknown " + what + " " + index + ": index out of bounds (there are "
                    + space.size() + ")");
        }
        return space.get(index);
    }

    private static String describe(Object o) {
        if (o instanceof Unknown u) {
            return "an untyped " + u.what();
        }
        if (o instanceof DeferredInstance) {
            return "an instance type";
        }
        return o instanceof ValType ? "a value type" : o == null ? "nothing" : "a " + o.getClass().getSimpleName();
    }
}
