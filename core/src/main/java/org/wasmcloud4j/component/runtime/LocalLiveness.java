package org.wasmcloud4j.component.runtime;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which locals of a function body are live (may be read before they are written) at chosen points: a backward
 * data-flow analysis over the structured control flow of a {@link FunctionCode}, iterated until the live sets at
 * loop headers stop changing. {@link FunctionOutliner} uses it so that a piece takes only the locals live where it
 * is entered and gives back only the locals live where it is left.
 */
final class LocalLiveness {
    /** Passes over the body before giving up (each pass can only grow the loop headers' sets). */
    private static final int MAX_PASSES = 64;

    private final FunctionCode c;
    /** live before instruction i, for the points asked for */
    private final Map<Integer, BitSet> before = new HashMap<>();
    /** live where a branch to the label of block/loop/if i goes: after its end, or at the loop's start */
    private final BitSet[] atLabel;
    private final BitSet[] loopHeader;
    private final boolean[] wanted;

    private LocalLiveness(FunctionCode c, int[] points) {
        this.c = c;
        this.atLabel = new BitSet[c.n];
        this.loopHeader = new BitSet[c.n];
        this.wanted = new boolean[c.n + 1];
        for (int p : points) {
            wanted[p] = true;
        }
    }

    /**
     * Computes liveness for {@code c}, keeping the sets before each of {@code points} (instruction indices);
     * {@code null} when the analysis does not settle within its passes.
     */
    static LocalLiveness of(FunctionCode c, int[] points) {
        LocalLiveness l = new LocalLiveness(c, points);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            if (!l.pass()) {
                return l;
            }
        }
        return null;
    }

    /** The locals live before instruction {@code i} (one of the points asked for). */
    BitSet before(int i) {
        BitSet s = before.get(i);
        if (s == null) {
            throw new IllegalArgumentException("no live set kept before " + i);
        }
        return s;
    }

    /** The locals live where a branch to label {@code id}, seen from instruction {@code at}, goes. */
    BitSet atLabel(int id, int at) {
        if (id == 0) {
            return new BitSet(); // the function's label: nothing is read after the function returns
        }
        int o = c.parent[at];
        while (o >= 0 && c.level[o] + 1 != id) {
            o = c.parent[o];
        }
        BitSet s = c.op[o] == FunctionCode.LOOP ? loopHeader[o] : atLabel[o];
        return s == null ? new BitSet() : s;
    }

    /** One backward pass; whether some loop header's set changed. */
    private boolean pass() {
        boolean changed = false;
        BitSet cur = new BitSet();
        // per nesting level (label id): live set a branch to that label carries on to
        BitSet[] label = new BitSet[c.maxLevel + 2];
        label[0] = new BitSet();
        // per if with an else: live after the if's end, for the then-body's fall-through
        Map<Integer, BitSet> afterIf = new HashMap<>();
        Map<Integer, BitSet> elseIn = new HashMap<>();
        for (int i = c.n - 1; i >= 0; i--) {
            int op = c.op[i];
            switch (op) {
                case FunctionCode.END -> {
                    if (i == c.n - 1) {
                        cur = new BitSet();
                    } else {
                        int o = c.parent[i]; // the block this end closes
                        atLabel[o] = (BitSet) cur.clone();
                        label[c.level[o] + 1] = c.op[o] == FunctionCode.LOOP
                                ? (loopHeader[o] == null ? new BitSet() : loopHeader[o]) : atLabel[o];
                        if (c.elseAt[o] >= 0) {
                            afterIf.put(o, (BitSet) cur.clone());
                        }
                    }
                }
                case FunctionCode.ELSE -> {
                    int o = c.parent[i]; // the if of this else
                    elseIn.put(o, cur);
                    cur = (BitSet) afterIf.get(o).clone();
                }
                case FunctionCode.BLOCK -> { }
                case FunctionCode.LOOP -> {
                    if (!cur.equals(loopHeader[i])) {
                        loopHeader[i] = (BitSet) cur.clone();
                        changed = true;
                    }
                }
                case FunctionCode.IF -> {
                    BitSet other = c.elseAt[i] >= 0 ? elseIn.remove(i) : atLabel[i];
                    cur = (BitSet) cur.clone();
                    cur.or(other);
                    afterIf.remove(i);
                }
                case FunctionCode.BR -> cur = (BitSet) label[c.imm[i]].clone();
                case FunctionCode.BR_IF -> {
                    cur = (BitSet) cur.clone();
                    cur.or(label[c.imm[i]]);
                }
                case FunctionCode.BR_TABLE -> {
                    BitSet s = new BitSet();
                    for (int t : c.table[i]) {
                        s.or(label[t]);
                    }
                    cur = s;
                }
                case FunctionCode.RETURN, 0x00 -> cur = new BitSet();
                case FunctionCode.LOCAL_GET -> {
                    cur = (BitSet) cur.clone();
                    cur.set(c.imm[i]);
                }
                case FunctionCode.LOCAL_SET, FunctionCode.LOCAL_TEE -> {
                    cur = (BitSet) cur.clone();
                    cur.clear(c.imm[i]);
                }
                default -> { }
            }
            if (wanted[i]) {
                before.put(i, cur);
            }
        }
        return changed;
    }
}
