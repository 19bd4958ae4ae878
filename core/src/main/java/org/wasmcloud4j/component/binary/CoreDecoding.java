package org.wasmcloud4j.component.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Decoding of core WebAssembly types and of the light {@link CoreModuleSummary}. */
final class CoreDecoding {
    private CoreDecoding() {
    }

    static String hex(int b) {
        return String.format("0x%02x", b);
    }

    // ---------------------------------------------------------------- core types

    static CoreValType valType(BinaryReader r, String what) {
        int at = r.pos();
        int b = r.peek(what);
        switch (b) {
            case 0x7f: r.u8(what); return CoreValType.Num.I32;
            case 0x7e: r.u8(what); return CoreValType.Num.I64;
            case 0x7d: r.u8(what); return CoreValType.Num.F32;
            case 0x7c: r.u8(what); return CoreValType.Num.F64;
            case 0x7b: r.u8(what); return CoreValType.Num.V128;
            case 0x63:
            case 0x64:
                r.u8(what);
                return heapRef(r, b == 0x63, what);
            case 0x65:
                throw new UnsupportedFeatureException(at, "shared reference type (shared-everything threads) in "
                        + what);
            default:
                CoreValType.AbstractHeapType h = CoreValType.AbstractHeapType.fromCode(b);
                if (h != null) {
                    r.u8(what);
                    return CoreValType.Ref.of(true, h);
                }
                if (b == 0x68 || b == 0x75) {
                    throw new UnsupportedFeatureException(at, "stack-switching reference type " + hex(b) + " in "
                            + what);
                }
                throw new DecodeException(at, "invalid core value type " + hex(b) + " for " + what);
        }
    }

    private static CoreValType.Ref heapRef(BinaryReader r, boolean nullable, String what) {
        int at = r.pos();
        int b = r.peek("heap type of " + what);
        if (b == 0x65) {
            throw new UnsupportedFeatureException(at, "shared heap type (shared-everything threads) in " + what);
        }
        if (b == 0x62) {
            throw new UnsupportedFeatureException(at, "exact heap type (custom descriptors) in " + what);
        }
        if ((b & 0xc0) == 0x40) {
            // single-byte negative s33: an abstract heap type
            CoreValType.AbstractHeapType h = CoreValType.AbstractHeapType.fromCode(b);
            if (h == null) {
                if (b == 0x68 || b == 0x75) {
                    throw new UnsupportedFeatureException(at, "stack-switching heap type " + hex(b) + " in " + what);
                }
                throw new DecodeException(at, "invalid heap type " + hex(b) + " in " + what);
            }
            r.u8(what);
            return CoreValType.Ref.of(nullable, h);
        }
        long idx = r.signed(33, "heap type of " + what);
        if (idx < 0) {
            throw new DecodeException(at, "invalid heap type " + idx + " in " + what);
        }
        if (idx > Integer.MAX_VALUE) {
            throw new DecodeException(at, "type index " + idx + " in heap type exceeds the implementation limit");
        }
        return CoreValType.Ref.concrete(nullable, (int) idx);
    }

    /** After the 0x60 opcode. */
    static CoreFuncType funcTypeBody(BinaryReader r) {
        int np = r.count("function type parameters", 1);
        List<CoreValType> params = BinaryReader.listFor(np);
        for (int i = 0; i < np; i++) {
            params.add(valType(r, "function type parameter"));
        }
        int nr = r.count("function type results", 1);
        List<CoreValType> results = BinaryReader.listFor(nr);
        for (int i = 0; i < nr; i++) {
            results.add(valType(r, "function type result"));
        }
        return new CoreFuncType(params, results);
    }

    /** A type definition inside a core module's type section or a module type: only function types. */
    static CoreFuncType funcTypeDef(BinaryReader r, String where) {
        int at = r.pos();
        int b = r.u8("core type opcode in " + where);
        if (b == 0x60) {
            return funcTypeBody(r);
        }
        throw gcOrInvalid(at, b, where);
    }

