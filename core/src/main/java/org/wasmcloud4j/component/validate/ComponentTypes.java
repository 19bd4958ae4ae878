package org.wasmcloud4j.component.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.binary.Alias;
import org.wasmcloud4j.component.binary.Canon;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Decl;
import org.wasmcloud4j.component.binary.ExportDef;
import org.wasmcloud4j.component.binary.ImportDef;
import org.wasmcloud4j.component.binary.InstanceDef;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.binary.Sort;
import org.wasmcloud4j.component.binary.TypeDef;
import org.wasmcloud4j.component.binary.ValTypeRef;
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
    private record DeferredInstance(TypeDef.InstanceType def, List<Object> outer) {}

    /** Index-space entry for something whose type this pass does not compute (e.g. a nested instantiation). */
    private record Unknown(String what) {}

    /**
     * Index-space entry for a nested component, typed when it is instantiated; with the sizes of the enclosing
     * component's index spaces where it is defined (what its outer aliases may refer to).
     */
    private record Nested(DecodedComponent component, List<Object> outerTypes, int outerComponents,
            int outerCoreModules, int outerCoreTypes) {}

    /** Most levels of nested components this pass follows. */
    private static final int MAX_DEPTH = 64;

    private final List<Object> types = new ArrayList<>();
    private final List<Object> funcs = new ArrayList<>();
    private final List<Object> instances = new ArrayList<>();
    private final List<Object> components = new ArrayList<>();
    private final CoreSpaces core = new CoreSpaces();
    private final java.util.Set<ResourceType> localResources = new java.util.HashSet<>();
    private final Map<String, ExternType> imports = new LinkedHashMap<>();
    private final Map<String, ExternType> exports = new LinkedHashMap<>();
    /** The instance exports of instances made by instantiating a nested component (by identity). */
    private final Map<InterfaceType, Map<String, InterfaceType>> instanceExports = new java.util.IdentityHashMap<>();
    private final List<Object> outerTypes;
    private final Map<String, Object> supplied;
    private final int depth;
    private int anonymous;
    private int inComponentType;
    /** Sizes of the enclosing component's component, core module and core type spaces (outer alias bounds). */
    private int outerComponents;
    private int outerCoreModules;
    private int outerCoreTypes;
    /** Size and depth bounds on types, shared with nested components. */
    private TypeLimits limits = new TypeLimits();

    private final java.util.Set<String> argNames;
    private final long instantiateOffset;

    private final Map<Canon, FuncType> canonTypes;

    private ComponentTypes(List<Object> outerTypes, Map<String, Object> supplied, java.util.Set<String> argNames,
            long instantiateOffset, int depth, Map<Canon, FuncType> canonTypes) {
        this.canonTypes = canonTypes;
        this.outerTypes = outerTypes;
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
        ComponentTypes t = new ComponentTypes(List.of(), Map.of(), java.util.Set.of(), -1, 0, canonTypes);
        t.run(component);
        return new Analysis(new ComponentType(t.imports, t.exports), canonTypes);
    }

    /** The result of {@link #analyze}. */
    public static final class Analysis {
        private final ComponentType type;
        private final Map<Canon, FuncType> canonTypes;

        private Analysis(ComponentType type, Map<Canon, FuncType> canonTypes) {
            this.type = type;
            this.canonTypes = canonTypes;
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
        for (Section s : c.sections()) {
            try {
                section(s);
            } catch (IllegalArgumentException e) {
                // a name or shape the type model refuses (e.g. a non-label field name): report it at its section
                throw new ValidationException(s.offset(), e.getMessage());
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
                    Object def = define(d, types, "type#" + types.size());
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
                    if (depth > 0 && !argNames.contains(imp.name())) {
                        throw new ValidationException(instantiateOffset, "missing instantiation argument for import '"
                                + imp.name() + "' of the nested component");
                    }
                    ExternType t = given instanceof TypeDefinition td ? new TypeExtern(td)
                            : given instanceof FuncType || given instanceof InterfaceType ? (ExternType) given
                            : externType(imp.type(), imp.name(), imp.offset(), types);
                    if (given instanceof FuncType || given instanceof InterfaceType) {
                        ExternType declared = externType(imp.type(), imp.name(), imp.offset(), types);
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
                components.add(new Nested(nested.component(), List.copyOf(types), components.size(),
                        core.size(org.wasmcloud4j.component.binary.CoreSort.MODULE),
                        core.size(org.wasmcloud4j.component.binary.CoreSort.TYPE)));
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
            if (ie.sort().isCore()) {
                if (ie.sort() != Sort.CORE_MODULE) {
                    throw new ValidationException(ie.offset(), "alias of '" + ie.name() + "' as a "
                            + ie.sort().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + ": component instances do not export core items other than modules");
                }
                core.unknownModule();
                return;
            }
            if (!(inst instanceof InterfaceType it)) {
                indexSpace(ie.sort()).ifPresent(l -> l.add(new Unknown("export of an untyped instance")));
                return;
            }
            if (ie.sort() == Sort.FUNC) {
                funcs.add(it.function(ie.name()).orElseThrow(() -> new ValidationException(ie.offset(),
                        "instance " + ie.instanceIndex() + " has no function export named '" + ie.name() + "'")));
            } else if (ie.sort() == Sort.TYPE) {
                types.add(it.type(ie.name()).orElseThrow(() -> new ValidationException(ie.offset(),
                        "instance " + ie.instanceIndex() + " has no type export named '" + ie.name() + "'")));
            } else if (ie.sort() == Sort.INSTANCE && instanceExports.containsKey(it)) {
                // an instance that a nested component exports (composed components re-export them)
                InterfaceType exported = instanceExports.get(it).get(ie.name());
                if (exported == null) {
                    throw new ValidationException(ie.offset(), "instance " + ie.instanceIndex()
                            + " has no instance export named '" + ie.name() + "'");
                }
                instances.add(exported);
            } else {
                indexSpace(ie.sort()).ifPresent(l -> l.add(new Unknown("alias")));
            }
        } else if (a instanceof Alias.CoreInstanceExport ce) {
            core.alias(ce);
        } else if (a instanceof Alias.Outer o) {
            if (o.count() != 1 || depth == 0) {
                throw new ValidationException(o.offset(), "invalid outer alias count of " + o.count()
                        + (depth == 0 ? " at the top level of a component" : ": only count 1 is supported"));
            }
            if (o.sort() == Sort.TYPE) {
                types.add(get(outerTypes, o.index(), "outer type", o.offset()));
            } else if (o.sort() == Sort.COMPONENT) {
                checkOuter(o, outerComponents, "component");
                components.add(new Unknown("outer component"));
            } else if (o.sort() == Sort.CORE_MODULE) {
                checkOuter(o, outerCoreModules, "core module");
                core.unknownModule();
            } else if (o.sort() == Sort.CORE_TYPE) {
                checkOuter(o, outerCoreTypes, "core type");
                core.coreTypes(1);
            } else {
                indexSpace(o.sort()).ifPresent(l -> l.add(new Unknown("outer alias")));
            }
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

    private static void checkOuter(Alias.Outer o, int size, String what) {
        if (o.index() < 0 || o.index() >= size) {
            throw new ValidationException(o.offset(), "unknown outer " + what + " " + o.index()
                    + ": index out of bounds (the enclosing component defines " + size + " before this one)");
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
            for (InstanceDef.Export e : fe.exports()) {
                if (e.target().sort() == Sort.FUNC) {
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
            return new InterfaceType(Optional.empty(), ts, fs);
        }
        InstanceDef.Instantiate in = (InstanceDef.Instantiate) d;
        Object c = get(components, in.componentIndex(), "component", in.offset());
        for (InstanceDef.Arg arg : in.args()) {
            checkIndex(arg.target(), in.offset());
        }
        if (!(c instanceof Nested n)) {
            return new Unknown("instantiated component");
        }
        if (depth >= MAX_DEPTH) {
            throw new ValidationException(in.offset(), "components nested deeper than " + MAX_DEPTH);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (InstanceDef.Arg arg : in.args()) {
            indexSpace(arg.target().sort()).ifPresent(l -> {
                Object v = get(l, arg.target().index(), arg.target().sort().name().toLowerCase(java.util.Locale.ROOT),
                        in.offset());
                if (!(v instanceof Unknown) && !(v instanceof Nested)) {
                    args.put(arg.name(), v);
                }
            });
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        in.args().forEach(a -> names.add(a.name()));
        ComponentTypes inner = new ComponentTypes(n.outerTypes(), args, names, in.offset(), depth + 1,
                canonTypes);
        inner.outerComponents = n.outerComponents();
        inner.outerCoreModules = n.outerCoreModules();
        inner.outerCoreTypes = n.outerCoreTypes();
        inner.limits = limits;
        inner.run(n.component());
        Map<String, TypeDefinition> ts = new LinkedHashMap<>();
        Map<String, FuncType> fs = new LinkedHashMap<>();
        Map<String, InterfaceType> nested = new LinkedHashMap<>();
        for (Map.Entry<String, ExternType> e : inner.exports.entrySet()) {
            if (e.getValue() instanceof FuncType f) {
                fs.put(e.getKey(), f);
            } else if (e.getValue() instanceof TypeExtern te) {
                ts.put(e.getKey(), te.type());
            } else if (e.getValue() instanceof InterfaceType it) {
                nested.put(e.getKey(), it);
            }
        }
        InterfaceType result = new InterfaceType(Optional.empty(), ts, fs);
        if (!nested.isEmpty()) {
            instanceExports.put(result, nested);
        }
        return result;
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
            if (target instanceof InterfaceType it && it.name().isEmpty()) {
                type = Reowner.exported(it, e.name());
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
        addToIndexSpace(type, e.name());
        if (e.target().sort() == Sort.CORE_MODULE) {
            // an exported core module is added to the core module space too, as the same module
            core.module(core.moduleAt(e.target().index(), e.offset()));
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
            return new TypeExtern(new ResourceType(owner(name), label(name)));
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

    private Object define(TypeDef d, List<Object> scope, String where) {
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
            return new DeferredInstance(it, scope);
        }
        if (d instanceof TypeDef.ComponentType ct) {
            return componentType(ct, scope);
        }
        throw new ValidationException(off, "unsupported: type " + d.getClass().getSimpleName() + " in " + where);
    }

    private ComponentType componentType(TypeDef.ComponentType ct, List<Object> outer) {
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

    private void componentDecls(TypeDef.ComponentType ct, List<Object> outer, List<Object> local,
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
    private void declare(Decl decl, List<Object> local, List<Object> outer, Map<String, ExternType> exs,
            TypeOwner owner) {
        if (decl instanceof TypeDef td) {
            Object def = define(td, local, "instance type");
            limits.checkDefined(def, td.offset());
            local.add(def);
        } else if (decl instanceof Alias.Outer o) {
            if (o.count() != 1 || o.sort() != Sort.TYPE) {
                throw new ValidationException(o.offset(), "unsupported: outer alias of count " + o.count() + " and sort "
                        + o.sort() + " in a type declaration");
            }
            local.add(get(outer, o.index(), "outer type", o.offset()));
        } else if (decl instanceof Decl.Export e) {
            ExternType t;
            if (e.type() instanceof org.wasmcloud4j.component.binary.ExternType.SubResource) {
                t = new TypeExtern(new ResourceType(owner, e.name()));
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
