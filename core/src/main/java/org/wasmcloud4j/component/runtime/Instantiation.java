package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportTag;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.runtime.TagInstance;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.abi.CoreValType;
import org.wasmcloud4j.component.abi.HandleTable;
import org.wasmcloud4j.component.abi.ResourceRuntimeType;
import org.wasmcloud4j.component.abi.StringEncoding;
import org.wasmcloud4j.component.binary.Alias;
import org.wasmcloud4j.component.binary.Canon;
import org.wasmcloud4j.component.binary.CoreInstanceDef;
import org.wasmcloud4j.component.binary.CoreModuleSummary;
import org.wasmcloud4j.component.binary.CoreSort;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.ExportDef;
import org.wasmcloud4j.component.binary.ExternType;
import org.wasmcloud4j.component.binary.ImportDef;
import org.wasmcloud4j.component.binary.InstanceDef;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.binary.Sort;
import org.wasmcloud4j.component.binary.SortIndex;
import org.wasmcloud4j.component.binary.TypeDef;
import org.wasmcloud4j.component.types.FuncType;

/**
 * Instantiates a component by replaying its sections in order: core modules are instantiated on Chicory with
 * imports wired from other core instances and lowered functions, nested components are instantiated with their
 * arguments, and exports are collected. One {@link Frame} holds the index spaces of one component instance.
 */
final class Instantiation {
    /** A component instance's exports (or an instance built from exports): items by name. */
    record ComponentInstance(Map<String, Object> items) {}

    /** A nested component definition with the frame its outer aliases refer to. */
    record NestedComponent(DecodedComponent component, Frame outer) {}

    /** Something in an index space that this runtime does not need the value of (a non-resource type). */
    enum Placeholder { TYPE, VALUE }

    /** A core instance: Chicory's, or one built from exports. */
    sealed interface CoreInstance permits ChicoryInstance, ExportsInstance {
        Object export(String name, CoreSort sort);
    }

    record ChicoryInstance(Instance instance, CoreModuleSummary summary) implements CoreInstance {
        private TagInstance tag(String name) {
            return tagOf(instance, name);
        }

        @Override
        public Object export(String name, CoreSort sort) {
            Optional<CoreModuleSummary.Export> e = summary.export(name);
            if (e.isEmpty() || e.get().kind() != sort) {
                throw new Trap("core instance has no " + sort.name().toLowerCase(java.util.Locale.ROOT)
                        + " export named '" + name + "'");
            }
            switch (sort) {
                case FUNC: return CoreFunc.export(instance, name);
                case MEMORY: return instance.exports().memory(name);
                case TABLE: return instance.exports().table(name);
                case GLOBAL: return instance.exports().global(name);
                case TAG: return tag(name);
                default: throw new Trap("unsupported: core " + sort + " exports");
            }
        }
    }

