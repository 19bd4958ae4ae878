package org.wasmcloud4j.component.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.abi.CanonicalLayout;
import org.wasmcloud4j.component.abi.CoreSignature;
import org.wasmcloud4j.component.binary.Alias;
import org.wasmcloud4j.component.binary.Canon;
import org.wasmcloud4j.component.binary.CoreFuncType;
import org.wasmcloud4j.component.binary.CoreInstanceDef;
import org.wasmcloud4j.component.binary.CoreModuleSummary;
import org.wasmcloud4j.component.binary.CoreSort;
import org.wasmcloud4j.component.binary.CoreValType;
import org.wasmcloud4j.component.types.FuncType;

/**
 * The core index spaces of one component (modules, instances, functions; memories, tables and globals by kind
 * only) with the checks that tie them together: instantiation arguments, core export aliases, and the core
 * function types that {@code canon lift}, {@code realloc} and {@code post-return} must have.
 */
final class CoreSpaces {
    static final CoreValType I32 = CoreValType.Num.I32;

    /** A core export as seen through an instance: its kind and, for functions, its type (null when unknown). */
    private record CoreItem(CoreSort kind, CoreFuncType funcType) {}

    private final List<CoreModuleSummary> modules = new ArrayList<>();
    private final List<Map<String, CoreItem>> instances = new ArrayList<>();
    private final List<CoreFuncType> funcs = new ArrayList<>();
    private final Map<CoreSort, Integer> counts = new HashMap<>();

    void module(CoreModuleSummary summary) {
        modules.add(summary);
    }

    /** The core modules so far (null for one known only by index), as a snapshot for outer aliases. */
    List<CoreModuleSummary> modules() {
        return java.util.Collections.unmodifiableList(new ArrayList<>(modules));
    }

    /** A core module known only by index (an import): its exports are not checked. */
    void unknownModule() {
        modules.add(null);
    }

    void addFunc(CoreFuncType type) {
        funcs.add(type);
    }

    void instance(CoreInstanceDef def) {
        if (def instanceof CoreInstanceDef.Instantiate in) {
            if (in.moduleIndex() < 0 || in.moduleIndex() >= modules.size()) {
                throw new ValidationException(in.offset(), "unknown core module " + in.moduleIndex()
                        + ": module index out of bounds");
            }
            CoreModuleSummary m = modules.get(in.moduleIndex());
            Map<String, Integer> args = new HashMap<>();
            for (CoreInstanceDef.Arg a : in.args()) {
                if (a.instanceIndex() < 0 || a.instanceIndex() >= instances.size()) {
                    throw new ValidationException(in.offset(), "unknown core instance " + a.instanceIndex()
                            + " passed as argument '" + a.name() + "'");
                }
                args.put(a.name(), a.instanceIndex());
            }
            if (m == null) {
                instances.add(null); // a module this pass cannot see (outer alias, import): exports unknown
                return;
            }
            for (CoreModuleSummary.Import imp : m.imports()) {
                Integer inst = args.get(imp.module());
                if (inst == null) {
                    throw new ValidationException(in.offset(), "missing module instantiation argument named '"
                            + imp.module() + "'");
                }
                if (instances.get(inst) == null) {
                    continue;
                }
                CoreItem item = instances.get(inst).get(imp.name());
                if (item == null) {
                    throw new ValidationException(in.offset(), "instantiation argument '" + imp.module()
                            + "' has no export named '" + imp.name() + "'");
                }
                if (imp.funcType().isPresent() && item.funcType() != null
                        && !imp.funcType().get().equals(item.funcType())) {
                    throw new ValidationException(in.offset(), "import " + imp.module() + "::" + imp.name()
                            + " expects " + imp.funcType().get() + " but the argument provides " + item.funcType());
                }
            }
            Map<String, CoreItem> exports = new HashMap<>();
            for (CoreModuleSummary.Export e : m.exports()) {
                exports.put(e.name(), new CoreItem(e.kind(), e.funcType().orElse(null)));
            }
            instances.add(exports);
        } else {
            CoreInstanceDef.FromExports fe = (CoreInstanceDef.FromExports) def;
            Map<String, CoreItem> exports = new HashMap<>();
            for (CoreInstanceDef.Export e : fe.exports()) {
                if (!EXPORTABLE.contains(e.sort())) {
                    throw new ValidationException(fe.offset(), "export '" + e.name() + "': a core instance cannot "
                            + "export a core " + name(e.sort()) + "; core instances export only " + EXPORTABLE_TEXT);
                }
                checkIndex(e.sort(), e.index(), fe.offset());
                exports.put(e.name(), new CoreItem(e.sort(), e.sort() == CoreSort.FUNC ? funcs.get(e.index()) : null));
            }
            instances.add(exports);
        }
    }

    void alias(Alias.CoreInstanceExport a) {
        if (a.coreInstanceIndex() < 0 || a.coreInstanceIndex() >= instances.size()) {
            throw new ValidationException(a.offset(), "unknown core instance " + a.coreInstanceIndex()
                    + ": instance index out of bounds");
        }
        if (!EXPORTABLE.contains(a.coreSort())) {
            throw new ValidationException(a.offset(), "alias of core " + name(a.coreSort()) + " '" + a.name()
                    + "': core instances export only " + EXPORTABLE_TEXT);
        }
        if (instances.get(a.coreInstanceIndex()) == null) {
            if (a.coreSort() == CoreSort.FUNC) {
                funcs.add(null);
            } else {
                counts.merge(a.coreSort(), 1, Integer::sum);
            }
            return;
        }
        CoreItem item = instances.get(a.coreInstanceIndex()).get(a.name());
        if (item == null) {
            throw new ValidationException(a.offset(), "core instance " + a.coreInstanceIndex()
                    + " has no export named '" + a.name() + "'");
        }
        if (item.kind() != a.coreSort()) {
            throw new ValidationException(a.offset(), "core export '" + a.name() + "' is a " + item.kind()
                    + ", not a " + a.coreSort());
        }
        if (a.coreSort() == CoreSort.FUNC) {
            funcs.add(item.funcType());
        } else {
            counts.merge(a.coreSort(), 1, Integer::sum);
        }
    }

