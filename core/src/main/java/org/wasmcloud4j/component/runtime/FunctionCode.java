package org.wasmcloud4j.component.runtime;

import java.util.Arrays;

/**
 * One function body of a core module, decoded as far as {@link HugeFunctionSplitter} needs: each instruction's byte
 * range, its nesting, the label a branch targets, the local it names, and the operand-stack height and reachability
 * before it (relative to the body of the block it sits in). Decoding is iterative (no recursion on nesting), and
 * every count and length is checked against the bytes of the body before it is used.
 *
 * <p>Label ids: the function's own label is 0; a block, loop or if opened at nesting level {@code l} has label id
 * {@code l + 1}. A branch with depth {@code d} at level {@code l} targets label {@code l - d}.
 */
final class FunctionCode {
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;
    static final int ELSE = 0x05;
    static final int END = 0x0B;
    static final int BR = 0x0C;
    static final int BR_IF = 0x0D;
    static final int BR_TABLE = 0x0E;
    static final int RETURN = 0x0F;
    static final int CALL = 0x10;
    static final int LOCAL_GET = 0x20;
    static final int LOCAL_SET = 0x21;
    static final int LOCAL_TEE = 0x22;
    static final byte I32 = 0x7F;
    /** The most nested blocks a body may have before the splitter leaves it alone. */
    static final int MAX_NESTING = 10_000;
    /** The most locals a body may declare before the splitter leaves it alone. */
    static final int MAX_LOCALS = 50_000;

    /** A function body the splitter does not handle (an opcode it does not know, a type it does not pass). */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** The types of a module: function types by index, and the type index of every function, imports first. */
    record ModuleTypes(byte[][] params, byte[][] results, int[] funcTypes) {}

    final byte[] b;
    final int bodyEnd;
    /** How many local declaration groups the body has, and where the first begins (after their count). */
    final long localGroups;
    final int groupsStart;
    /** Where the local declarations end and the instructions begin. */
    final int codeStart;
    /** Every local's type, parameters first. */
    final byte[] localTypes;
    final byte[] resultTypes;

    int n;
    int[] start;
    int[] end;
    int[] op;
    /** local index, target label id (br, br_if), callee; -1 otherwise */
    int[] imm;
    /** br_table: target label ids, the default last */
    int[][] table;
    /** nesting level of the instruction (0 = function body); for else/end the level of their block */
    int[] level;
    /** for block/loop/if: the index of its end; for else: the end of its if */
    int[] match;
    /** for if: the index of its else, or -1 */
    int[] elseAt;
    /** the index of the enclosing block/loop/if instruction, or -1 */
    int[] parent;
    /** operand-stack height before the instruction, relative to its body; meaningless where not reachable */
    int[] height;
    boolean[] reachable;
    /** for block/loop/if: the block type's parameter and result types */
    byte[][] blockParams;
    byte[][] blockResults;
    int maxLevel;

    private int p;

    private FunctionCode(byte[] b, int bodyEnd, byte[] localTypes, byte[] resultTypes,
            long localGroups, int groupsStart, int codeStart) {
        this.b = b;
        this.localGroups = localGroups;
        this.groupsStart = groupsStart;
        this.bodyEnd = bodyEnd;
        this.localTypes = localTypes;
        this.resultTypes = resultTypes;
        this.codeStart = codeStart;
    }

    /**
     * Decodes the body in {@code b[start, end)} (after its size) of a function of type {@code typeIndex}.
     *
     * @throws Unsupported when the body uses what the splitter does not handle, or is malformed
     */
    static FunctionCode decode(byte[] b, int start, int end, ModuleTypes mt, int typeIndex) throws Unsupported {
        if (typeIndex < 0 || typeIndex >= mt.params().length) {
            throw new Unsupported("type index " + typeIndex + " out of range");
        }
        byte[] params = mt.params()[typeIndex];
        int[] pos = {start};
        long groups = u32(b, pos, end);
        int groupsStart = pos[0];
        byte[] locals = Arrays.copyOf(params, Math.max(16, params.length));
        int count = params.length;
        for (long g = 0; g < groups; g++) {
            long k = u32(b, pos, end);
            if (pos[0] >= end) {
                throw new Unsupported("truncated local declaration");
            }
            byte t = b[pos[0]++];
            valtype(t);
            if (k > MAX_LOCALS - count) {
                throw new Unsupported("more than " + MAX_LOCALS + " locals");
            }
            if (count + k > locals.length) {
                locals = Arrays.copyOf(locals, (int) Math.max(count + k, Math.min(2L * locals.length, MAX_LOCALS)));
            }
            Arrays.fill(locals, count, count + (int) k, t);
            count += (int) k;
        }
        locals = Arrays.copyOf(locals, count);
        for (byte t : params) {
            valtype(t);
        }
        FunctionCode c = new FunctionCode(b, end, locals, mt.results()[typeIndex], groups,
                groupsStart, pos[0]);
        c.instructions(mt);
        return c;
    }