    /** An exported exception tag: the defining instance's tag object, which importers share (catches compare it). */
    private static TagInstance tagOf(Instance instance, String name) {
        com.dylibso.chicory.wasm.types.ExportSection exports = instance.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            com.dylibso.chicory.wasm.types.Export e = exports.getExport(i);
            if (e.name().equals(name) && e.exportType() == com.dylibso.chicory.wasm.types.ExternalType.TAG) {
                return instance.tag(e.index());
            }
        }
        throw new Trap("core instance has no tag export named '" + name + "'");
    }

    record ExportsInstance(Map<String, Object> items, Map<String, CoreSort> sorts) implements CoreInstance {
        @Override
        public Object export(String name, CoreSort sort) {
            Object item = items.get(name);
            if (item == null || sorts.get(name) != sort) {
                throw new Trap("core instance has no " + sort.name().toLowerCase(java.util.Locale.ROOT)
                        + " export named '" + name + "'");
            }
            return item;
        }
    }

    /** The index spaces of one component instance. */
    final class Frame {
        final Frame outer;
        final List<Object> types = new ArrayList<>();
        final List<Object> funcs = new ArrayList<>();
        final List<Object> instances = new ArrayList<>();
        final List<Object> components = new ArrayList<>();
        final List<Object> coreModules = new ArrayList<>();
        final List<CoreInstance> coreInstances = new ArrayList<>();
        final List<CoreFunc> coreFuncs = new ArrayList<>();
        final List<Memory> coreMemories = new ArrayList<>();
        final List<TableInstance> coreTables = new ArrayList<>();
        final List<GlobalInstance> coreGlobals = new ArrayList<>();
        final List<TagInstance> coreTags = new ArrayList<>();
        final Map<String, Object> exports = new LinkedHashMap<>();
        final HandleTable handles = new HandleTable();
        /** The thread running this instance's code, while it runs (re-entrance and concurrent-use guard). */
        Thread enteredBy;   // not volatile: the concurrent-use check is best effort, and a fence per call is costly

        Frame(Frame outer) {
            this.outer = outer;
        }

        List<Object> space(Sort sort) {
            switch (sort) {
                case FUNC: return funcs;
                case TYPE: return types;
                case INSTANCE: return instances;
                case COMPONENT: return components;
                case CORE_MODULE: return coreModules;
                default: throw new Trap("unsupported: " + sort + " items in the component index spaces");
            }
        }
    }

    private final Component component;
    private final Store store;

    Instantiation(Component component, Store store) {
        this.component = component;
        this.store = store;
    }

    /** Instantiates the top-level component with resolved imports; returns its exports. */
    Map<String, Object> run(Map<String, Object> imports) {
        return run(component.decoded(), null, imports);
    }

    private Map<String, Object> run(DecodedComponent c, Frame outer, Map<String, Object> args) {
        Frame f = new Frame(outer);
        store.tables.put(f, f.handles);
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                f.coreModules.add(component.module(m));
            } else if (s instanceof Section.CoreInstances ci) {
                for (CoreInstanceDef d : ci.instances()) {
                    f.coreInstances.add(coreInstance(f, d));
                }
            } else if (s instanceof Section.Types ts) {
                for (TypeDef d : ts.types()) {
                    f.types.add(d instanceof TypeDef.ResourceType rt
                            ? resourceType(f, rt, component.resourceName(c, f.types.size()))
                            : new HandleBinding.DefinedType(d, f));
                }
            } else if (s instanceof Section.Imports is) {
                for (ImportDef imp : is.imports()) {
                    importItem(f, imp, args);
                }
            } else if (s instanceof Section.Aliases as) {
                for (Alias a : as.aliases()) {
                    alias(f, a);
                }
            } else if (s instanceof Section.Canons cs) {
                for (Canon k : cs.canons()) {
                    canon(f, k);
                }
            } else if (s instanceof Section.Instances ins) {
                for (InstanceDef d : ins.instances()) {
                    f.instances.add(instance(f, d));
                }
            } else if (s instanceof Section.Component nested) {
                f.components.add(new NestedComponent(nested.component(), f));
            } else if (s instanceof Section.Exports es) {
                for (ExportDef e : es.exports()) {
                    Object item = item(f, e.target());
                    f.exports.put(e.name(), item);
                    add(f, e.target().sort(), item);
                }
            } else if (s instanceof Section.Start) {
                throw new Trap("unsupported: component start functions");
            }
        }
        return f.exports;
    }

    private ResourceRuntimeType resourceType(Frame f, TypeDef.ResourceType rt, String name) {
        java.util.function.IntConsumer dtor = null;
        if (rt.destructor().isPresent()) {
            CoreFunc d = f.coreFuncs.get(rt.destructor().getAsInt());
            dtor = rep -> d.call(rep);
        }
        return new ResourceRuntimeType(name, f, dtor);
    }

    private void importItem(Frame f, ImportDef imp, Map<String, Object> args) {
        Object given = args.get(imp.name());
        ExternType t = imp.type();
        if (t instanceof ExternType.TypeEq || t instanceof ExternType.SubResource) {
            f.types.add(given != null ? given : Placeholder.TYPE);
            return;
        }
        if (given == null) {
            throw new Trap("import '" + imp.name() + "' was not supplied");
        }
        if (t instanceof ExternType.Func) {
            f.funcs.add(given);
        } else if (t instanceof ExternType.Instance) {
            f.instances.add(given);
        } else if (t instanceof ExternType.Component) {
            f.components.add(given);
        } else if (t instanceof ExternType.CoreModule) {
            f.coreModules.add(given);
        } else {
            throw new Trap("unsupported: value imports");
        }
    }

    private void add(Frame f, Sort sort, Object item) {
        switch (sort) {
            case CORE_FUNC: f.coreFuncs.add((CoreFunc) item); break;
            case CORE_MEMORY: f.coreMemories.add((Memory) item); break;
            case CORE_TABLE: f.coreTables.add((TableInstance) item); break;
            case CORE_GLOBAL: f.coreGlobals.add((GlobalInstance) item); break;
            case CORE_TAG: f.coreTags.add((TagInstance) item); break;
            case CORE_INSTANCE: f.coreInstances.add((CoreInstance) item); break;
            default: f.space(sort).add(item);
        }
    }

    private Object item(Frame f, SortIndex si) {
        List<?> space;
        switch (si.sort()) {
            case CORE_FUNC: space = f.coreFuncs; break;
            case CORE_MEMORY: space = f.coreMemories; break;
            case CORE_TABLE: space = f.coreTables; break;
            case CORE_GLOBAL: space = f.coreGlobals; break;
            case CORE_TAG: space = f.coreTags; break;
            case CORE_INSTANCE: space = f.coreInstances; break;
            default: space = f.space(si.sort());
        }
        return space.get(si.index());
    }

    private void alias(Frame f, Alias a) {
        if (a instanceof Alias.InstanceExport ie) {
            Object inst = f.instances.get(ie.instanceIndex());
            Object item = inst instanceof ComponentInstance ci ? ci.items().get(ie.name()) : null;
            if (item == null) {
                throw new Trap("instance " + ie.instanceIndex() + " has no export named '" + ie.name() + "'");
            }
            add(f, ie.sort(), item);
        } else if (a instanceof Alias.CoreInstanceExport ce) {
            add(f, Sort.of(ce.coreSort()), f.coreInstances.get(ce.coreInstanceIndex()).export(ce.name(), ce.coreSort()));
        } else if (a instanceof Alias.Outer o) {
            if (o.sort() == Sort.CORE_TYPE) {
                return; // core types have no run-time value
            }
            Frame target = f;
            for (int i = 0; i < o.count(); i++) {
                target = target.outer;
            }
            add(f, o.sort(), target.space(o.sort()).get(o.index()));
        }
    }

    private CoreInstance coreInstance(Frame f, CoreInstanceDef d) {
        if (d instanceof CoreInstanceDef.FromExports fe) {
            Map<String, Object> items = new HashMap<>();
            Map<String, CoreSort> sorts = new HashMap<>();
            for (CoreInstanceDef.Export e : fe.exports()) {
                items.put(e.name(), item(f, new SortIndex(Sort.of(e.sort()), e.index())));
                sorts.put(e.name(), e.sort());
            }
            return new ExportsInstance(items, sorts);
        }
        CoreInstanceDef.Instantiate in = (CoreInstanceDef.Instantiate) d;
        Object m = f.coreModules.get(in.moduleIndex());
        if (!(m instanceof Component.CoreModule module)) {
            throw new Trap("unsupported: instantiating an imported core module");
        }
        Map<String, CoreInstance> args = new HashMap<>();
        in.args().forEach(a -> args.put(a.name(), f.coreInstances.get(a.instanceIndex())));
        CoreModuleSummary summary = module.summary();
        ImportValues.Builder iv = ImportValues.builder();
        for (CoreModuleSummary.Import imp : summary.imports()) {
            CoreInstance from = args.get(imp.module());
            if (from == null) {
                throw new Trap("core instantiation has no argument named '" + imp.module() + "'");
            }
            Object item = from.export(imp.name(), imp.kind());
            switch (imp.kind()) {
                case FUNC: iv.addFunction(((CoreFunc) item).asImport(imp.module(), imp.name())); break;
                case MEMORY: iv.addMemory(new ImportMemory(imp.module(), imp.name(), (Memory) item)); break;
                case TABLE: iv.addTable(new ImportTable(imp.module(), imp.name(), (TableInstance) item)); break;
                case GLOBAL: iv.addGlobal(new ImportGlobal(imp.module(), imp.name(), (GlobalInstance) item)); break;
                case TAG: iv.addTag(new ImportTag(imp.module(), imp.name(), (TagInstance) item)); break;
                default: throw new Trap("unsupported: core " + imp.kind() + " imports");
            }
        }
        // withStart(false): Chicory would otherwise call an exported "_start" (a WASI preview1 convention); the
        // component model runs only real start sections at instantiation
        Component.Current code = module.current(); // the module and its code, read once: they change together
        Instance.Builder b = Instance.builder(code.module()).withImportValues(iv.build()).withStart(false)
                .withTableFactory((table, init) -> new BridgingTable(table, init, component.bridgeModules()))
                .withMemoryFactory(this::memory);
        if (code.factory() != null) {
            b = b.withMachineFactory(code.factory());
        }
        try {
            Instance instance = b.build();
            for (int t : module.indirectTables()) {
                if (instance.table(t) instanceof BridgingTable bt) {
                    bt.addCaller(code.module());
                }
            }
            return new ChicoryInstance(instance, summary);
        } catch (ChicoryException e) {
            throw new Trap("core module instantiation trapped: " + e.getMessage(), e);
        }
    }

    /**
     * Linear memories are byte arrays (fastest on Chicory), capped at the engine's limit, their pages charged to the
     * engine's {@link MemoryBudget} (here the initial pages, at {@code memory.grow} the new ones).
     */
    private Memory memory(com.dylibso.chicory.wasm.types.MemoryLimits declared) {
        int max = component.engine().maxMemoryPages();
        int initial = declared.initialPages();
        if (initial > max) {
            throw new Trap("a core module declares a linear memory of " + initial
                    + " pages, more than the engine's limit of " + max + " pages");
        }
        MemoryBudget.Reservation account = store.memoryAccount(component.engine().memoryBudget());
        if (!account.grow(initial)) {
            MemoryBudget b = account.budget();
            throw new MemoryBudgetException("instantiation needs a linear memory of " + initial + " pages ("
                    + MemoryBudget.mib(initial * (long) Memory.PAGE_SIZE) + "), more than is left of the memory budget: "
                    + b);
        }
        com.dylibso.chicory.runtime.ByteArrayMemory m;
        try {
            m = new com.dylibso.chicory.runtime.ByteArrayMemory(new com.dylibso.chicory.wasm.types.MemoryLimits(
                    initial, Math.min(declared.maximumPages(), max), declared.shared()));
        } catch (OutOfMemoryError e) {
            account.shrink(initial);
            throw new MemoryBudgetException("instantiation needs a linear memory of " + initial + " pages ("
                    + MemoryBudget.mib(initial * (long) Memory.PAGE_SIZE) + "), more than the JVM heap has free");
        }
        // an instance that will be reset remembers what was written, so a reset copies back only that
        return new org.wasmcloud4j.component.abi.TrackedMemory(m, account, store.trackWrites);
    }

    private void canon(Frame f, Canon k) {
        if (k instanceof Canon.Lift lift) {
            FuncType ft = component.analysis().funcType(lift).orElseThrow(
                    () -> new Trap("unsupported: a lifted function whose type is unknown"));
            Canon.Options o = lift.options();
            f.funcs.add(new LiftedFunc(ft, f.coreFuncs.get(lift.coreFuncIndex()), memory(f, o), realloc(f, o),
                    o.postReturn().isPresent() ? f.coreFuncs.get(o.postReturn().getAsInt()) : null,
                    encoding(o), f, store, HandleBinding.of(ft, f, lift.typeIndex())));
        } else if (k instanceof Canon.Lower lower) {
            Object target = f.funcs.get(lower.funcIndex());
            if (!(target instanceof ComponentFunc cf)) {
                throw new Trap("unsupported: lowering a function of unknown type");
            }
            FuncType ft = component.analysis().funcType(lower).orElse(cf.type());
            Canon.Options o = lower.options();
            f.coreFuncs.add(LoweredFunc.create(ft, cf, memory(f, o), realloc(f, o), encoding(o), f.handles, f, store));
        } else if (k instanceof Canon.ResourceNew rn) {
            ResourceRuntimeType rt = resource(f, rn.typeIndex());
            f.coreFuncs.add(CoreFunc.synthetic(CoreFunc.chicoryType(List.of(CoreValType.I32), List.of(CoreValType.I32)),
                    (inst, a) -> new long[] {f.handles.newOwn(rt, (int) a[0])}));
        } else if (k instanceof Canon.ResourceRep rr) {
            ResourceRuntimeType rt = resource(f, rr.typeIndex());
            f.coreFuncs.add(CoreFunc.synthetic(CoreFunc.chicoryType(List.of(CoreValType.I32), List.of(CoreValType.I32)),
                    (inst, a) -> new long[] {f.handles.rep(a[0] & 0xffff_ffffL, rt)}));
        } else if (k instanceof Canon.ResourceDrop rd) {
            Object t = f.types.get(rd.typeIndex());
            f.coreFuncs.add(CoreFunc.synthetic(CoreFunc.chicoryType(List.of(CoreValType.I32), List.of()),
                    (inst, a) -> {
                        if (!(t instanceof ResourceRuntimeType rt)) {
                            throw new Trap("unsupported: resource.drop of a resource type this runtime cannot track");
                        }
                        f.handles.drop(a[0] & 0xffff_ffffL, rt);
                        return new long[0];
                    }));
        } else {
            throw new Trap("unsupported: async canonical built-ins");
        }
    }

    private static ResourceRuntimeType resource(Frame f, int typeIndex) {
        Object t = f.types.get(typeIndex);
        if (t instanceof ResourceRuntimeType rt) {
            return rt;
        }
        throw new Trap("type " + typeIndex + " is not a resource this instance defines");
    }

    private static Memory memory(Frame f, Canon.Options o) {
        return o.memory().isPresent() ? f.coreMemories.get(o.memory().getAsInt()) : null;
    }

    private static CoreFunc realloc(Frame f, Canon.Options o) {
        return o.realloc().isPresent() ? f.coreFuncs.get(o.realloc().getAsInt()) : null;
    }

    private static StringEncoding encoding(Canon.Options o) {
        switch (o.stringEncoding()) {
            case UTF16: return StringEncoding.UTF16;
            case LATIN1_UTF16: return StringEncoding.LATIN1_UTF16;
            default: return StringEncoding.UTF8;
        }
    }

    private Object instance(Frame f, InstanceDef d) {
        if (d instanceof InstanceDef.FromExports fe) {
            Map<String, Object> items = new LinkedHashMap<>();
            for (InstanceDef.Export e : fe.exports()) {
                items.put(e.name(), item(f, e.target()));
            }
            return new ComponentInstance(items);
        }
        InstanceDef.Instantiate in = (InstanceDef.Instantiate) d;
        Object c = f.components.get(in.componentIndex());
        if (!(c instanceof NestedComponent nested)) {
            throw new Trap("unsupported: instantiating an imported component");
        }
        Map<String, Object> args = new HashMap<>();
        for (InstanceDef.Arg a : in.args()) {
            args.put(a.name(), item(f, a.target()));
        }
        return new ComponentInstance(run(nested.component(), nested.outer(), args));
    }
}
