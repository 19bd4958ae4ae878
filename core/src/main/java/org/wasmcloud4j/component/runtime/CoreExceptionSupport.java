package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.CatchOpCode;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.TagType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.binary.Alias;
import org.wasmcloud4j.component.binary.CoreInstanceDef;
import org.wasmcloud4j.component.binary.CoreSort;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.ExportDef;
import org.wasmcloud4j.component.binary.ImportDef;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.binary.Sort;
import org.wasmcloud4j.component.validate.ValidationException;

/**
 * What of the exception-handling proposal Chicory 1.7.5 runs between core instances, checked when a component is
 * loaded so that what it does not run is refused then ({@code unsupported:}), never when a call happens to throw.
 *
 * <p>Chicory runs tags defined in one core instance and imported by others, {@code throw}, and {@code try_table}
 * catches across direct calls of imported functions. Two things it does not run faithfully:
 * <ul>
 *   <li>an exception thrown by a function of another core instance reached through {@code call_indirect} is not
 *       caught by the caller's {@code try_table} (the interpreter and the compiler do not catch around a
 *       cross-instance indirect call): refused when a module catches around an indirect call on a table that holds
 *       functions of another core instance (a table written by an instance other than the caller);</li>
 *   <li>a {@code catch} naming an imported tag matches any exception whose tag has the same type, not the same tag:
 *       refused when such a catch exists and two tags of the component have the same type.</li>
 * </ul>
 * Components without tags (nearly all) are passed at once: without a tag nothing can be thrown.
 */
final class CoreExceptionSupport {
    /** A table in one component's core instances, by identity. */
    private static final class Table {}

    private CoreExceptionSupport() {}

    /**
     * @param modules the parsed core module of each core module section (of this component and nested ones)
     * @throws ValidationException ({@code unsupported:}) for exception handling Chicory would not run as specified
     */
    static void check(DecodedComponent component, Map<Section.CoreModule, WasmModule> modules) {
        component(component, modules);
    }

