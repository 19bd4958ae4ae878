package org.wasmcloud4j.component.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a core module so that no function body is larger than a limit, by outlining regions of large bodies
 * into new functions ({@link FunctionOutliner}); docs/huge-functions.md explains why (Chicory compiles each Wasm
 * function to one JVM method, methods over 64 KiB fall back to its interpreter, and HotSpot never compiles methods
 * over 8000 bytes of bytecode).
 *
 * <p>The module's meaning is unchanged: existing function, type, table and global indices stay as they are; new
 * types and functions are appended. A body the splitter does not understand (an opcode it does not know, SIMD,
 * exceptions, tail calls) is left as it is. The rewrite works on guest-controlled bytes: every length is checked
 * before use, and anything unexpected leaves the module unchanged rather than failing.
 */
final class HugeFunctionSplitter {
    private static final Logger LOG = LoggerFactory.getLogger(HugeFunctionSplitter.class);
    /** Part of the compiled-code cache key: bump it whenever the output for some input changes. */
    static final int VERSION = 1;
    /**
     * Bodies above this many bytes are split. Chicory 1.7.5 makes about 1.1-1.4 bytes of JVM bytecode per byte of Wasm
     * code and HotSpot compiles no method over 8000; 7000 gave the fastest SpiderMonkey greeter of 3000-10000
     * (docs/benchmarks.md).
     */
    static final int DEFAULT_LIMIT = 7_000;
    private static final int MAX_ROUNDS = 8;
    /** The most the split module may grow: this many times the original plus {@link #GROWTH_SLACK} bytes. */
    private static final int GROWTH_FACTOR = 3;
    private static final int GROWTH_SLACK = 1 << 20;

    private HugeFunctionSplitter() {}

    /** The outcome: the module's bytes (the input itself when nothing was split) and how many bodies were split. */
    record Split(byte[] bytes, int functionsSplit, int piecesAdded) {}

    /** Splits the bodies of {@code module} larger than {@link #DEFAULT_LIMIT}. */
    static Split split(byte[] module) {
        return split(module, DEFAULT_LIMIT);
    }

    /** Splits the bodies of {@code module} larger than {@code limit} bytes. */
    static Split split(byte[] module, int limit) {
        try {
            if (module.length < 8 || FunctionBodySizes.largestBody(module, 0) <= limit) {
                return new Split(module, 0, 0);
            }
            return new HugeFunctionSplitter.Run(module, limit).run();
        } catch (FunctionCode.Unsupported | RuntimeException e) {
            LOG.debug("module left unsplit: {}", e.toString());
            return new Split(module, 0, 0);
        }
    }

    /**
     * {@code module} with the body of every defined function not in {@code keep} (absolute function indices) replaced
     * by a stub: {@code unreachable}, then only the instructions whose presence the runtime looks for in a parsed
     * module ({@code call_indirect} and the table writes, each followed by drops of what it pushes, so the dead code
     * validates), then {@code end}. For a module whose compiled code comes from the compiled-code cache: Chicory then
     * parses and keeps a few bytes per function instead of every instruction. A body the decoder does not handle
     * (exceptions, SIMD, tail calls) is kept whole.
     *
     * @throws FunctionCode.Unsupported if the module's sections cannot be read
     */
    static byte[] stubBodies(byte[] module, java.util.Set<Integer> keep) throws FunctionCode.Unsupported {
        Run r = new Run(module, Integer.MAX_VALUE);
        r.readSections();
        if (r.definedFuncs == 0) {
            return module;
        }
        FunctionCode.ModuleTypes mt = r.types();
        for (int f = 0; f < r.definedFuncs; f++) {
            if (keep.contains(r.importedFuncs + f)) {
                continue;
            }
            int[] range = r.bodyRanges.get(f);
            try {
                FunctionCode c = FunctionCode.decode(module, range[0], range[1], mt, r.funcTypes.get(r.importedFuncs + f));
                r.newBodies.set(f, stub(c, mt));
            } catch (FunctionCode.Unsupported e) {
                // kept whole
            }
        }
        return r.write();
    }

