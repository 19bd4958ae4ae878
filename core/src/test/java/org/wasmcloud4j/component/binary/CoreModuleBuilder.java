package org.wasmcloud4j.component.binary;

import java.util.ArrayList;
import java.util.List;

/** Test-only builder of small core modules (sections in the canonical order). */
final class CoreModuleBuilder {
    static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private final List<CoreFuncType> types = new ArrayList<>();
    private final ByteWriter imports = new ByteWriter();
    private int importCount;
    private final List<Integer> funcs = new ArrayList<>();
    private final List<CoreExternType.Memory> memories = new ArrayList<>();
    private final ByteWriter globals = new ByteWriter();
    private int globalCount;
    private final ByteWriter exports = new ByteWriter();
    private int exportCount;
    private byte[] extraCustom;

    int type(CoreFuncType t) {
        types.add(t);
        return types.size() - 1;
    }

    CoreModuleBuilder importFunc(String module, String name, int typeIndex) {
        imports.name(module).name(name).u8(0x00).u32(typeIndex);
        importCount++;
        return this;
    }

    CoreModuleBuilder importType(String module, String name, CoreExternType t) {
        imports.name(module).name(name);
        ModelEncoder.coreExternType(imports, t);
        importCount++;
        return this;
    }

    CoreModuleBuilder func(int typeIndex) {
        funcs.add(typeIndex);
        return this;
    }

    CoreModuleBuilder memory(CoreExternType.Memory m) {
        memories.add(m);
        return this;
    }

    /** An i32 global initialised with {@code i32.const value}. */
    CoreModuleBuilder globalI32(boolean mutable, int value) {
        globals.u8(0x7f).u8(mutable ? 1 : 0).u8(0x41).s64(value).u8(0x0b);
        globalCount++;
        return this;
    }

    CoreModuleBuilder export(String name, int kind, int index) {
        exports.name(name).u8(kind).u32(index);
        exportCount++;
        return this;
    }

    CoreModuleBuilder custom(byte[] payload) {
        extraCustom = payload;
        return this;
    }

    byte[] build() {
        ByteWriter w = new ByteWriter().raw(PREAMBLE);
        if (!types.isEmpty()) {
            ByteWriter p = new ByteWriter().u32(types.size());
            types.forEach(t -> ModelEncoder.coreFuncType(p, t));
            w.section(1, p.toByteArray());
        }
        if (importCount > 0) {
            w.section(2, new ByteWriter().u32(importCount).raw(imports.toByteArray()).toByteArray());
        }
        if (!funcs.isEmpty()) {
            ByteWriter p = new ByteWriter().u32(funcs.size());
            funcs.forEach(p::u32);
            w.section(3, p.toByteArray());
        }
        if (!memories.isEmpty()) {
            ByteWriter p = new ByteWriter().u32(memories.size());
            for (CoreExternType.Memory m : memories) {
                ByteWriter t = new ByteWriter();
                ModelEncoder.coreExternType(t, m);
                byte[] b = t.toByteArray();
                p.raw(java.util.Arrays.copyOfRange(b, 1, b.length)); // drop the import kind byte
            }
            w.section(5, p.toByteArray());
        }
        if (globalCount > 0) {
            w.section(6, new ByteWriter().u32(globalCount).raw(globals.toByteArray()).toByteArray());
        }
        if (exportCount > 0) {
            w.section(7, new ByteWriter().u32(exportCount).raw(exports.toByteArray()).toByteArray());
        }
        if (!funcs.isEmpty()) {
            // each body: size 2, no locals, end
            ByteWriter p = new ByteWriter().u32(funcs.size());
            for (int i = 0; i < funcs.size(); i++) {
                p.u8(2).u8(0).u8(0x0b);
            }
            w.section(10, p.toByteArray());
        }
        if (extraCustom != null) {
            w.section(0, extraCustom);
        }
        return w.toByteArray();
    }
}
