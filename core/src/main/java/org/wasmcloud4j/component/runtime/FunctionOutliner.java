package org.wasmcloud4j.component.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * One round of outlining for one function body: picks regions of a decoded body ({@link FunctionCode}) and
 * rewrites the body so that each region becomes a call of a new function (a "piece") that runs the region's
 * instructions. The rewritten body is called the skeleton. docs/huge-functions.md describes the scheme.
 *
 * <p>Two kinds of region:
 * <ul>
 *   <li>a run of whole instructions in one block body that starts with an empty operand stack (relative to that
 *       body) in reachable code and ends with an empty stack or in unreachable code;
 *   <li>a group of tails along a chain of nested blocks (the shape of a compiled {@code switch}: each block's body is
 *       the next inner block followed by a case's code). The group's piece rebuilds the chain's blocks around the
 *       tails and is entered through a {@code br_table} on an entry number; in the skeleton each tail becomes three
 *       instructions that set the entry number and branch to one call site per group.
 * </ul>
 * A piece takes the locals its region uses and returns those it writes, the values a branch out of the region
 * carries and an exit code; after the call the skeleton writes the locals back and re-issues the branch the exit
 * code names. Piece indices are appended after all existing functions, so no existing index changes.
 */
final class FunctionOutliner {
    /** The most parameters a piece may take (the JVM allows 255 slots; an i64 takes two). */
    static final int MAX_PARAMS = 100;
    /** The empty block type 0x40, as the s33 value its byte encodes. */
    private static final int EMPTY = 0x40 - 0x80;
    /** Chains with fewer links are left to runs. */
    static final int CHAIN_MIN = 3;

    /** Sizes in bytes of code: regions are at most {@code target} and at least {@code min}. */
    record Sizes(int target, int min) {}

    /** A new function made by outlining: its type and its body (local declarations and code, without size). */
    record Piece(byte[] params, byte[] results, byte[] body) {}

    /** The outcome of one round: the skeleton's new body (declarations and code) and its pieces, in index order. */
    record Result(byte[] body, List<Piece> pieces) {}

    private static final class Region {
        final boolean tails;
        /** runs: the first item and the instruction after the last */
        int first;
        int after;
        boolean endsUnreachable;
        /** tails: N_a .. N_{b+1}, the opening instructions of the chain's blocks, innermost first */
        int[] chain;
        int[] used;
        BitSet written;
        /** the used locals live where the region is entered (passed in), and the written ones live after it */
        int[] params;
        BitSet results;
        int[] exits;
        byte[][] carries;
        int func;
        /** output label id of the group's call-site block in the skeleton */
        int gOut;

        Region(boolean tails) {
            this.tails = tails;
        }

        int tailCount() {
            return chain.length - 1;
        }
    }

    private final FunctionCode c;
    private final Sizes sizes;
    private final Function<byte[][], Integer> typeIndex;
    private final List<Region> regions = new ArrayList<>();
    private final Region[] replaceAt;
    private final boolean[] claimed;
    private final boolean[] dirty;

    private FunctionOutliner(FunctionCode c, Sizes sizes, Function<byte[][], Integer> typeIndex) {
        this.c = c;
        this.sizes = sizes;
        this.typeIndex = typeIndex;
        this.replaceAt = new Region[c.n];
        this.claimed = new boolean[c.n];
        this.dirty = new boolean[c.n];
    }

    /**
     * Outlines regions of {@code c}; {@code null} when no region is worth outlining.
     *
     * @param firstPiece the function index the first piece will have
     * @param typeIndex the index of a function type {params, results}, added to the module when new
     */
    static Result outline(FunctionCode c, Sizes sizes, int firstPiece, Function<byte[][], Integer> typeIndex) {
        FunctionOutliner o = new FunctionOutliner(c, sizes, typeIndex);
        o.planChains();
        o.planRuns();
        if (o.regions.isEmpty()) {
            return null;
        }
        int f = firstPiece;
        List<Integer> points = new ArrayList<>();
        for (Region r : o.regions) {
            o.analyse(r);
            r.func = f++;
            int[] rs = o.ranges(r);
            for (int q = 0; q < rs.length; q += 2) {
                points.add(rs[q]);
            }
            if (!r.tails) {
                points.add(r.after);
            }
        }
        LocalLiveness live = LocalLiveness.of(c, points.stream().mapToInt(Integer::intValue).toArray());
        for (Region r : o.regions) {
            o.prune(r, live);
        }
        List<Piece> pieces = new ArrayList<>();
        for (Region r : o.regions) {
            pieces.add(o.piece(r));
        }
        return new Result(o.skeleton(), pieces);
    }

    // ------------------------------------------------------------------ planning

    private boolean emptyBlock(int i) {
        return c.op[i] == FunctionCode.BLOCK && c.match[i] >= 0 && c.blockParams[i].length == 0
                && c.blockResults[i].length == 0;
    }

    private void planChains() {
        int[] anchor = new int[c.n];
        Arrays.fill(anchor, -1);
        boolean[] isAnchor = new boolean[c.n];
        for (int i = 0; i < c.n; i++) {
            if (!emptyBlock(i)) {
                continue;
            }
            int best = -1;
            int bestSize = -1;
            for (int j = i + 1; j < c.match[i]; j = c.itemLast(j) + 1) {
                if (emptyBlock(j) && c.reachable[j] && c.height[j] == 0) {
                    int s = c.bytes(j, c.match[j]);
                    if (s > bestSize) {
                        best = j;
                        bestSize = s;
                    }
                }
            }
            anchor[i] = best;
            if (best >= 0) {
                isAnchor[best] = true;
            }
        }
        for (int top = 0; top < c.n; top++) {
            if (anchor[top] < 0 || isAnchor[top]) {
                continue;
            }
            List<Integer> down = new ArrayList<>();
            for (int x = top; x >= 0; x = anchor[x]) {
                down.add(x);
            }
            int m = down.size() - 1;
            if (m < CHAIN_MIN) {
                continue;
            }
            int[] nodes = new int[m + 1]; // nodes[0] innermost
            for (int k = 0; k <= m; k++) {
                nodes[k] = down.get(m - k);
            }
            int k = 0;
            while (k < m) {
                int a = k;
                int size = 0;
                BitSet used = new BitSet();
                while (k < m) {
                    int s = tailBytes(nodes, k);
                    BitSet u = (BitSet) used.clone();
                    localsOf(c.match[nodes[k]] + 1, c.match[nodes[k + 1]], u);
                    if (k > a && (size + s > sizes.target() || u.cardinality() > MAX_PARAMS - 1)) {
                        break;
                    }
                    used = u;
                    size += s;
                    k++;
                }
                int b = k - 1;
                if (b > a && size >= sizes.min() && used.cardinality() <= MAX_PARAMS - 1) {
                    Region r = new Region(true);
                    r.chain = Arrays.copyOfRange(nodes, a, b + 2);
                    for (int t = a; t <= b; t++) {
                        Arrays.fill(claimed, c.match[nodes[t]] + 1, c.match[nodes[t + 1]], true);
                    }
                    for (int t = a + 1; t <= b + 1; t++) {
                        dirty[nodes[t]] = true;
                    }
                    markAncestors(nodes[b + 1]);
                    regions.add(r);
                }
            }
        }
    }

    private int tailBytes(int[] nodes, int k) {
        return c.start[c.match[nodes[k + 1]]] - c.end[c.match[nodes[k]]];
    }

    private void markAncestors(int i) {
        for (int o = c.parent[i]; o >= 0 && !dirty[o]; o = c.parent[o]) {
            dirty[o] = true;
        }
    }

    /** Adds the locals instructions {@code [from, to)} use to {@code used}. */
    private void localsOf(int from, int to, BitSet used) {
        for (int i = from; i < to; i++) {
            int op = c.op[i];
            if (op == FunctionCode.LOCAL_GET || op == FunctionCode.LOCAL_SET || op == FunctionCode.LOCAL_TEE) {
                used.set(c.imm[i]);
            }
        }
    }

    private void planRuns() {
        // children before parents: a block's body is planned before the body it sits in
        Integer[] nodes = new Integer[c.n];
        int k = 0;
        for (int i = 0; i < c.n; i++) {
            if (c.opensBlock(i) && c.match[i] >= 0) {
                nodes[k++] = i;
            }
        }
        Integer[] order = Arrays.copyOf(nodes, k);
        Arrays.sort(order, (x, y) -> Integer.compare(c.match[x], c.match[y]));
        for (int o : order) {
            if (c.elseAt[o] >= 0) {
                runs(o + 1, c.elseAt[o]);
                runs(c.elseAt[o] + 1, c.match[o]);
            } else {
                runs(o + 1, c.match[o]);
            }
        }
        runs(0, c.n - 1);
    }

    private boolean small(int i) {
        return !claimed[i] && !(c.opensBlock(i) && dirty[i]) && c.bytes(i, c.itemLast(i)) <= sizes.target();
    }

    /** Plans runs in the body of items {@code [first, close)}, {@code close} being its else or end. */
    private void runs(int first, int close) {
        if (first >= close || c.start[close] - c.start[first] <= sizes.target()) {
            return;
        }
        int i = first;
        while (i < close) {
            if (!small(i) || !c.reachable[i] || c.height[i] != 0) {
                i = c.itemLast(i) + 1;
                continue;
            }
            BitSet used = new BitSet();
            int size = 0;
            int goodEnd = -1;
            int goodSize = 0;
            int j = i;
            while (j < close && small(j)) {
                int last = c.itemLast(j);
                int s = c.bytes(j, last);
                if (size + s > sizes.target()) {
                    break;
                }
                BitSet u = (BitSet) used.clone();
                localsOf(j, last + 1, u);
                if (u.cardinality() > MAX_PARAMS) {
                    break;
                }
                used = u;
                size += s;
                j = last + 1;
                if (!c.reachable[j] || c.height[j] == 0) {
                    goodEnd = j;
                    goodSize = size;
                }
            }
            if (goodEnd > i && goodSize >= sizes.min()) {
                Region r = new Region(false);
                r.first = i;
                r.after = goodEnd;
                r.endsUnreachable = !c.reachable[goodEnd];
                Arrays.fill(claimed, i, goodEnd, true);
                markAncestors(i);
                regions.add(r);
                i = goodEnd;
            } else {
                i = c.itemLast(i) + 1;
            }
        }
    }

    // ------------------------------------------------------------------ analysis

    /** The instruction ranges {@code [from, to)} of a region, as pairs. */
    private int[] ranges(Region r) {
        if (!r.tails) {
            return new int[] {r.first, r.after};
        }
        int n = r.tailCount();
        int[] out = new int[2 * n];
        for (int k = 0; k < n; k++) {
            out[2 * k] = c.match[r.chain[k]] + 1;
            out[2 * k + 1] = c.match[r.chain[k + 1]];
        }
        return out;
    }

    /** Labels with ids below this are outside the region. */
    private int outerBound(Region r) {
        return r.tails ? c.level[r.chain[r.chain.length - 1]] + 1 : c.level[r.first] + 1;
    }

    private void analyse(Region r) {
        BitSet used = new BitSet();
        BitSet written = new BitSet();
        BitSet exits = new BitSet();
        int bound = outerBound(r);
        int[] rs = ranges(r);
        for (int q = 0; q < rs.length; q += 2) {
            for (int i = rs[q]; i < rs[q + 1]; i++) {
                switch (c.op[i]) {
                    case FunctionCode.LOCAL_GET -> used.set(c.imm[i]);
                    case FunctionCode.LOCAL_SET, FunctionCode.LOCAL_TEE -> {
                        used.set(c.imm[i]);
                        written.set(c.imm[i]);
                    }
                    case FunctionCode.BR, FunctionCode.BR_IF -> {
                        if (c.imm[i] < bound) {
                            exits.set(c.imm[i]);
                        }
                    }
                    case FunctionCode.BR_TABLE -> {
                        for (int t : c.table[i]) {
                            if (t < bound) {
                                exits.set(t);
                            }
                        }
                    }
                    case FunctionCode.RETURN -> exits.set(0);
                    default -> { }
                }
            }
        }
        r.used = used.stream().toArray();
        r.written = written;
        r.exits = exits.stream().toArray();
        r.carries = new byte[r.exits.length][];
        int at = r.tails ? r.chain[r.chain.length - 1] : r.first;
        for (int j = 0; j < r.exits.length; j++) {
            r.carries[j] = c.labelTypes(r.exits[j], at);
        }
    }

    /** Narrows what a piece takes and gives back to the locals live where it is entered and left. */
    private void prune(Region r, LocalLiveness live) {
        if (live == null) {
            r.params = r.used;
            r.results = r.written;
            return;
        }
        int[] rs = ranges(r);
        BitSet in = new BitSet();
        for (int q = 0; q < rs.length; q += 2) {
            in.or(live.before(rs[q]));
        }
        BitSet out = (BitSet) (r.tails ? live.atLabel(c.level[r.chain[r.chain.length - 1]] + 1, firstInside(r))
                : live.before(r.after)).clone();
        int at = r.tails ? firstInside(r) : r.first;
        for (int e : r.exits) {
            out.or(live.atLabel(e, at));
        }
        BitSet p = new BitSet();
        for (int u : r.used) {
            p.set(u);
        }
        p.and(in);
        r.params = p.stream().toArray();
        r.results = (BitSet) r.written.clone();
        r.results.and(out);
    }

    /** An instruction inside the outermost block of a tail group (its first tail's first instruction or end). */
    private int firstInside(Region r) {
        return c.match[r.chain[0]] + 1;
    }

    // ------------------------------------------------------------------ emission

    /** Growable bytes with LEB128 writers. */
    static final class Out {
        private byte[] buf = new byte[256];
        private int len;

        void u8(int v) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = (byte) v;
        }

        void u32(long v) {
            do {
                int x = (int) (v & 0x7f);
                v >>>= 7;
                u8(v != 0 ? x | 0x80 : x);
            } while (v != 0);
        }

        void s32(int v) {
            while (true) {
                int x = v & 0x7f;
                v >>= 7;
                boolean done = (v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0);
                u8(done ? x : x | 0x80);
                if (done) {
                    return;
                }
            }
        }

        void bytes(byte[] src, int from, int to) {
            int k = to - from;
            if (len + k > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + k));
            }
            System.arraycopy(src, from, buf, len, k);
            len += k;
        }

        /** Writes a module section: its id, the size of {@code content}, then {@code content}. */
        void section(int id, Out content) {
            u8(id);
            u32(content.len);
            bytes(content.buf, 0, content.len);
        }

        int size() {
            return len;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Emits instructions of {@code c} into one output function, mapping labels and (in pieces) locals. */
    private final class Emitter {
        final Out out = new Out();
        final int[] levelMap = new int[c.maxLevel + 2];
        /** original local → output local; null in the skeleton */
        final int[] localMap;
        final boolean piece;
        int outLevel;

        Emitter(int[] localMap, boolean piece) {
            this.localMap = localMap;
            this.piece = piece;
        }

        /** Emits instructions {@code [from, to)}, applying the skeleton's replacements unless in a piece. */
        void range(int from, int to, boolean skipFirst) {
            int i = from;
            while (i < to) {
                Region r = piece || (skipFirst && i == from) ? null : replaceAt[i];
                if (r != null) {
                    int next = replace(r, i);
                    if (next != i) {
                        i = next;
                        continue;
                    }
                }
                instruction(i);
                i++;
            }
        }

        void instruction(int i) {
            int op = c.op[i];
            switch (op) {
                case FunctionCode.BLOCK, FunctionCode.LOOP, FunctionCode.IF -> {
                    out.bytes(c.b, c.start[i], c.end[i]);
                    levelMap[c.level[i] + 1] = ++outLevel;
                }
                case FunctionCode.END -> {
                    out.u8(FunctionCode.END);
                    outLevel--;
                }
                case FunctionCode.BR, FunctionCode.BR_IF -> {
                    out.u8(op);
                    out.u32(depth(c.imm[i]));
                }
                case FunctionCode.BR_TABLE -> {
                    int[] t = c.table[i];
                    out.u8(op);
                    out.u32(t.length - 1);
                    for (int l : t) {
                        out.u32(depth(l));
                    }
                }
                case FunctionCode.RETURN -> {
                    if (piece) {
                        out.u8(FunctionCode.BR);
                        out.u32(depth(0));
                    } else {
                        out.u8(op);
                    }
                }
                case FunctionCode.LOCAL_GET, FunctionCode.LOCAL_SET, FunctionCode.LOCAL_TEE -> {
                    if (localMap == null) {
                        out.bytes(c.b, c.start[i], c.end[i]);
                    } else {
                        out.u8(op);
                        out.u32(localMap[c.imm[i]]);
                    }
                }
                default -> out.bytes(c.b, c.start[i], c.end[i]);
            }
        }

        int depth(int label) {
            return outLevel - levelMap[label];
        }

        void open(int blockType) {
            out.u8(FunctionCode.BLOCK);
            out.s32(blockType);
            outLevel++;
        }

        void local(int op, int index) {
            out.u8(op);
            out.u32(index);
        }

        void br(int op, int depth) {
            out.u8(op);
            out.u32(depth);
        }

        void end() {
            out.u8(FunctionCode.END);
            outLevel--;
        }

        /** Emits the skeleton's replacement for region {@code r} at instruction {@code i}; returns where to go on. */
        int replace(Region r, int i) {
            if (!r.tails) {
                stub(r);
                return r.after;
            }
            int n = r.tailCount();
            if (i == r.chain[n - 1]) {
                // the call-site block around N_b and its tail; the tails inside branch out of it
                open(EMPTY);
                r.gOut = outLevel;
                range(i, c.match[i] + 1, true);
                out.u8(0x41);
                out.s32(n - 1);
                local(FunctionCode.LOCAL_SET, entryLocal);
                end();
                stub(r);
                return c.match[r.chain[n]];
            }
            for (int k = 0; k < n - 1; k++) {
                if (i == c.match[r.chain[k]] + 1) {
                    out.u8(0x41);
                    out.s32(k);
                    local(FunctionCode.LOCAL_SET, entryLocal);
                    br(FunctionCode.BR, outLevel - r.gOut);
                    return c.match[r.chain[k + 1]];
                }
            }
            throw new IllegalStateException("no replacement at " + i);
        }

        /** The call of a region's piece, the write-back of locals and the re-issued branch out of the region. */
        void stub(Region r) {
            if (r.tails && r.tailCount() > 1) {
                local(FunctionCode.LOCAL_GET, entryLocal);
            }
            for (int u : r.params) {
                local(FunctionCode.LOCAL_GET, u);
            }
            out.u8(FunctionCode.CALL);
            out.u32(r.func);
            if (r.exits.length > 0) {
                local(FunctionCode.LOCAL_SET, codeLocal);
            }
            int[][] temps = new int[r.exits.length][];
            int[] nextOfType = new int[256];
            for (int j = 0; j < r.exits.length; j++) {
                temps[j] = new int[r.carries[j].length];
                for (int v = 0; v < temps[j].length; v++) {
                    temps[j][v] = temp(r.carries[j][v], nextOfType[r.carries[j][v] & 0xff]++);
                }
            }
            for (int j = r.exits.length - 1; j >= 0; j--) {
                for (int v = temps[j].length - 1; v >= 0; v--) {
                    local(FunctionCode.LOCAL_SET, temps[j][v]);
                }
            }
            for (int w = r.results.length(); (w = r.results.previousSetBit(w - 1)) >= 0; ) {
                local(FunctionCode.LOCAL_SET, w);
            }
            for (int j = 0; j < r.exits.length; j++) {
                local(FunctionCode.LOCAL_GET, codeLocal);
                out.u8(0x41);
                out.s32(j + 1);
                out.u8(0x46); // i32.eq
                out.u8(FunctionCode.IF);
                out.u8(0x40);
                outLevel++;
                for (int t : temps[j]) {
                    local(FunctionCode.LOCAL_GET, t);
                }
                if (r.exits[j] == 0) {
                    out.u8(FunctionCode.RETURN); // to the function's label: Chicory 1.7.5 mis-resolves that br
                } else {
                    br(FunctionCode.BR, depth(r.exits[j]));
                }
                end();
            }
            if (r.endsUnreachable) {
                out.u8(0x00);
            }
        }
    }

    // skeleton locals added after the original ones
    private int entryLocal;
    private int codeLocal;
    private final List<List<Integer>> tempPool = new ArrayList<>();
    private final List<Byte> added = new ArrayList<>();

    private int temp(byte type, int k) {
        while (tempPool.size() < 256) {
            tempPool.add(new ArrayList<>());
        }
        List<Integer> pool = tempPool.get(type & 0xff);
        while (pool.size() <= k) {
            pool.add(c.localTypes.length + added.size());
            added.add(type);
        }
        return pool.get(k);
    }

    private byte[] skeleton() {
        entryLocal = c.localTypes.length;
        codeLocal = c.localTypes.length + 1;
        added.add(FunctionCode.I32);
        added.add(FunctionCode.I32);
        for (Region r : regions) {
            if (r.tails) {
                replaceAt[r.chain[r.tailCount() - 1]] = r;
                for (int k = 0; k < r.tailCount() - 1; k++) {
                    replaceAt[c.match[r.chain[k]] + 1] = r;
                }
            } else {
                replaceAt[r.first] = r;
            }
        }
        Emitter e = new Emitter(null, false);
        e.levelMap[0] = 0;
        e.range(0, c.n, false);
        // declarations: the original groups, then one group per added local
        Out body = new Out();
        body.u32(c.localGroups + added.size());
        body.bytes(c.b, c.groupsStart, c.codeStart);
        for (byte t : added) {
            body.u32(1);
            body.u8(t);
        }
        body.bytes(e.out.buf, 0, e.out.len);
        return body.toArray();
    }

    private Piece piece(Region r) {
        int n = r.tails ? r.tailCount() : 1;
        int entry = n > 1 ? 1 : 0;
        int[] localMap = new int[c.localTypes.length];
        Arrays.fill(localMap, -1);
        Out params = new Out();
        if (entry == 1) {
            params.u8(FunctionCode.I32);
        }
        for (int u = 0; u < r.params.length; u++) {
            localMap[r.params[u]] = entry + u;
            params.u8(c.localTypes[r.params[u]]);
        }
        int next = entry + r.params.length;
        // piece locals: the used locals not passed in, carry temps (per exit), then the exit code
        Out locals = new Out();
        for (int u : r.used) {
            if (localMap[u] < 0) {
                localMap[u] = next++;
                locals.u8(c.localTypes[u]);
            }
        }
        int[][] temps = new int[r.exits.length][];
        for (int j = 0; j < r.exits.length; j++) {
            temps[j] = new int[r.carries[j].length];
            for (int v = 0; v < temps[j].length; v++) {
                temps[j][v] = next++;
                locals.u8(r.carries[j][v]);
            }
        }
        int code = next;
        if (r.exits.length > 0) {
            locals.u8(FunctionCode.I32);
        }
        Out results = new Out();
        for (int w = r.results.nextSetBit(0); w >= 0; w = r.results.nextSetBit(w + 1)) {
            results.u8(c.localTypes[w]);
        }
        for (int j = 0; j < r.exits.length; j++) {
            results.bytes(r.carries[j], 0, r.carries[j].length);
        }
        if (r.exits.length > 0) {
            results.u8(FunctionCode.I32);
        }

        Emitter e = new Emitter(localMap, true);
        e.open(EMPTY); // wrap, label 1
        for (int j = r.exits.length - 1; j >= 0; j--) {
            e.open(blockType(r.carries[j]));
            e.levelMap[r.exits[j]] = e.outLevel;
        }
        if (r.tails) {
            for (int k = n; k >= 1; k--) {
                e.open(EMPTY);
                e.levelMap[c.level[r.chain[k]] + 1] = e.outLevel;
            }
            if (n > 1) {
                e.open(EMPTY);
                e.local(FunctionCode.LOCAL_GET, 0);
                e.out.u8(FunctionCode.BR_TABLE);
                e.out.u32(n - 1);
                for (int k = 0; k < n; k++) {
                    e.out.u32(k);
                }
                e.end();
            }
            for (int k = 0; k < n; k++) {
                e.range(c.match[r.chain[k]] + 1, c.match[r.chain[k + 1]], false);
                e.end();
            }
        } else {
            e.range(r.first, r.after, false);
        }
        e.br(FunctionCode.BR, e.outLevel - 1);
        for (int j = 0; j < r.exits.length; j++) {
            e.end();
            for (int v = temps[j].length - 1; v >= 0; v--) {
                e.local(FunctionCode.LOCAL_SET, temps[j][v]);
            }
            e.out.u8(0x41);
            e.out.s32(j + 1);
            e.local(FunctionCode.LOCAL_SET, code);
            e.br(FunctionCode.BR, e.outLevel - 1);
        }
        e.end();
        for (int w = r.results.nextSetBit(0); w >= 0; w = r.results.nextSetBit(w + 1)) {
            e.local(FunctionCode.LOCAL_GET, localMap[w]);
        }
        for (int[] t : temps) {
            for (int v : t) {
                e.local(FunctionCode.LOCAL_GET, v);
            }
        }
        if (r.exits.length > 0) {
            e.local(FunctionCode.LOCAL_GET, code);
        }
        e.out.u8(FunctionCode.END);

        Out body = new Out();
        byte[] ls = locals.toArray();
        body.u32(ls.length);
        for (byte t : ls) {
            body.u32(1);
            body.u8(t);
        }
        body.bytes(e.out.buf, 0, e.out.len);
        return new Piece(params.toArray(), results.toArray(), body.toArray());
    }

    /** A block type carrying {@code types}: empty, one value type, or a type index. */
    private int blockType(byte[] types) {
        if (types.length == 0) {
            return EMPTY;
        }
        if (types.length == 1) {
            return (types[0] & 0xff) - 0x80; // the value type's byte read as a one-byte s33
        }
        return typeIndex.apply(new byte[][] {new byte[0], types});
    }
}
