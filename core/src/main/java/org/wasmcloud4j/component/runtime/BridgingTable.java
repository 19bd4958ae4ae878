package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A table that stays callable through {@code call_indirect} when another core instance stores its functions in it.
 *
 * <p>Chicory 1.7.5 checks an indirect call by comparing the caller's type index with the index of the callee's
 * type in the callee's own module. Components built by wit-component fill a table of their "shim" module from a
 * separate "fixup" module, so the indices come from different modules and the check fails although the types are
 * equal. When such a function is stored, this table stores instead a one-function bridge instance whose type
 * section repeats the table owner's, so the indices agree; calls go straight through to the original function.
 */
final class BridgingTable extends TableInstance {
    /** What a bridge instance stands for. */
    private record Target(Instance instance, int funcId) {}

    /**
     * The bridge modules made for one component's tables, kept across its instantiations: a bridge module depends
     * only on the calling modules and the function type, and parsing one anew for every stored function was most of
     * what instantiating a component with a fixup module cost. Safe for concurrent instantiations; at most
     * {@value #MAX_MODULES} are kept (more are made and not kept).
     */
    static final class Modules {
        static final int MAX_MODULES = 4096;

        /**
         * The calling modules by identity (in the order they were added) and the bridged type. The callers are held
         * weakly: after a tiered switch the interpreter's parsed modules must not stay reachable through this cache.
         */
        private static final class Key {
            /** The callers: weak references in a stored key, the modules themselves in a lookup key. */
            private final Object[] callers;
            private final FunctionType type;
            private final int hash;

            private Key(Object[] callers, FunctionType type, int hash) {
                this.callers = callers;
                this.type = type;
                this.hash = hash;
            }

            /** A key to look up with (strong: nothing is allocated for the garbage collector to track). */
            static Key lookup(java.util.List<WasmModule> callers, FunctionType type) {
                int h = type.hashCode();
                for (WasmModule c : callers) {
                    h = 31 * h + System.identityHashCode(c);
                }
                return new Key(callers.toArray(), type, h);
            }

            /** This key as stored: its callers held weakly. */
            Key stored() {
                Object[] weak = new Object[callers.length];
                for (int i = 0; i < weak.length; i++) {
                    weak[i] = new java.lang.ref.WeakReference<>(callers[i]);
                }
                return new Key(weak, type, hash);
            }

            private static Object caller(Object o) {
                return o instanceof java.lang.ref.WeakReference<?> w ? w.get() : o;
            }