    static DecodeException gcOrInvalid(int at, int b, String where) {
        switch (b) {
            case 0x4e: return new UnsupportedFeatureException(at, "GC rec type in " + where);
            case 0x50: return new UnsupportedFeatureException(at, "GC sub type in " + where);
            case 0x4f: return new UnsupportedFeatureException(at, "GC final sub type in " + where);
            case 0x5f: return new UnsupportedFeatureException(at, "GC struct type in " + where);
            case 0x5e: return new UnsupportedFeatureException(at, "GC array type in " + where);
            case 0x5d: return new UnsupportedFeatureException(at, "stack-switching cont type in " + where);
            case 0x4d:
            case 0x4c:
                return new UnsupportedFeatureException(at, "custom-descriptor type in " + where);
            default:
                return new DecodeException(at, "invalid core type opcode " + hex(b) + " in " + where
                        + ": expected 0x60 (func)");
        }
    }

    static CoreExternType externType(BinaryReader r, String what) {
        int at = r.pos();
        int kind = r.u8("kind of " + what);
        switch (kind) {
            case 0x00:
                return new CoreExternType.Func(r.index("type index of " + what));
            case 0x01:
                return tableType(r, what);
            case 0x02:
                return memoryType(r, what);
            case 0x03:
                return globalType(r, what);
            case 0x04: {
                int attrAt = r.pos();
                int attr = r.u8("tag attribute of " + what);
                if (attr != 0) {
                    throw new DecodeException(attrAt, "invalid tag attribute " + hex(attr) + ": expected 0x00");
                }
                return new CoreExternType.Tag(r.index("type index of " + what));
            }
            case 0x20:
                throw new UnsupportedFeatureException(at, "exact function import (custom descriptors) in " + what);
            default:
                throw new DecodeException(at, "invalid kind " + hex(kind) + " of " + what
                        + ": expected 0x00 (func), 0x01 (table), 0x02 (memory), 0x03 (global) or 0x04 (tag)");
        }
    }

    static CoreExternType.Table tableType(BinaryReader r, String what) {
        int at = r.pos();
        CoreValType et = valType(r, "table element type of " + what);
        if (!(et instanceof CoreValType.Ref ref)) {
            throw new DecodeException(at, "table element type of " + what + " must be a reference type");
        }
        int flagsAt = r.pos();
        int flags = r.u8("table limits flags of " + what);
        if ((flags & 0x02) != 0) {
            throw new UnsupportedFeatureException(flagsAt, "shared table in " + what);
        }
        if ((flags & ~0x05) != 0) {
            throw new DecodeException(flagsAt, "invalid table limits flags " + hex(flags) + " in " + what);
        }
        boolean is64 = (flags & 0x04) != 0;
        long min = is64 ? r.u64("table minimum") : r.u32("table minimum");
        OptionalLong max = (flags & 0x01) != 0
                ? OptionalLong.of(is64 ? r.u64("table maximum") : r.u32("table maximum")) : OptionalLong.empty();
        return new CoreExternType.Table(ref, min, max, is64);
    }

    static CoreExternType.Memory memoryType(BinaryReader r, String what) {
        int flagsAt = r.pos();
        int flags = r.u8("memory limits flags of " + what);
        if ((flags & ~0x0f) != 0) {
            throw new DecodeException(flagsAt, "invalid memory limits flags " + hex(flags) + " in " + what);
        }
        boolean is64 = (flags & 0x04) != 0;
        long min = is64 ? r.u64("memory minimum") : r.u32("memory minimum");
        OptionalLong max = (flags & 0x01) != 0
                ? OptionalLong.of(is64 ? r.u64("memory maximum") : r.u32("memory maximum")) : OptionalLong.empty();
        OptionalInt pageSize = (flags & 0x08) != 0
                ? OptionalInt.of(r.index("memory page size log2")) : OptionalInt.empty();
        return new CoreExternType.Memory(min, max, (flags & 0x02) != 0, is64, pageSize);
    }