    /** The value types the splitter passes between functions. */
    static void valtype(byte t) throws Unsupported {
        switch (t) {
            case 0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F -> { }
            default -> throw new Unsupported("value type 0x" + Integer.toHexString(t & 0xff));
        }
    }

    private void instructions(ModuleTypes mt) throws Unsupported {
        int cap = bodyEnd - codeStart + 1;
        start = new int[cap];
        end = new int[cap];
        op = new int[cap];
        imm = new int[cap];
        table = new int[cap][];
        level = new int[cap];
        match = new int[cap];
        elseAt = new int[cap];
        parent = new int[cap];
        height = new int[cap];
        reachable = new boolean[cap];
        blockParams = new byte[cap][];
        blockResults = new byte[cap][];
        // the open frames: their opening instruction (-1 for the function), the height and reachability in them
        int[] fOpen = new int[16];
        int[] fHeight = new int[16];
        boolean[] fReach = new boolean[16];
        int depth = 0;
        fOpen[0] = -1;
        fReach[0] = true;
        p = codeStart;
        while (true) {
            if (p >= bodyEnd) {
                throw new Unsupported("body ends before its final end");
            }
            int i = n++;
            start[i] = p;
            imm[i] = -1;
            match[i] = -1;
            elseAt[i] = -1;
            level[i] = depth;
            parent[i] = fOpen[depth];
            height[i] = fHeight[depth];
            reachable[i] = fReach[depth];
            int code = b[p++] & 0xff;
            op[i] = code;
            int h = fHeight[depth];
            boolean uncond = false;
            switch (code) {
                case 0x00 -> uncond = true;
                case 0x01 -> { }
                case BLOCK, LOOP, IF -> {
                    blockType(mt, i);
                    h -= blockParams[i].length + (code == IF ? 1 : 0);
                    if (fReach[depth]) {
                        check(h, i);
                        fHeight[depth] = h + blockResults[i].length;
                    }
                    if (++depth >= MAX_NESTING) {
                        throw new Unsupported("blocks nested deeper than " + MAX_NESTING);
                    }
                    if (depth >= fOpen.length) {
                        fOpen = Arrays.copyOf(fOpen, depth * 2);
                        fHeight = Arrays.copyOf(fHeight, depth * 2);
                        fReach = Arrays.copyOf(fReach, depth * 2);
                    }
                    maxLevel = Math.max(maxLevel, depth);
                    fOpen[depth] = i;
                    fHeight[depth] = blockParams[i].length;
                    fReach[depth] = true;
                    end[i] = p;
                    continue;
                }
                case ELSE -> {
                    int o = fOpen[depth];
                    if (depth == 0 || op[o] != IF || elseAt[o] >= 0) {
                        throw new Unsupported("else without if");
                    }
                    elseAt[o] = i;
                    level[i] = depth - 1;
                    fHeight[depth] = blockParams[o].length;
                    fReach[depth] = true;
                    end[i] = p;
                    continue;
                }
                case END -> {
                    end[i] = p;
                    if (depth == 0) {
                        if (p != bodyEnd) {
                            throw new Unsupported("code after the function's final end");
                        }
                        return;
                    }
                    int o = fOpen[depth];
                    match[o] = i;
                    if (elseAt[o] >= 0) {
                        match[elseAt[o]] = i;
                    }
                    depth--;
                    level[i] = depth;
                    continue;
                }
                case BR -> {
                    imm[i] = label(depth, i);
                    uncond = true;
                }
                case BR_IF -> {
                    imm[i] = label(depth, i);
                    h -= 1;
                }
                case BR_TABLE -> {
                    long k = u32();
                    if (k > bodyEnd - p) {
                        throw new Unsupported("br_table of " + k + " labels runs past the body");
                    }
                    int[] t = new int[(int) k + 1];
                    for (int j = 0; j <= k; j++) {
                        t[j] = label(depth, i);
                    }
                    table[i] = t;
                    uncond = true;
                }
                case RETURN -> uncond = true;
                case CALL -> {
                    long f = u32();
                    if (f >= mt.funcTypes().length) {
                        throw new Unsupported("call of function " + f + " out of range");
                    }
                    imm[i] = (int) f;
                    int t = mt.funcTypes()[(int) f];
                    h += mt.results()[t].length - mt.params()[t].length;
                }
                case 0x11 -> {
                    long t = u32();
                    u32();
                    if (t >= mt.params().length) {
                        throw new Unsupported("call_indirect type " + t + " out of range");
                    }
                    h += mt.results()[(int) t].length - mt.params()[(int) t].length - 1;
                }
                case 0x1A -> h -= 1;
                case 0x1B -> h -= 2;
                case 0x1C -> {
                    long k = u32();
                    if (k != 1) {
                        throw new Unsupported("select with " + k + " types");
                    }
                    need(1);
                    valtype(b[p++]);
                    h -= 2;
                }
                case LOCAL_GET, LOCAL_SET, LOCAL_TEE -> {
                    long x = u32();
                    if (x >= localTypes.length) {
                        throw new Unsupported("local " + x + " out of range");
                    }
                    imm[i] = (int) x;
                    h += code == LOCAL_GET ? 1 : code == LOCAL_SET ? -1 : 0;
                }
                case 0x23 -> { u32(); h += 1; }
                case 0x24 -> { u32(); h -= 1; }
                case 0x25 -> u32();
                case 0x26 -> { u32(); h -= 2; }
                case 0x3F -> { u32(); h += 1; }
                case 0x40 -> u32();
                case 0x41 -> { leb(5); h += 1; }
                case 0x42 -> { leb(10); h += 1; }
                case 0x43 -> { need(4); p += 4; h += 1; }
                case 0x44 -> { need(8); p += 8; h += 1; }
                case 0xD0 -> {
                    need(1);
                    int t = b[p++] & 0xff;
                    if (t != 0x70 && t != 0x6F) {
                        throw new Unsupported("ref.null of heap type 0x" + Integer.toHexString(t));
                    }
                    h += 1;
                }
                case 0xD1 -> { }
                case 0xD2 -> { u32(); h += 1; }
                case 0xFC -> h += prefixed(u32());
                default -> {
                    if (code >= 0x28 && code <= 0x35) {
                        memarg();
                    } else if (code >= 0x36 && code <= 0x3E) {
                        memarg();
                        h -= 2;
                    } else if (code == 0x45 || code == 0x50 || (code >= 0x67 && code <= 0x69)
                            || (code >= 0x79 && code <= 0x7B) || (code >= 0x8B && code <= 0x91)
                            || (code >= 0x99 && code <= 0x9F) || (code >= 0xA7 && code <= 0xC4)) {
                        // unary: pops one, pushes one
                    } else if ((code >= 0x46 && code <= 0x4F) || (code >= 0x51 && code <= 0x66)
                            || (code >= 0x6A && code <= 0x78) || (code >= 0x7C && code <= 0x8A)
                            || (code >= 0x92 && code <= 0x98) || (code >= 0xA0 && code <= 0xA6)) {
                        h -= 1; // binary: pops two, pushes one
                    } else {
                        throw new Unsupported("opcode 0x" + Integer.toHexString(code) + " at byte " + (p - 1));
                    }
                }
            }
            end[i] = p;
            if (fReach[depth]) {
                check(h, i);
                fHeight[depth] = h;
            }
            if (uncond) {
                fReach[depth] = false;
            }
        }
    }

