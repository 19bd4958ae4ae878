package org.wasmcloud4j.lattice.wrpc;

import java.util.Arrays;

/**
 * Where the codec is inside a value, kept as a stack of cheap frames and rendered only for an error message
 * ({@code param 0 / field body / element 3}) or for the {@link IndexPath} of an async value (the frames that index:
 * root, field, member, element).
 */
final class ValuePath {
    private static final int FIELD = 0;
    private static final int MEMBER = 1;
    private static final int ELEMENT = 2;
    private static final int CASE = 3;

    private final String rootLabel;
    private final IndexPath rootIndex;
    private int[] kinds;
    private long[] indices;
    private String[] names;
    private int depth;

    /**
     * @param rootLabel how the root is named in messages, e.g. {@code "param 0"}
     * @param rootIndex the root's index path
     */
    ValuePath(String rootLabel, IndexPath rootIndex) {
        this.rootLabel = rootLabel;
        this.rootIndex = rootIndex;
    }

    void field(String name, int index) {
        push(FIELD, index, name);
    }

    void member(int index) {
        push(MEMBER, index, null);
    }

    void element(long index) {
        push(ELEMENT, index, null);
    }

    /** A payload that reuses its parent's index: a variant case, {@code some}, {@code ok}, {@code err}, ready. */
    void payload(String name) {
        push(CASE, 0, name);
    }

    /** Sets the index of the innermost element frame (for loops over list elements). */
    void setElement(long index) {
        indices[depth - 1] = index;
    }

    void pop() {
        depth--;
    }

    private void push(int kind, long index, String name) {
        if (kinds == null) {
            kinds = new int[8];
            indices = new long[8];
            names = new String[8];
        } else if (depth == kinds.length) {
            kinds = Arrays.copyOf(kinds, depth * 2);
            indices = Arrays.copyOf(indices, depth * 2);
            names = Arrays.copyOf(names, depth * 2);
        }
        kinds[depth] = kind;
        indices[depth] = index;
        names[depth] = name;
        depth++;
    }

    /** The index path of the current place. */
    IndexPath index() {
        IndexPath p = rootIndex;
        for (int i = 0; i < depth; i++) {
            if (kinds[i] != CASE) {
                p = p.child(indices[i]);
            }
        }
        return p;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(rootLabel);
        for (int i = 0; i < depth; i++) {
            b.append(" / ");
            switch (kinds[i]) {
                case FIELD: b.append("field ").append(names[i]); break;
                case MEMBER: b.append("member ").append(indices[i]); break;
                case ELEMENT: b.append("element ").append(indices[i]); break;
                default: b.append(names[i]);
            }
        }
        return b.toString();
    }
}