    static CoreExternType.Global globalType(BinaryReader r, String what) {
        CoreValType t = valType(r, "global type of " + what);
        int at = r.pos();
        int m = r.u8("global mutability of " + what);
        if (m == 0 || m == 1) {
            return new CoreExternType.Global(t, m == 1);
        }
        if (m == 2 || m == 3) {
            throw new UnsupportedFeatureException(at, "shared global in " + what);
        }
        throw new DecodeException(at, "invalid global mutability " + hex(m) + " in " + what
                + ": expected 0x00 or 0x01");
    }

    /** Skips a constant expression up to and including its {@code end}. */
    static void skipConstExpr(BinaryReader r, String what) {
        while (true) {
            int at = r.pos();
            int op = r.u8("instruction of " + what);
            switch (op) {
                case 0x0b:
                    return;
                case 0x41: r.signed(32, "i32.const immediate"); break;
                case 0x42: r.signed(64, "i64.const immediate"); break;
                case 0x43: r.skip(4, "f32.const immediate"); break;
                case 0x44: r.skip(8, "f64.const immediate"); break;
                case 0x23: r.u32("global.get index"); break;
                case 0xd2: r.u32("ref.func index"); break;
                case 0xd0: heapRef(r, true, "ref.null immediate"); break;
                case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e:
                    break;
                case 0xfd: {
                    long sub = r.u32("SIMD opcode");
                    if (sub != 12) {
                        throw new DecodeException(at, "invalid SIMD instruction " + sub + " in " + what);
                    }
                    r.skip(16, "v128.const immediate");
                    break;
                }
                case 0xfb:
                    throw new UnsupportedFeatureException(at, "GC instruction in " + what);
                default:
                    throw new DecodeException(at, "invalid opcode " + hex(op) + " in " + what);
            }
        }
    }

    // ---------------------------------------------------------------- module summary

    private static final int[] SECTION_RANK = new int[14];