    /** The stack effect of a 0xFC-prefixed instruction, reading its immediates. */
    private int prefixed(long sub) throws Unsupported {
        if (sub <= 7) {
            return 0;
        }
        switch ((int) sub) {
            case 8, 12, 14 -> { u32(); u32(); return -3; }
            case 10 -> { u32(); u32(); return -3; }
            case 9, 13 -> { u32(); return 0; }
            case 11, 17 -> { u32(); return -3; }
            case 15 -> { u32(); return -1; }
            case 16 -> { u32(); return 1; }
            default -> throw new Unsupported("opcode 0xFC " + sub);
        }
    }

    private void blockType(ModuleTypes mt, int i) throws Unsupported {
        need(1);
        int t = b[p] & 0xff;
        if (t == 0x40) {
            p++;
            blockParams[i] = new byte[0];
            blockResults[i] = new byte[0];
        } else if ((t & 0xC0) == 0x40) {
            p++;
            valtype((byte) t);
            blockParams[i] = new byte[0];
            blockResults[i] = new byte[] {(byte) t};
        } else {
            long x = leb(5); // s33 type index, non-negative here
            if (x < 0 || x >= mt.params().length) {
                throw new Unsupported("block type " + x + " out of range");
            }
            blockParams[i] = mt.params()[(int) x];
            blockResults[i] = mt.results()[(int) x];
        }
    }

