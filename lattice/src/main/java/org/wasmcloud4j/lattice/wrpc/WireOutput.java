package org.wasmcloud4j.lattice.wrpc;

import java.util.Arrays;

/**
 * A growable byte buffer for encoding. It starts from a per-thread scratch array (kept up to
 * {@link #MAX_SCRATCH} bytes), so an encoding allocates only its exact result. Not thread-safe; one open
 * buffer per thread at a time ({@link #toByteArray()} gives the scratch array back).
 */
final class WireOutput {
    /** Largest scratch array kept per thread. */
    static final int MAX_SCRATCH = 64 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private byte[] buf;
    private int size;

    WireOutput(int initialCapacity) {
        byte[] scratch = SCRATCH.get();
        if (scratch != null && scratch.length >= initialCapacity) {
            SCRATCH.set(null); // taken: a nested encoder on this thread gets its own
            buf = scratch;
        } else {
            buf = new byte[Math.max(16, initialCapacity)];
        }
    }

    int size() {
        return size;
    }

    private void ensure(int extra) {
        if (buf.length - size < extra) {
            long want = Math.max((long) buf.length * 2, (long) size + extra);
            if (want > WireInput.MAX_BYTES) {
                if ((long) size + extra > WireInput.MAX_BYTES) {
                    throw new WrpcException("encoded wRPC data would exceed " + WireInput.MAX_BYTES + " bytes");
                }
                want = WireInput.MAX_BYTES;
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void write(byte[] b, int from, int len) {
        ensure(len);
        System.arraycopy(b, from, buf, size, len);
        size += len;
    }

    /**
     * Writes {@code s} as UTF-8, whose encoded length the caller has counted ({@code utf8Length}) and whose
     * surrogates it has checked are paired.
     */
    void writeUtf8(String s, long utf8Length) {
        if (utf8Length > Integer.MAX_VALUE) {
            throw new WrpcException("encoded wRPC data would exceed " + WireInput.MAX_BYTES + " bytes");
        }
        ensure((int) utf8Length);
        byte[] b = buf;
        int at = size;
        int n = s.length();
        if (utf8Length == n) {   // every char is below 0x80: its UTF-8 is its low byte
            copyAscii(s, b, at);
            size = at + n;
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[at++] = (byte) c;
            } else {
                at = putUtf8(b, at, Character.isHighSurrogate(c) ? Character.toCodePoint(c, s.charAt(++i)) : c);
            }
        }
        size = at;
    }

    /** Copies the chars of {@code s}, all below 0x80, as bytes (an array copy for a Latin-1 string). */
    @SuppressWarnings("deprecation")
    private static void copyAscii(String s, byte[] b, int at) {
        s.getBytes(0, s.length(), b, at);
    }

    /** Writes one Unicode scalar value as UTF-8 (1 to 4 bytes). */
    void writeCodePoint(int cp) {
        ensure(4);
        size = putUtf8(buf, size, cp);
    }

    /** Puts {@code cp} as UTF-8 into {@code b} at {@code at} (room checked by the caller); the position after it. */
    private static int putUtf8(byte[] b, int at, int cp) {
        if (cp < 0x80) {
            b[at++] = (byte) cp;
        } else if (cp < 0x800) {
            b[at++] = (byte) (0xC0 | cp >>> 6);
            b[at++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            b[at++] = (byte) (0xE0 | cp >>> 12);
            b[at++] = (byte) (0x80 | cp >>> 6 & 0x3F);
            b[at++] = (byte) (0x80 | cp & 0x3F);
        } else {
            b[at++] = (byte) (0xF0 | cp >>> 18);
            b[at++] = (byte) (0x80 | cp >>> 12 & 0x3F);
            b[at++] = (byte) (0x80 | cp >>> 6 & 0x3F);
            b[at++] = (byte) (0x80 | cp & 0x3F);
        }
        return at;
    }

    void writeUnsigned(long v) {
        ensure(10);
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            buf[size++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    /** Standard (shortest) signed LEB128. */
    void writeSigned(long v) {
        ensure(10);
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            if (v == 0 && (b & 0x40) == 0 || v == -1 && (b & 0x40) != 0) {
                buf[size++] = (byte) b;
                return;
            }
            buf[size++] = (byte) (b | 0x80);
        }
    }

    void writeIntLe(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    void writeLongLe(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** The bytes written; gives the buffer back as this thread's scratch array. Call once. */
    byte[] toByteArray() {
        byte[] out = Arrays.copyOf(buf, size);
        if (buf.length <= MAX_SCRATCH) {
            SCRATCH.set(buf);
        }
        buf = null;
        return out;
    }
}
