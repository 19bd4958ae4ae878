package org.wasmcloud4j.component.value;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import org.wasmcloud4j.component.types.PrimitiveType;

/**
 * The elements of a {@code list<u8>} held as bytes: an immutable {@code List<Value>} whose elements are
 * {@code u8} {@link Value.Int}s made on access. Equal to any list of the same {@code u8} values. The canonical ABI
 * moves these lists between guest memory and Java as whole arrays.
 */
public final class ByteList extends AbstractList<Value> implements RandomAccess {
    private static final Value.Int[] CACHE = new Value.Int[256];

    static {
        for (int i = 0; i < 256; i++) {
            CACHE[i] = new Value.Int(PrimitiveType.U8, i);
        }
    }

    private final byte[] bytes;

    private ByteList(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A list of the bytes {@code [from, to)} of {@code source} (copied). */
    public static ByteList copyOf(byte[] source, int from, int to) {
        return new ByteList(Arrays.copyOfRange(source, from, to));
    }

    /** A list of {@code source} (copied). */
    public static ByteList copyOf(byte[] source) {
        return new ByteList(source.clone());
    }

    /** A list owning {@code bytes}, which the caller must not change afterwards. */
    static ByteList wrap(byte[] bytes) {
        return new ByteList(bytes);
    }

    /** The bytes (a copy). */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The backing array, not to be changed (for the canonical ABI). */
    byte[] array() {
        return bytes;
    }

    @Override
    public Value get(int index) {
        return CACHE[bytes[index] & 0xff];
    }

    @Override
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ByteList other) {
            return Arrays.equals(bytes, other.bytes);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /** Bridge for the canonical ABI in another package. */
    public static final class Access {
        private Access() {}

        /** The backing array of {@code list}, not to be changed. */
        public static byte[] array(ByteList list) {
            return list.array();
        }

        /** A list owning {@code bytes}, which must not be changed afterwards. */
        public static ByteList wrap(byte[] bytes) {
            return ByteList.wrap(bytes);
        }
    }
}