    private int label(int depth, int i) throws Unsupported {
        long d = u32();
        if (d > depth) {
            throw new Unsupported("branch depth " + d + " at nesting " + depth);
        }
        return depth - (int) d;
    }

    private void check(int h, int i) throws Unsupported {
        if (h < 0) {
            throw new Unsupported("operand stack underflow at byte " + start[i]);
        }
    }

    private void memarg() throws Unsupported {
        long align = u32();
        if ((align & 0x40) != 0) {
            u32();
        }
        leb(10);
    }

    private void need(int k) throws Unsupported {
        if (bodyEnd - p < k) {
            throw new Unsupported("truncated instruction at byte " + p);
        }
    }

    private long u32() throws Unsupported {
        int[] pos = {p};
        long v = u32(b, pos, bodyEnd);
        p = pos[0];
        return v;
    }

    /** Skips a LEB128 of at most {@code max} bytes; returns its low bits as unsigned (for s33 type indices). */
    private long leb(int max) throws Unsupported {
        long v = 0;
        for (int k = 0; k < max; k++) {
            need(1);
            int x = b[p++] & 0xff;
            v |= (long) (x & 0x7f) << (7 * k);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new Unsupported("LEB128 longer than " + max + " bytes at byte " + p);
    }

    static long u32(byte[] b, int[] pos, int limit) throws Unsupported {
        long v = 0;
        for (int k = 0; k < 5; k++) {
            if (pos[0] >= limit) {
                throw new Unsupported("truncated LEB128 at byte " + pos[0]);
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << (7 * k);
            if ((x & 0x80) == 0) {
                if (v > 0xFFFF_FFFFL) {
                    throw new Unsupported("LEB128 above 2^32 at byte " + pos[0]);
                }
                return v;
            }
        }
        throw new Unsupported("LEB128 longer than 5 bytes at byte " + pos[0]);
    }

    // ------------------------------------------------------------------ structure

    /** The first u32 immediate of instruction {@code i}, after its opcode byte (decoding has checked it). */
    long firstImmediate(int i) {
        int[] pos = {start[i] + 1};
        try {
            return u32(b, pos, end[i]);
        } catch (Unsupported impossible) {
            throw new IllegalStateException("instruction " + i + " was decoded", impossible);
        }
    }

    /** The index of the last instruction of the item starting at {@code i} (its end, for a block). */
    int itemLast(int i) {
        return match[i] >= 0 && (op[i] == BLOCK || op[i] == LOOP || op[i] == IF) ? match[i] : i;
    }

    boolean opensBlock(int i) {
        return op[i] == BLOCK || op[i] == LOOP || op[i] == IF;
    }

    /** Bytes from the start of instruction {@code from} to the end of instruction {@code last}. */
    int bytes(int from, int last) {
        return end[last] - start[from];
    }

    /** The types a branch to label {@code id} carries, seen from instruction {@code at} (inside that label). */
    byte[] labelTypes(int id, int at) {
        if (id == 0) {
            return resultTypes;
        }
        int o = parent[at];
        while (o >= 0 && level[o] + 1 != id) {
            o = parent[o];
        }
        if (o < 0) {
            throw new IllegalStateException("label " + id + " not open at " + at);
        }
        return op[o] == LOOP ? blockParams[o] : blockResults[o];
    }
}
