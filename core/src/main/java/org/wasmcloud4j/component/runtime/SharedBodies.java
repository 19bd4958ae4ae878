package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses the module the huge-function splitter made of a module Chicory has parsed already, decoding only the bodies
 * the splitter changed or added. Every other body is the very {@link FunctionBody} of the first parse: Chicory's
 * bodies are immutable, so the two modules share them. In tiered mode the interpreter runs the module as it is while
 * the background compiler needs it split; with this the compiler's module costs a few per cent of a second parse, in
 * time and in heap, instead of all of it (the SpiderMonkey greeter: 12 MB of code, about 400 MB of instruction
 * objects per parse).
 *
 * <p>The assembled module is validated by Chicory as a parse would validate it. Anything unexpected (a layout that
 * does not scan, a body count that does not match) returns {@code null}, and the caller parses the split module in
 * full.
 */
final class SharedBodies {
    private SharedBodies() {}

    /** Where a module's sections and code bodies are. */
    record Layout(List<int[]> sections, int[] bodyStart, int[] bodyEnd) {
        /** The section with {@code id} as {@code {id, start of its id byte, end}}, or null. */
        int[] section(int id) {
            for (int[] s : sections) {
                if (s[0] == id) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * {@code split} (made by the splitter from {@code original}) parsed and validated, sharing the bodies of
     * {@code whole} (Chicory's parse of {@code original}, unsplit) that the splitter left as they are; {@code null}
     * when the modules do not line up that way.
     */
    static WasmModule parse(byte[] original, WasmModule whole, byte[] split,
            Map<String, Function<byte[], CustomSection>> customParsers) {
        Layout from = layout(original);
        Layout to = layout(split);
        if (from == null || to == null) {
            return null;
        }
        int n0 = from.bodyStart().length;
        int n1 = to.bodyStart().length;
        if (whole.codeSection().functionBodyCount() != n0 || n1 < n0) {
            return null;   // not the unsplit parse of these bytes
        }
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < n1; i++) {
            if (i >= n0 || !Arrays.equals(original, from.bodyStart()[i], from.bodyEnd()[i],
                    split, to.bodyStart()[i], to.bodyEnd()[i])) {
                fresh.add(i);
            }
        }
        CodeSection parsedFresh = parseBodies(split, to, fresh, customParsers);
        if (parsedFresh == null || parsedFresh.functionBodyCount() != fresh.size()) {
            return null;
        }
        FunctionBody[] bodies = new FunctionBody[n1];
        for (int i = 0; i < n0; i++) {
            bodies[i] = whole.codeSection().getFunctionBody(i);
        }
        for (int k = 0; k < fresh.size(); k++) {
            bodies[fresh.get(k)] = parsedFresh.getFunctionBody(k);
        }
        CodeSection.Builder code = CodeSection.builder();
        for (FunctionBody b : bodies) {
            code.addFunctionBody(b);
        }
        code.setRequiresDataCount(whole.codeSection().isRequiresDataCount() || parsedFresh.isRequiresDataCount());
        WasmModule.Builder module = withoutCode(split, to, customParsers);
        module.setCodeSection(code.build());
        return ParallelParse.validated(module);
    }

    /** Every section of {@code b} (laid out as {@code l}) but its code section, decoded by Chicory unvalidated. */
    static WasmModule.Builder withoutCode(byte[] b, Layout l, Map<String, Function<byte[], CustomSection>> customParsers) {
        WasmModule.Builder module = WasmModule.builder();
        int[] codeSection = l.section(10);
        FunctionOutliner.Out rest = new FunctionOutliner.Out();
        rest.bytes(b, 0, codeSection[1]);
        rest.bytes(b, codeSection[2], b.length);
        Parser.builder().withCustomParsers(customParsers).withValidation(false).build()
                .parse(new ByteArrayInputStream(rest.toArray()), s -> put(module, s));
        return module;
    }

    /** Bodies {@code which} of {@code split} decoded by Chicory, in a module of its type section and those bodies. */
    static CodeSection parseBodies(byte[] split, Layout l, List<Integer> which,
            Map<String, Function<byte[], CustomSection>> customParsers) {
        FunctionOutliner.Out m = new FunctionOutliner.Out();
        m.bytes(split, 0, 8);
        for (int id : new int[] {1, 12}) {   // block types and locals need the types; memory.init the data count
            int[] s = l.section(id);
            if (s != null) {
                m.bytes(split, s[1], s[2]);
            }
        }
        FunctionOutliner.Out code = new FunctionOutliner.Out();
        code.u32(which.size());
        for (int i : which) {
            code.u32(l.bodyEnd()[i] - l.bodyStart()[i]);
            code.bytes(split, l.bodyStart()[i], l.bodyEnd()[i]);
        }
        m.section(10, code);
        CodeSection[] out = {null};
        Parser.builder().withCustomParsers(customParsers).withValidation(false).build()
                .parse(new ByteArrayInputStream(m.toArray()), s -> {
                    if (s instanceof CodeSection c) {
                        out[0] = c;
                    }
                });
        return out[0];
    }

    static void put(WasmModule.Builder m, Section s) {
        switch (s.sectionId()) {
            case 0 -> m.addCustomSection(((CustomSection) s).name(), (CustomSection) s);
            case 1 -> m.setTypeSection((TypeSection) s);
            case 2 -> m.setImportSection((ImportSection) s);
            case 3 -> m.setFunctionSection((FunctionSection) s);
            case 4 -> m.setTableSection((TableSection) s);
            case 5 -> m.setMemorySection((MemorySection) s);
            case 6 -> m.setGlobalSection((GlobalSection) s);
            case 7 -> m.setExportSection((ExportSection) s);
            case 8 -> m.setStartSection((StartSection) s);
            case 9 -> m.setElementSection((ElementSection) s);
            case 11 -> m.setDataSection((DataSection) s);
            case 12 -> m.setDataCountSection((DataCountSection) s);
            case 13 -> m.setTagSection((TagSection) s);
            default -> m.addIgnoredSection(s.sectionId());
        }
    }

    /** The sections and body payload ranges of {@code b}; null when it does not scan or has no code section. */
    static Layout layout(byte[] b) {
        if (b.length < 8) {
            return null;
        }
        try {
            List<int[]> sections = new ArrayList<>();
            int[] pos = {8};
            int[] starts = null;
            int[] ends = null;
            while (pos[0] < b.length) {
                int sectionStart = pos[0];
                int id = b[pos[0]++] & 0xff;
                long size = FunctionCode.u32(b, pos, b.length);
                int payload = pos[0];
                if (size > b.length - payload) {
                    return null;
                }
                int end = payload + (int) size;
                sections.add(new int[] {id, sectionStart, end});
                if (id == 10) {
                    long count = FunctionCode.u32(b, pos, end);
                    if (count > size) {
                        return null;
                    }
                    starts = new int[(int) count];
                    ends = new int[(int) count];
                    for (int i = 0; i < count; i++) {
                        long n = FunctionCode.u32(b, pos, end);
                        if (n > end - pos[0]) {
                            return null;
                        }
                        starts[i] = pos[0];
                        ends[i] = pos[0] + (int) n;
                        pos[0] = ends[i];
                    }
                }
                pos[0] = end;
            }
            return starts == null ? null : new Layout(sections, starts, ends);
        } catch (FunctionCode.Unsupported e) {   // a length that does not decode
            return null;
        }
    }
}