    private static byte[] stub(FunctionCode c, FunctionCode.ModuleTypes mt) {
        FunctionOutliner.Out o = new FunctionOutliner.Out();
        o.u8(0); // no locals
        o.u8(0x00); // unreachable
        for (int i = 0; i < c.n; i++) {
            int op = c.op[i];
            int drops = -1;
            if (op == 0x11) {
                drops = mt.results()[(int) c.firstImmediate(i)].length; // its type's results
            } else if (op == 0x26) {
                drops = 0;
            } else if (op == 0xFC) {
                long sub = c.firstImmediate(i);
                drops = sub == 12 || sub == 14 || sub == 17 ? 0 : sub == 15 ? 1 : -1;
            }
            if (drops >= 0) {
                o.bytes(c.b, c.start[i], c.end[i]);
                for (int k = 0; k < drops; k++) {
                    o.u8(0x1A);
                }
            }
        }
        o.u8(0x0B);
        return o.toArray();
    }

    /** One rewrite of one module. */
    private static final class Run {
        final byte[] b;
        final int limit;
        final FunctionOutliner.Sizes sizes;
        /** sections in order: id, content start, content end */
        final List<int[]> sections = new ArrayList<>();
        final List<byte[]> params = new ArrayList<>();
        final List<byte[]> results = new ArrayList<>();
        final Map<String, Integer> typeByKey = new HashMap<>();
        int originalTypes;
        int importedFuncs;
        final List<Integer> funcTypes = new ArrayList<>();
        int definedFuncs;
        /** defined functions' bodies: either a range of {@code b} or new bytes */
        final List<byte[]> newBodies = new ArrayList<>();
        final List<int[]> bodyRanges = new ArrayList<>();

        Run(byte[] b, int limit) {
            this.b = b;
            this.limit = limit;
            this.sizes = new FunctionOutliner.Sizes(Math.max(64, limit * 2 / 3), Math.max(16, limit / 40));
        }

        Split run() throws FunctionCode.Unsupported {
            readSections();
            List<Integer> work = new ArrayList<>();
            for (int f = 0; f < definedFuncs; f++) {
                if (bodySize(f) > limit) {
                    work.add(f);
                }
            }
            int split = 0;
            int added = 0;
            long grown = 0;
            for (int round = 0; round < MAX_ROUNDS && !work.isEmpty(); round++) {
                List<Integer> next = new ArrayList<>();
                for (int f : work) {
                    FunctionCode code;
                    try {
                        code = decode(f);
                    } catch (FunctionCode.Unsupported e) {
                        LOG.debug("function {} left unsplit: {}", importedFuncs + f, e.getMessage());
                        continue;
                    }
                    int before = bodySize(f);
                    FunctionOutliner.Result r = FunctionOutliner.outline(code, sizes,
                            importedFuncs + newBodies.size(), this::typeIndex);
                    if (r == null) {
                        continue;
                    }
                    if (round == 0) {
                        split++;
                    }
                    grown += r.body().length - before;
                    for (FunctionOutliner.Piece p : r.pieces()) {
                        grown += p.body().length + p.params().length + p.results().length + 8;
                    }
                    if (grown > (long) (GROWTH_FACTOR - 1) * b.length + GROWTH_SLACK) {
                        LOG.debug("module left unsplit: splitting would grow it by more than {} bytes", grown);
                        return new Split(b, 0, 0);
                    }
                    newBodies.set(f, r.body());
                    LOG.trace("round {}: function {} from {} to {} bytes, {} pieces", round, importedFuncs + f, before,
                            r.body().length, r.pieces().size());
                    for (FunctionOutliner.Piece p : r.pieces()) {
                        int idx = newBodies.size();
                        newBodies.add(p.body());
                        bodyRanges.add(null);
                        funcTypes.add(typeIndex(new byte[][] {p.params(), p.results()}));
                        added++;
                        if (p.body().length > limit) {
                            next.add(idx);
                        }
                    }
                    if (r.body().length > limit && r.body().length < before * 0.97) {
                        next.add(f);
                    }
                }
                work = next;
            }
            if (added == 0) {
                return new Split(b, 0, 0);
            }
            return new Split(write(), split, added);
        }