    private static void component(DecodedComponent c, Map<Section.CoreModule, WasmModule> parsed) {
        List<Section.CoreModule> defined = new ArrayList<>();
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                defined.add(m);
            } else if (s instanceof Section.Component nested) {
                component(nested.component(), parsed);
            }
        }
        boolean tags = false;
        for (Section.CoreModule m : defined) {
            WasmModule w = parsed.get(m);
            tags |= w != null && (w.tagSection().map(t -> t.tagCount() > 0).orElse(false)
                    || w.importSection().count(ExternalType.TAG) > 0);
        }
        if (!tags) {
            return;
        }
        checkImportedTagCatches(c, defined, parsed);
        checkIndirectCalls(c, parsed);
    }

    private static void checkImportedTagCatches(DecodedComponent c, List<Section.CoreModule> defined,
            Map<Section.CoreModule, WasmModule> parsed) {
        List<FunctionType> tagTypes = new ArrayList<>();
        Section.CoreModule catcher = null;
        for (Section.CoreModule m : defined) {
            WasmModule w = parsed.get(m);
            w.tagSection().ifPresent(ts -> {
                for (TagType t : ts.types()) {
                    tagTypes.add(w.typeSection().getType(t.typeIdx()));
                }
            });
            int importedTags = w.importSection().count(ExternalType.TAG);
            if (importedTags > 0 && catcher == null && catchesTagBelow(w, importedTags)) {
                catcher = m;
            }
        }
        if (catcher != null && new HashSet<>(tagTypes).size() < tagTypes.size()) {
            throw new ValidationException(catcher.offset(), "unsupported: a core module catches exceptions by an "
                    + "imported tag while two tags of the component have the same type (Chicory 1.7.5 matches "
                    + "imported tags by type, so it would catch the other tag's exceptions too)");
        }
    }

    private static boolean catchesTagBelow(WasmModule w, int importedTags) {
        for (FunctionBody body : w.codeSection().functionBodies()) {
            for (Instruction i : body.instructions()) {
                if (i.opcode() == OpCode.TRY_TABLE) {
                    for (CatchOpCode.Catch k : CatchOpCode.decode(i.operands())) {
                        if ((k.opcode() == CatchOpCode.CATCH || k.opcode() == CatchOpCode.CATCH_REF)
                                && k.tag() < importedTags) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Replays the core instances of one component far enough to know which instances share which tables. */
    private static void checkIndirectCalls(DecodedComponent c, Map<Section.CoreModule, WasmModule> parsed) {
        List<WasmModule> modules = new ArrayList<>();           // null: a module known only by index
        List<Map<String, Table>> instances = new ArrayList<>();  // exported tables; null: unknown
        List<Table> tables = new ArrayList<>();                  // core table index space (null: unknown)
        Map<Table, List<Object>> writers = new IdentityHashMap<>();
        Map<Table, List<Object>> catchers = new IdentityHashMap<>();
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                modules.add(parsed.get(m));
            } else if (s instanceof Section.Imports is) {
                for (ImportDef imp : is.imports()) {
                    if (imp.type() instanceof org.wasmcloud4j.component.binary.ExternType.CoreModule) {
                        modules.add(null);
                    }
                }
            } else if (s instanceof Section.Aliases as) {
                for (Alias a : as.aliases()) {
                    if (a instanceof Alias.CoreInstanceExport ce && ce.coreSort() == CoreSort.TABLE) {
                        Map<String, Table> inst = at(instances, ce.coreInstanceIndex());
                        tables.add(inst == null ? null : inst.get(ce.name()));
                    } else if (a.sort() == Sort.CORE_MODULE) {
                        modules.add(null);
                    }
                }
            } else if (s instanceof Section.Exports es) {
                for (ExportDef e : es.exports()) {
                    if (e.target().sort() == Sort.CORE_MODULE) {
                        modules.add(at(modules, e.target().index()));
                    }
                }
            } else if (s instanceof Section.CoreInstances ci) {
                for (CoreInstanceDef d : ci.instances()) {
                    instances.add(instance(d, modules, instances, tables, writers, catchers));
                }
            }
        }
        for (Map.Entry<Table, List<Object>> e : catchers.entrySet()) {
            for (Object caller : e.getValue()) {
                for (Object writer : writers.getOrDefault(e.getKey(), List.of())) {
                    if (writer != caller) {
                        throw new ValidationException(((CoreInstanceDef) caller).offset(), "unsupported: a core "
                                + "instance catches exceptions around call_indirect on a table that holds functions "
                                + "of another core instance (Chicory 1.7.5 does not catch exceptions thrown through "
                                + "a cross-instance indirect call)");
                    }
                }
            }
        }
    }

    private static Map<String, Table> instance(CoreInstanceDef d, List<WasmModule> modules,
            List<Map<String, Table>> instances, List<Table> tables, Map<Table, List<Object>> writers,
            Map<Table, List<Object>> catchers) {
        if (d instanceof CoreInstanceDef.FromExports fe) {
            Map<String, Table> out = new HashMap<>();
            for (CoreInstanceDef.Export e : fe.exports()) {
                if (e.sort() == CoreSort.TABLE) {
                    Table t = at(tables, e.index());
                    if (t != null) {
                        out.put(e.name(), t);
                    }
                }
            }
            return out;
        }
        CoreInstanceDef.Instantiate in = (CoreInstanceDef.Instantiate) d;
        WasmModule m = at(modules, in.moduleIndex());
        if (m == null) {
            return null;
        }
        Map<String, Map<String, Table>> args = new HashMap<>();
        in.args().forEach(a -> args.put(a.name(), at(instances, a.instanceIndex())));
        List<Table> own = new ArrayList<>();   // this instance's table index space
        for (int i = 0; i < m.importSection().importCount(); i++) {
            Import imp = m.importSection().getImport(i);
            if (imp.importType() == ExternalType.TABLE) {
                Map<String, Table> from = args.get(imp.module());
                own.add(from == null ? null : from.get(imp.name()));
            }
        }
        int defined = m.tableSection().tableCount();
        for (int i = 0; i < defined; i++) {
            own.add(new Table());
        }
        for (int i = 0; i < own.size(); i++) {
            Table t = own.get(i);
            if (t == null) {
                continue;
            }
            if (writesTo(m, i)) {
                writers.computeIfAbsent(t, k -> new ArrayList<>()).add(d);
            }
            if (catchesAroundCallsOn(m, i)) {
                catchers.computeIfAbsent(t, k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, Table> out = new HashMap<>();
        for (int i = 0; i < m.exportSection().exportCount(); i++) {
            Export e = m.exportSection().getExport(i);
            if (e.exportType() == ExternalType.TABLE && e.index() < own.size() && own.get(e.index()) != null) {
                out.put(e.name(), own.get(e.index()));
            }
        }
        return out;
    }

    /** Whether the module stores functions into its table {@code index} (element segments or table instructions). */
    private static boolean writesTo(WasmModule m, int index) {
        for (Element e : m.elementSection().elements()) {
            if (e instanceof ActiveElement a && a.tableIndex() == index) {
                return true;
            }
        }
        for (FunctionBody body : m.codeSection().functionBodies()) {
            for (Instruction i : body.instructions()) {
                OpCode op = i.opcode();
                if ((op == OpCode.TABLE_SET || op == OpCode.TABLE_FILL || op == OpCode.TABLE_GROW)
                        && i.operand(0) == index
                        || op == OpCode.TABLE_INIT && i.operand(1) == index
                        || op == OpCode.TABLE_COPY && i.operand(0) == index) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the module has a try_table and calls through its table {@code index} with call_indirect. */
    private static boolean catchesAroundCallsOn(WasmModule m, int index) {
        boolean catches = false;
        boolean calls = false;
        for (FunctionBody body : m.codeSection().functionBodies()) {
            for (Instruction i : body.instructions()) {
                catches |= i.opcode() == OpCode.TRY_TABLE;
                calls |= (i.opcode() == OpCode.CALL_INDIRECT || i.opcode() == OpCode.RETURN_CALL_INDIRECT)
                        && i.operand(1) == index;
            }
        }
        return catches && calls;
    }

    private static <T> T at(List<T> list, int index) {
        return index >= 0 && index < list.size() ? list.get(index) : null;
    }
}
