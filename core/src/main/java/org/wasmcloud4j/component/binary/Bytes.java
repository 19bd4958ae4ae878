package org.wasmcloud4j.component.binary;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable slice of the decoded input. Slices share the decoder's private copy of the input, so taking one never
 * copies bytes; {@link #toArray()} copies exactly once.
 */
public final class Bytes {
    private final byte[] array;
    private final int start;
    private final int length;

    Bytes(byte[] array, int start, int length) {
        if (start < 0 || length < 0 || start > array.length - length) {
            throw new IndexOutOfBoundsException("slice " + start + "+" + length + " of " + array.length);
        }
        this.array = array;
        this.start = start;
        this.length = length;
    }

    /** A slice over a private copy of {@code bytes}; its {@link #offset()} is 0. */
    public static Bytes copyOf(byte[] bytes) {
        return new Bytes(bytes.clone(), 0, bytes.length);
    }

    /** Byte offset of the first byte of this slice in the input given to the decoder. */
    public long offset() {
        return start;
    }

    /** Number of bytes in this slice. */
    public int length() {
        return length;
    }

    /** The byte at {@code index} (0-based within this slice). */
    public byte get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of " + length);
        }
        return array[start + index];
    }

    /** A fresh copy of the bytes of this slice. */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, start, start + length);
    }

    /** A read-only buffer over this slice, without copying; position 0 is the first byte of the slice. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, start, length).slice().asReadOnlyBuffer();
    }

    /** A stream over this slice, without copying. */
    public InputStream asInputStream() {
        return new ByteArrayInputStream(array, start, length);
    }

    /**
     * The slice as strictly validated UTF-8 text.
     *
     * @throws DecodeException at the offset of the first byte that is not valid UTF-8
     */
    public String utf8() {
        int bad = BinaryReader.firstInvalidUtf8(array, start, start + length);
        if (bad >= 0) {
            throw new DecodeException(bad, "invalid UTF-8 in text of " + length + " bytes");
        }
        return new String(array, start, length, StandardCharsets.UTF_8);
    }

    byte[] array() {
        return array;
    }

    int start() {
        return start;
    }

    int end() {
        return start + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, start, start + length, b.array, b.start, b.start + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Bytes[offset=" + start + ", length=" + length + "]";
    }
}