            /** Whether a caller has been collected: the entry can never be found again. */
            boolean stale() {
                for (Object c : callers) {
                    if (caller(c) == null) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public boolean equals(Object o) {
                if (!(o instanceof Key k) || k.hash != hash || k.callers.length != callers.length
                        || !k.type.equals(type)) {
                    return false;
                }
                for (int i = 0; i < callers.length; i++) {
                    Object mine = caller(callers[i]);
                    if (mine == null || caller(k.callers[i]) != mine) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }

        private final java.util.concurrent.ConcurrentHashMap<Key, java.util.Optional<WasmModule>> modules =
                new java.util.concurrent.ConcurrentHashMap<>();

        /** The bridge module for {@code type} and {@code callers}, made by {@code make} (null: none) when new. */
        WasmModule get(java.util.List<WasmModule> callers, FunctionType type,
                java.util.function.Supplier<WasmModule> make) {
            Key key = Key.lookup(callers, type);
            java.util.Optional<WasmModule> m = modules.get(key);
            if (m == null) {
                m = java.util.Optional.ofNullable(make.get());
                if (modules.size() % 64 == 63) {
                    modules.keySet().removeIf(Key::stale);
                }
                if (modules.size() < MAX_MODULES) {
                    java.util.Optional<WasmModule> raced = modules.putIfAbsent(key.stored(), m);
                    m = raced != null ? raced : m;
                }
            }
            return m.orElse(null);
        }

        /** How many are kept (for tests). */
        int size() {
            return modules.size();
        }
    }

    private final java.util.List<WasmModule> callers = new java.util.ArrayList<>();
    private final java.util.Map<Instance, Target> bridges;
    private final Modules bridgeModules;

    /** A table whose bridge modules come from (and go to) {@code bridgeModules}, shared by a component's tables. */
    BridgingTable(Table table, int initialValue, Modules bridgeModules) {
        super(table, initialValue);
        this.bridgeModules = bridgeModules;
        // one bridge per stored function, usually one per initial entry of a fixup module's small table; a large
        // table (most of whose entries need no bridge) grows the map as it needs
        this.bridges = new java.util.IdentityHashMap<>((int) Math.min(table.limits().min(), 128));
    }

    /** Which tables of {@code module} its code calls through with {@code call_indirect}. */
    static java.util.Set<Integer> indirectTables(WasmModule module) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (FunctionBody body : module.codeSection().functionBodies()) {
            for (Instruction i : body.instructions()) {
                if (i.opcode() == OpCode.CALL_INDIRECT || i.opcode() == OpCode.RETURN_CALL_INDIRECT) {
                    out.add((int) i.operand(1));
                }
            }
        }
        return out;
    }

    /**
     * Registers a module whose code calls through this table; functions stored so far are bridged again so that
     * every calling module's type indices agree.
     */
    void addCaller(WasmModule module) {
        for (WasmModule c : callers) {
            if (c == module) {   // by identity: WasmModule.equals compares whole modules
                return;
            }
        }
        callers.add(module);
        for (int i = 0; i < size(); i++) {
            Instance inst = instance(i);
            int ref = ref(i);
            if (inst != null && ref >= 0) {
                Target t = bridges.get(inst);
                if (t != null) {
                    setRef(i, t.funcId(), t.instance());
                } else {
                    setRef(i, ref, inst);
                }
            }
        }
    }

    /** Whether an entry was set (or the table grown or reset) since {@link #clean()}: a reset compares only then. */
    private boolean written;

    boolean written() {
        return written;
    }

    void clean() {
        written = false;
    }

    @Override
    public int grow(int size, int value, Instance instance) {
        written = true;
        return super.grow(size, value, instance);
    }

    @Override
    public void reset() {
        written = true;
        super.reset();
    }

    @Override
    public void setRef(int index, int value, Instance instance) {
        written = true;
        if (instance != null && value >= 0 && !bridges.containsKey(instance) && needsBridge(instance.module())) {
            Instance bridge = bridge(instance, value);
            if (bridge != null) {
                bridges.put(bridge, new Target(instance, value));
                super.setRef(index, 0, bridge);
                return;
            }
        }
        super.setRef(index, value, instance);
    }

    private boolean needsBridge(WasmModule target) {
        for (WasmModule c : callers) {
            if (c != target) {
                return true;
            }
        }
        return false;
    }

    private Instance bridge(Instance target, int funcId) {
        FunctionType type = target.type(target.functionType(funcId));
        WasmModule module = bridgeModules.get(callers, type, () -> bridgeModule(type));
        if (module == null) {
            return null;
        }
        ImportFunction call = new ImportFunction("bridge", "f", type,
                (inst, args) -> target.getMachine().call(funcId, args));
        // the bridge's only function is its import: calls skip Chicory's interpreter frame and go straight through
        return Instance.builder(module).withImportValues(ImportValues.builder().addFunction(call).build())
                .withMachineFactory(bridge -> (id, args) -> target.getMachine().call(funcId, args)).build();
    }

    /**
     * A module importing one function of {@code type}, whose type section has {@code type} at every index where a
     * calling module has it (and a different type elsewhere), so each caller's index passes Chicory's check.
     */
    private WasmModule bridgeModule(FunctionType type) {
        int length = 0;
        for (WasmModule c : callers) {
            length = Math.max(length, c.typeSection().typeCount());
        }
        FunctionType other = type.params().isEmpty() && type.returns().isEmpty()
                ? FunctionType.of(java.util.List.of(ValType.I32), java.util.List.of()) : FunctionType.empty();
        FunctionType[] types = new FunctionType[length];
        int first = -1;
        for (int i = 0; i < length; i++) {
            types[i] = other;
            for (WasmModule c : callers) {
                if (i < c.typeSection().typeCount() && c.typeSection().getType(i).equals(type)) {
                    types[i] = type;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
        }
        if (first < 0) {
            return null;
        }
        int last = length - 1;
        while (types[last] != type) {
            last--;   // the types after the last index a caller has this type at are never looked at
        }
        byte[] bytes = module(java.util.Arrays.copyOf(types, last + 1), first);
        return bytes == null ? null : Parser.parse(bytes);
    }

    /** A module with {@code types} as its type section and one function import of type {@code typeIndex}. */
    private static byte[] module(FunctionType[] types, int typeIndex) {
        ByteArrayOutputStream typeSection = new ByteArrayOutputStream();
        leb(typeSection, types.length);
        for (FunctionType t : types) {
            typeSection.write(0x60);
            if (!valTypes(typeSection, t.params()) || !valTypes(typeSection, t.returns())) {
                return null;
            }
        }
        ByteArrayOutputStream importSection = new ByteArrayOutputStream();
        leb(importSection, 1);
        name(importSection, "bridge");
        name(importSection, "f");
        importSection.write(0x00);
        leb(importSection, typeIndex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, typeSection.toByteArray());
        section(out, 2, importSection.toByteArray());
        return out.toByteArray();
    }

    private static boolean valTypes(ByteArrayOutputStream out, java.util.List<ValType> ts) {
        leb(out, ts.size());
        for (ValType v : ts) {
            if (v.equals(ValType.I32)) {
                out.write(0x7f);
            } else if (v.equals(ValType.I64)) {
                out.write(0x7e);
            } else if (v.equals(ValType.F32)) {
                out.write(0x7d);
            } else if (v.equals(ValType.F64)) {
                out.write(0x7c);
            } else {
                return false;
            }
        }
        return true;
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] body) {
        out.write(id);
        leb(out, body.length);
        out.writeBytes(body);
    }

    private static void name(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        leb(out, b.length);
        out.writeBytes(b);
    }

    private static void leb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }
}