        int bodySize(int f) {
            byte[] nb = newBodies.get(f);
            if (nb != null) {
                return nb.length;
            }
            int[] r = bodyRanges.get(f);
            return r[1] - r[0];
        }

        FunctionCode.ModuleTypes types() {
            return new FunctionCode.ModuleTypes(params.toArray(new byte[0][]), results.toArray(new byte[0][]),
                    funcTypes.stream().mapToInt(Integer::intValue).toArray());
        }

        FunctionCode decode(int f) throws FunctionCode.Unsupported {
            FunctionCode.ModuleTypes mt = types();
            int type = funcTypes.get(importedFuncs + f);
            byte[] nb = newBodies.get(f);
            if (nb != null) {
                return FunctionCode.decode(nb, 0, nb.length, mt, type);
            }
            int[] r = bodyRanges.get(f);
            return FunctionCode.decode(b, r[0], r[1], mt, type);
        }

        int typeIndex(byte[][] type) {
            String key = Arrays.toString(type[0]) + "->" + Arrays.toString(type[1]);
            Integer i = typeByKey.get(key);
            if (i == null) {
                i = params.size();
                params.add(type[0]);
                results.add(type[1]);
                typeByKey.put(key, i);
            }
            return i;
        }

        // ---------------------------------------------------------- reading

        void readSections() throws FunctionCode.Unsupported {
            if (b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm' || b[4] != 1 || b[5] != 0 || b[6] != 0
                    || b[7] != 0) {
                throw new FunctionCode.Unsupported("not a core module of version 1");
            }
            int[] pos = {8};
            boolean sawTypes = false;
            while (pos[0] < b.length) {
                int id = b[pos[0]++] & 0xff;
                long size = FunctionCode.u32(b, pos, b.length);
                int start = pos[0];
                if (size > b.length - start) {
                    throw new FunctionCode.Unsupported("section " + id + " runs past the end");
                }
                int end = start + (int) size;
                sections.add(new int[] {id, start, end});
                int[] p = {start};
                switch (id) {
                    case 1 -> {
                        sawTypes = true;
                        types(p, end);
                    }
                    case 2 -> imports(p, end);
                    case 3 -> {
                        long n = FunctionCode.u32(b, p, end);
                        if (n > end - p[0]) {
                            throw new FunctionCode.Unsupported("function section count too large");
                        }
                        for (long i = 0; i < n; i++) {
                            long t = FunctionCode.u32(b, p, end);
                            if (t >= originalTypes) {
                                throw new FunctionCode.Unsupported("function type " + t + " out of range");
                            }
                            funcTypes.add((int) t);
                        }
                        definedFuncs = (int) n;
                    }
                    case 10 -> code(p, end);
                    default -> { }
                }
                pos[0] = end;
            }
            if (bodyRanges.size() != definedFuncs || (definedFuncs > 0 && !sawTypes)) {
                throw new FunctionCode.Unsupported("function and code sections do not match");
            }
        }

        void types(int[] p, int end) throws FunctionCode.Unsupported {
            long n = FunctionCode.u32(b, p, end);
            if (n > end - p[0]) {
                throw new FunctionCode.Unsupported("type count too large");
            }
            for (long i = 0; i < n; i++) {
                if (p[0] >= end || b[p[0]++] != 0x60) {
                    throw new FunctionCode.Unsupported("type " + i + " is not a plain function type");
                }
                byte[][] t = new byte[2][];
                for (int k = 0; k < 2; k++) {
                    long m = FunctionCode.u32(b, p, end);
                    if (m > end - p[0]) {
                        throw new FunctionCode.Unsupported("type " + i + " runs past its section");
                    }
                    t[k] = Arrays.copyOfRange(b, p[0], p[0] + (int) m);
                    for (byte v : t[k]) {
                        FunctionCode.valtype(v);
                    }
                    p[0] += (int) m;
                }
                params.add(t[0]);
                results.add(t[1]);
                typeByKey.putIfAbsent(Arrays.toString(t[0]) + "->" + Arrays.toString(t[1]), (int) i);
            }
            originalTypes = (int) n;
        }