    void checkLift(FuncType f, Canon.Lift lift) {
        checkMemory(lift.options(), lift.offset());
        checkRealloc(lift.options(), lift.offset());
        CoreSignature sig = CanonicalLayout.signature(f, CanonicalLayout.Direction.LIFT);
        if (lift.options().postReturn().isPresent()) {
            CoreFuncType post = func(lift.options().postReturn().getAsInt(), lift.offset());
            CoreFuncType want = coreType(sig.results(), List.of());
            if (post != null && !post.equals(want)) {
                throw new ValidationException(lift.offset(), "post-return function has type " + post + ", expected "
                        + want);
            }
        }
        CoreFuncType core = func(lift.coreFuncIndex(), lift.offset());
        CoreFuncType expected = coreType(sig.params(), sig.results());
        if (core != null && !core.equals(expected)) {
            throw new ValidationException(lift.offset(), "core function " + lift.coreFuncIndex() + " has type "
                    + core + " but lifting " + f + " needs " + expected);
        }
    }

    void lower(FuncType f, Canon.Lower lower) {
        checkMemory(lower.options(), lower.offset());
        checkRealloc(lower.options(), lower.offset());
        if (f == null) {
            funcs.add(null);
            return;
        }
        CoreSignature sig = CanonicalLayout.signature(f, CanonicalLayout.Direction.LOWER);
        funcs.add(coreType(sig.params(), sig.results()));
    }

    /** The core sorts a core instance can export (and so the sorts of core export aliases). */
    private static final java.util.Set<CoreSort> EXPORTABLE = java.util.EnumSet.of(CoreSort.FUNC, CoreSort.TABLE,
            CoreSort.MEMORY, CoreSort.GLOBAL, CoreSort.TAG);
    private static final String EXPORTABLE_TEXT = "functions, tables, memories, globals and tags";

    /** {@code n} core types defined (a core type section) or aliased. */
    void coreTypes(int n) {
        counts.merge(CoreSort.TYPE, n, Integer::sum);
    }

    /** How many items the core index space of {@code sort} holds so far. */
    int size(CoreSort sort) {
        switch (sort) {
            case FUNC: return funcs.size();
            case MODULE: return modules.size();
            case INSTANCE: return instances.size();
            default: return counts.getOrDefault(sort, 0);
        }
    }

    /** Checks that {@code index} is in the core index space of {@code sort}. */
    void checkIndex(CoreSort sort, int index, long offset) {
        int size = size(sort);
        if (index < 0 || index >= size) {
            throw new ValidationException(offset, "unknown core " + name(sort) + " " + index
                    + ": index out of bounds (there are " + size + ")");
        }
    }

    /** The summary of core module {@code index}, or null when this pass cannot see it (imports, aliases). */
    CoreModuleSummary moduleAt(int index, long offset) {
        checkIndex(CoreSort.MODULE, index, offset);
        return modules.get(index);
    }

    /**
     * Checks a resource type's destructor: a core function of type {@code (i32) -> ()} defined before the type.
     */
    void checkDestructor(java.util.OptionalInt destructor, long offset) {
        if (destructor.isPresent()) {
            CoreFuncType d = func(destructor.getAsInt(), offset);
            CoreFuncType want = new CoreFuncType(List.of(I32), List.of());
            if (d != null && !d.equals(want)) {
                throw new ValidationException(offset, "resource destructor must have type (i32) -> (), found " + d);
            }
        }
    }

    private static String name(CoreSort sort) {
        return sort.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void checkMemory(Canon.Options o, long offset) {
        if (o.memory().isPresent()) {
            checkIndex(CoreSort.MEMORY, o.memory().getAsInt(), offset);
        }
    }

    private void checkRealloc(Canon.Options o, long offset) {
        if (o.realloc().isPresent()) {
            CoreFuncType r = func(o.realloc().getAsInt(), offset);
            CoreFuncType want = new CoreFuncType(List.of(I32, I32, I32, I32), List.of(I32));
            if (r != null && !r.equals(want)) {
                throw new ValidationException(offset, "canonical option 'realloc' must have type (i32 i32 i32 i32) "
                        + "-> i32, found " + r);
            }
        }
    }

    private CoreFuncType func(int index, long offset) {
        if (index < 0 || index >= funcs.size()) {
            throw new ValidationException(offset, "unknown core function " + index + ": index out of bounds");
        }
        return funcs.get(index);
    }

    private static CoreFuncType coreType(List<org.wasmcloud4j.component.abi.CoreValType> params,
            List<org.wasmcloud4j.component.abi.CoreValType> results) {
        return new CoreFuncType(params.stream().map(CoreSpaces::num).toList(),
                results.stream().map(CoreSpaces::num).toList());
    }

    private static CoreValType num(org.wasmcloud4j.component.abi.CoreValType t) {
        switch (t) {
            case I32: return CoreValType.Num.I32;
            case I64: return CoreValType.Num.I64;
            case F32: return CoreValType.Num.F32;
            default: return CoreValType.Num.F64;
        }
    }
}