    static {
        // custom 0 has no rank; order: type import function table memory tag global export start elem datacount
        // code data
        int[] order = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};
        for (int i = 0; i < order.length; i++) {
            SECTION_RANK[order[i]] = i + 1;
        }
    }

    private static final String[] SECTION_NAMES = {"custom", "type", "import", "function", "table", "memory",
        "global", "export", "start", "element", "code", "data", "data count", "tag"};

    /** Summarizes the core module in {@code [start, end)} of {@code buf}. */
    static CoreModuleSummary summarize(byte[] buf, int start, int end) {
        BinaryReader r = new BinaryReader(buf, start, end, "core module");
        int pre = r.pos();
        if (r.remaining() < 8) {
            throw new DecodeException(pre, "core module of " + r.remaining()
                    + " bytes is too short for the 8-byte preamble");
        }
        if (buf[pre] != 0 || buf[pre + 1] != 'a' || buf[pre + 2] != 's' || buf[pre + 3] != 'm') {
            throw new DecodeException(pre, "expected the \\0asm magic number of a core module");
        }
        if (buf[pre + 4] != 1 || buf[pre + 5] != 0 || buf[pre + 6] != 0 || buf[pre + 7] != 0) {
            throw new DecodeException(pre + 4, "expected core module version 1 (01 00 00 00)");
        }
        r.skip(8, "preamble");

        List<CoreFuncType> types = new ArrayList<>();
        List<CoreModuleSummary.Import> rawImports = new ArrayList<>();
        List<Integer> funcs = new ArrayList<>();
        List<CoreExternType.Table> tables = new ArrayList<>();
        List<CoreExternType.Memory> memories = new ArrayList<>();
        List<CoreExternType.Global> globals = new ArrayList<>();
        List<CoreExternType.Tag> tags = new ArrayList<>();
        List<int[]> rawExports = new ArrayList<>(); // (kind, index, nameIdx)
        List<String> exportNames = new ArrayList<>();
        int codeCount = 0;
        OptionalInt startFunc = OptionalInt.empty();
        int lastRank = 0;

        while (!r.atEnd()) {
            int secAt = r.pos();
            int id = r.u8("core section id");
            if (id > 13) {
                throw new DecodeException(secAt, "unknown core module section id " + id + " (expected 0 to 13)");
            }
            String name = SECTION_NAMES[id] + " section of a core module";
            long size = r.u32("size of " + name);
            BinaryReader s = r.sub(size, name);
            if (id != 0) {
                int rank = SECTION_RANK[id];
                if (rank <= lastRank) {
                    throw new DecodeException(secAt, "core module " + SECTION_NAMES[id]
                            + " section is out of order or duplicated");
                }
                lastRank = rank;
            }
            switch (id) {
                case 1: {
                    int n = s.count("core types", 1);
                    for (int i = 0; i < n; i++) {
                        types.add(funcTypeDef(s, "core module type section"));
                    }
                    break;
                }
                case 2: {
                    int n = s.count("core imports", 3);
                    for (int i = 0; i < n; i++) {
                        String module = s.name("import module name");
                        int nameAt = s.pos();
                        String item = s.name("import name");
                        if (item.isEmpty() && !s.atEnd() && (s.peek("") == 0x7f || s.peek("") == 0x7e)) {
                            throw new UnsupportedFeatureException(nameAt, "compact import encoding");
                        }
                        CoreExternType t = externType(s, "import " + module + "." + item);
                        rawImports.add(new CoreModuleSummary.Import(module, item, t, Optional.empty()));
                    }
                    break;
                }
                case 3: {
                    int n = s.count("function type indices", 1);
                    for (int i = 0; i < n; i++) {
                        funcs.add(s.index("function type index"));
                    }
                    break;
                }
                case 4: {
                    int n = s.count("tables", 2);
                    for (int i = 0; i < n; i++) {
                        if (s.peek("table") == 0x40) {
                            s.u8("table");
                            int zAt = s.pos();
                            int z = s.u8("table reserved byte");
                            if (z != 0) {
                                throw new DecodeException(zAt, "expected 0x00 after 0x40 in a table definition");
                            }
                            tables.add(tableType(s, "table"));
                            skipConstExpr(s, "table initializer");
                        } else {
                            tables.add(tableType(s, "table"));
                        }
                    }
                    break;
                }
                case 5: {
                    int n = s.count("memories", 2);
                    for (int i = 0; i < n; i++) {
                        memories.add(memoryType(s, "memory"));
                    }
                    break;
                }
                case 6: {
                    int n = s.count("globals", 3);
                    for (int i = 0; i < n; i++) {
                        globals.add(globalType(s, "global"));
                        skipConstExpr(s, "global initializer");
                    }
                    break;
                }
                case 7: {
                    int n = s.count("core exports", 3);
                    for (int i = 0; i < n; i++) {
                        String en = s.name("export name");
                        int kAt = s.pos();
                        int k = s.u8("export kind");
                        if (k > 4) {
                            throw new DecodeException(kAt, "invalid export kind " + hex(k) + " of export '" + en
                                    + "'");
                        }
                        int idx = s.index("export index");
                        exportNames.add(en);
                        rawExports.add(new int[] {k, idx, kAt});
                    }
                    break;
                }
                case 8:
                    startFunc = OptionalInt.of(s.index("start function index"));
                    break;
                case 0:
                    customSection(s);
                    break;
                case 9:
                    elementSection(s);
                    break;
                case 10:
                    codeCount = codeSection(s);
                    break;
                case 11:
                    dataSection(s);
                    break;
                case 12:
                    s.u32("data count");
                    break;
                case 13: {
                    int n = s.count("tags", 2);
                    for (int i = 0; i < n; i++) {
                        int aAt = s.pos();
                        int a = s.u8("tag attribute");
                        if (a != 0) {
                            throw new DecodeException(aAt, "invalid tag attribute " + hex(a) + ": expected 0x00");
                        }
                        tags.add(new CoreExternType.Tag(s.index("tag type index")));
                    }
                    break;
                }
            }
            if (!s.atEnd()) {
                throw new DecodeException(s.pos(), name + " declared " + size + " bytes but its contents ended at"
                        + " byte offset " + s.pos() + " (" + s.remaining() + " bytes early)");
            }
        }

        // resolve types
        List<CoreModuleSummary.Import> imports = new ArrayList<>(rawImports.size());
        List<CoreExternType> funcSpace = new ArrayList<>();
        List<CoreExternType> tableSpace = new ArrayList<>();
        List<CoreExternType> memSpace = new ArrayList<>();
        List<CoreExternType> globalSpace = new ArrayList<>();
        List<CoreExternType> tagSpace = new ArrayList<>();
        for (CoreModuleSummary.Import imp : rawImports) {
            Optional<CoreFuncType> ft = Optional.empty();
            CoreExternType t = imp.type();
            if (t instanceof CoreExternType.Func f) {
                ft = Optional.of(resolve(types, f.typeIndex(), start, "import " + imp.module() + "." + imp.name()));
                funcSpace.add(t);
            } else if (t instanceof CoreExternType.Table) {
                tableSpace.add(t);
            } else if (t instanceof CoreExternType.Memory) {
                memSpace.add(t);
            } else if (t instanceof CoreExternType.Global) {
                globalSpace.add(t);
            } else {
                tagSpace.add(t);
            }
            imports.add(new CoreModuleSummary.Import(imp.module(), imp.name(), t, ft));
        }
        for (int ti : funcs) {
            funcSpace.add(new CoreExternType.Func(ti));
        }
        tableSpace.addAll(tables);
        memSpace.addAll(memories);
        globalSpace.addAll(globals);
        tagSpace.addAll(tags);
        List<CoreModuleSummary.Export> exports = new ArrayList<>(rawExports.size());
        for (int i = 0; i < rawExports.size(); i++) {
            int[] e = rawExports.get(i);
            String en = exportNames.get(i);
            CoreSort kind = CoreSort.fromCode(e[0]);
            List<CoreExternType> space;
            switch (kind) {
                case FUNC: space = funcSpace; break;
                case TABLE: space = tableSpace; break;
                case MEMORY: space = memSpace; break;
                case GLOBAL: space = globalSpace; break;
                default: space = tagSpace; break;
            }
            if (e[1] >= space.size()) {
                throw new DecodeException(e[2], "export '" + en + "' refers to " + kind.name().toLowerCase()
                        + " " + e[1] + " but the module has only " + space.size());
            }
            CoreExternType t = space.get(e[1]);
            Optional<CoreFuncType> ft = t instanceof CoreExternType.Func f
                    ? Optional.of(resolve(types, f.typeIndex(), e[2], "export '" + en + "'")) : Optional.empty();
            exports.add(new CoreModuleSummary.Export(en, kind, e[1], t, ft));
        }
        return new CoreModuleSummary(types, imports, funcs, tables, memories, globals, tags, exports, codeCount,
                startFunc);
    }

    // ---------------------------------------------------------------- bounds of what Chicory allocates
    //
    // Chicory's parser allocates by declared lengths and counts (custom section names, data segments, element
    // segment item lists, locals). The sections below are not needed for the summary, but they are walked so that
    // every such length is checked against the bytes that remain before Chicory ever sees the module.

    /** Most locals one function may declare (Chicory's and wasmparser's limit). */
    static final int MAX_FUNCTION_LOCALS = 50_000;

    /** A custom section's name must fit in the section and be UTF-8; the rest is opaque here. */
    private static void customSection(BinaryReader s) {
        s.name("custom section name");
        s.skip(s.remaining(), "custom section contents");
    }

    private static void elementSection(BinaryReader s) {
        int n = s.count("element segments", 1);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            long flags = s.u32("element segment flags");
            if (flags > 7) {
                throw new DecodeException(at, "invalid element segment flags " + flags + ": expected 0 to 7");
            }
            boolean active = (flags & 1) == 0;
            boolean explicitTable = (flags & 2) != 0;
            boolean exprs = (flags & 4) != 0;
            if (active && explicitTable) {
                s.index("element segment table index");
            }
            if (active) {
                skipConstExpr(s, "element segment offset");
            }
            if (!active || explicitTable) {
                if (exprs) {
                    int rtAt = s.pos();
                    if (!(valType(s, "element segment type") instanceof CoreValType.Ref)) {
                        throw new DecodeException(rtAt, "element segment type must be a reference type");
                    }
                } else {
                    int kAt = s.pos();
                    int kind = s.u8("element segment kind");
                    if (kind != 0) {
                        throw new DecodeException(kAt, "invalid element kind " + hex(kind) + ": expected 0x00");
                    }
                }
            }
            int items = s.count("element segment items", exprs ? 2 : 1);
            for (int k = 0; k < items; k++) {
                if (exprs) {
                    skipConstExpr(s, "element segment item");
                } else {
                    s.index("element segment function index");
                }
            }
        }
    }

    /**
     * Checks each body's size and local declarations; returns the number of bodies. Instructions are left to
     * Chicory (whose allocations for them are bounded by the bytes each instruction reads). Locals are limited to
     * {@value #MAX_FUNCTION_LOCALS} per function and, over the whole section, to that many plus one per byte of the
     * section: a local declaration entry of a few bytes cannot make the parser build millions of entries.
     */
    private static int codeSection(BinaryReader s) {
        int n = s.count("function bodies", 1);
        long budget = MAX_FUNCTION_LOCALS + (long) s.remaining();
        long total = 0;
        for (int i = 0; i < n; i++) {
            int bodyAt = s.pos();
            long size = s.u32("size of function body " + i);
            if (size > s.remaining()) {
                throw new DecodeException(bodyAt, "function body " + i + " of " + size + " bytes exceeds the "
                        + s.remaining() + " bytes that remain in the code section");
            }
            BinaryReader b = s.sub(size, "function body " + i);
            int decls = b.count("local declarations of function body " + i, 2);
            long locals = 0;
            for (int d = 0; d < decls; d++) {
                int at = b.pos();
                locals += b.u32("local count");
                if (locals > MAX_FUNCTION_LOCALS) {
                    throw new DecodeException(at, "function body " + i + " declares more than " + MAX_FUNCTION_LOCALS
                            + " locals");
                }
                valType(b, "local");
            }
            total += locals;
            if (total > budget) {
                throw new DecodeException(bodyAt, "the code section declares " + total + " locals up to function body "
                        + i + ", more than " + budget + " (" + MAX_FUNCTION_LOCALS + " plus one per byte of the "
                        + "section)");
            }
            if (b.atEnd()) {
                throw new DecodeException(b.pos(), "function body " + i + " has no instructions (expected at least "
                        + "an end)");
            }
            b.skip(b.remaining(), "instructions");
        }
        return n;
    }

    private static void dataSection(BinaryReader s) {
        int n = s.count("data segments", 1);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            long mode = s.u32("data segment mode");
            if (mode == 2) {
                s.index("data segment memory index");
            } else if (mode > 2) {
                throw new DecodeException(at, "invalid data segment mode " + mode + ": expected 0, 1 or 2");
            }
            if (mode != 1) {
                skipConstExpr(s, "data segment offset");
            }
            int lenAt = s.pos();
            long len = s.u32("data segment length");
            if (len > s.remaining()) {
                throw new DecodeException(lenAt, "data segment " + i + " of " + len + " bytes exceeds the "
                        + s.remaining() + " bytes that remain in the data section");
            }
            s.skip((int) len, "data segment bytes");
        }
    }

    private static CoreFuncType resolve(List<CoreFuncType> types, int idx, long at, String what) {
        if (idx >= types.size()) {
            throw new DecodeException(at, what + " uses type index " + idx + " but the module has only "
                    + types.size() + " types");
        }
        return types.get(idx);
    }
}
