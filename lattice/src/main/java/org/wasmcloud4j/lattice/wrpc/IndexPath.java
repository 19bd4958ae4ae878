package org.wasmcloud4j.lattice.wrpc;

import java.util.Arrays;

/**
 * A wRPC index: the structural path of an async value inside the parameters or results of one call, a sequence of
 * u32. Parameter or result {@code i} is {@code [i]}; record fields and tuple members add their position; list and
 * stream elements add their position; the payloads of {@code option}, {@code result}, {@code variant} and
 * {@code future} reuse their parent's index. The NATS transport names the channel of an async value by appending
 * the index to the {@code params}/{@code results} subject ({@code R.params.0.1}). Immutable.
 */
public final class IndexPath {
    private static final IndexPath EMPTY = new IndexPath(new long[0]);

    private final long[] indices;

    private IndexPath(long[] indices) {
        this.indices = indices;
    }

    /** The empty path (the synchronous channel itself). */
    public static IndexPath root() {
        return EMPTY;
    }

    /**
     * A path of the given indices.
     *
     * @throws IllegalArgumentException if an index is not a u32
     */
    public static IndexPath of(long... indices) {
        for (long i : indices) {
            requireU32(i);
        }
        return new IndexPath(indices.clone());
    }

    /** This path with {@code index} appended. */
    public IndexPath child(long index) {
        requireU32(index);
        long[] out = Arrays.copyOf(indices, indices.length + 1);
        out[indices.length] = index;
        return new IndexPath(out);
    }

    /** The number of indices. */
    public int length() {
        return indices.length;
    }

    /** The index at {@code position}. */
    public long get(int position) {
        return indices[position];
    }

    /** This path appended to {@code other}'s indices: {@code other ++ this}. */
    public IndexPath under(IndexPath other) {
        long[] out = Arrays.copyOf(other.indices, other.indices.length + indices.length);
        System.arraycopy(indices, 0, out, other.indices.length, indices.length);
        return new IndexPath(out);
    }

    private static void requireU32(long i) {
        if (i < 0 || i > 0xffff_ffffL) {
            throw new IllegalArgumentException("an index is a u32, got " + i);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexPath p && Arrays.equals(indices, p.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }

    /** The indices joined by dots, e.g. {@code 0.1}; empty for the root. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < indices.length; i++) {
            if (i > 0) {
                b.append('.');
            }
            b.append(indices[i]);
        }
        return b.toString();
    }
}