        void imports(int[] p, int end) throws FunctionCode.Unsupported {
            long n = FunctionCode.u32(b, p, end);
            for (long i = 0; i < n; i++) {
                for (int k = 0; k < 2; k++) {
                    long len = FunctionCode.u32(b, p, end);
                    if (len > end - p[0]) {
                        throw new FunctionCode.Unsupported("import name runs past its section");
                    }
                    p[0] += (int) len;
                }
                if (p[0] >= end) {
                    throw new FunctionCode.Unsupported("truncated import");
                }
                int kind = b[p[0]++] & 0xff;
                switch (kind) {
                    case 0 -> {
                        long t = FunctionCode.u32(b, p, end);
                        if (t >= originalTypes) {
                            throw new FunctionCode.Unsupported("imported function type out of range");
                        }
                        funcTypes.add((int) t);
                        importedFuncs++;
                    }
                    case 1 -> {
                        p[0]++; // reference type
                        limits(p, end);
                    }
                    case 2 -> limits(p, end);
                    case 3 -> p[0] += 2; // value type, mutability
                    default -> throw new FunctionCode.Unsupported("import kind " + kind);
                }
            }
        }

        void limits(int[] p, int end) throws FunctionCode.Unsupported {
            if (p[0] >= end) {
                throw new FunctionCode.Unsupported("truncated limits");
            }
            int flags = b[p[0]++] & 0xff;
            if (flags > 3) {
                throw new FunctionCode.Unsupported("limits flags " + flags);
            }
            FunctionCode.u32(b, p, end);
            if ((flags & 1) != 0) {
                FunctionCode.u32(b, p, end);
            }
        }

        void code(int[] p, int end) throws FunctionCode.Unsupported {
            long n = FunctionCode.u32(b, p, end);
            if (n > end - p[0]) {
                throw new FunctionCode.Unsupported("code count too large");
            }
            for (long i = 0; i < n; i++) {
                long len = FunctionCode.u32(b, p, end);
                if (len > end - p[0]) {
                    throw new FunctionCode.Unsupported("body " + i + " runs past its section");
                }
                bodyRanges.add(new int[] {p[0], p[0] + (int) len});
                newBodies.add(null);
                p[0] += (int) len;
            }
        }

        // ---------------------------------------------------------- writing

        byte[] write() throws FunctionCode.Unsupported {
            FunctionOutliner.Out out = new FunctionOutliner.Out();
            out.bytes(b, 0, 8);
            for (int[] s : sections) {
                int id = s[0];
                FunctionOutliner.Out content = new FunctionOutliner.Out();
                int[] p = {s[1]};
                switch (id) {
                    case 1 -> {
                        FunctionCode.u32(b, p, s[2]);
                        content.u32(params.size());
                        content.bytes(b, p[0], s[2]);
                        for (int t = originalTypes; t < params.size(); t++) {
                            content.u8(0x60);
                            content.u32(params.get(t).length);
                            content.bytes(params.get(t), 0, params.get(t).length);
                            content.u32(results.get(t).length);
                            content.bytes(results.get(t), 0, results.get(t).length);
                        }
                    }
                    case 3 -> {
                        FunctionCode.u32(b, p, s[2]);
                        content.u32(newBodies.size());
                        content.bytes(b, p[0], s[2]);
                        for (int f = definedFuncs; f < newBodies.size(); f++) {
                            content.u32(funcTypes.get(importedFuncs + f));
                        }
                    }
                    case 10 -> {
                        content.u32(newBodies.size());
                        for (int f = 0; f < newBodies.size(); f++) {
                            byte[] nb = newBodies.get(f);
                            if (nb != null) {
                                content.u32(nb.length);
                                content.bytes(nb, 0, nb.length);
                            } else {
                                int[] r = bodyRanges.get(f);
                                content.u32(r[1] - r[0]);
                                content.bytes(b, r[0], r[1]);
                            }
                        }
                    }
                    default -> content.bytes(b, s[1], s[2]);
                }
                out.section(id, content);
            }
            return out.toArray();
        }
    }
}
