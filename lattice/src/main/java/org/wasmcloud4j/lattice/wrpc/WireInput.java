package org.wasmcloud4j.lattice.wrpc;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A pull reader over the chunks of one channel. Reads block on the {@link ChunkSource} only when the bytes
 * already there are used up. A length read from the wire never decides an allocation by itself: bytes are
 * gathered from the chunks that arrived and copied into one array only once all of them are there, so a claimed
 * length of 4 GiB with 3 bytes behind it fails at EOF having allocated nothing. Not thread-safe.
 */
final class WireInput {
    private static final byte[] EMPTY = new byte[0];
    /** Most bytes one value may take (a Java array). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private final ChunkSource source;
    private byte[] chunk = EMPTY;
    private int pos;
    private long chunkStart;
    private boolean eof;
    private CharsetDecoder utf8;
    ValuePath path;

    WireInput(ChunkSource source, ValuePath path) {
        this.source = source;
        this.path = path;
    }

    /** Offset of the next byte from the start of the channel. */
    long offset() {
        return chunkStart + pos;
    }

    WrpcCodecException error(String detail, long at) {
        return new WrpcCodecException(detail, at, path.toString());
    }

    /** Makes a byte available; false at the end of the channel. */
    private boolean fill() {
        while (pos >= chunk.length) {
            if (eof) {
                return false;
            }
            byte[] next;
            try {
                next = source.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WrpcException("interrupted while waiting for wRPC data (at byte offset " + offset() + ", "
                        + path + ")", e);
            }
            chunkStart += chunk.length;
            pos = 0;
            if (next == null || next.length == 0) {
                chunk = EMPTY;
                eof = true;
                return false;
            }
            chunk = next;
        }
        return true;
    }

    /** Bytes at hand in the current chunk (already arrived). */
    int available() {
        return chunk.length - pos;
    }

    /** Whether the channel's EOF was read already (never waits). */
    boolean eofSeen() {
        return eof;
    }

    /** Whether the channel has ended (waits for the next chunk if the current one is used up). */
    boolean atEnd() {
        return !fill();
    }

    int readByte(String what) {
        if (pos >= chunk.length && !fill()) {
            throw error("unexpected end of data: expected " + what, offset());
        }
        return chunk[pos++] & 0xff;
    }

    /**
     * Reads an unsigned LEB128 of at most {@code bits} bits: at most ceil(bits/7) bytes, no bits set past the
     * width.
     */
    long readUnsigned(int bits, String what) {
        long at = offset();
        int maxBytes = (bits + 6) / 7;
        long x = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = pos < chunk.length ? chunk[pos++] & 0xff : readByte(what);
            int shift = 7 * i;
            if (i == maxBytes - 1) {
                int room = bits - shift; // value bits the last byte may carry
                if ((b & 0x80) != 0) {
                    throw error(what + ": LEB128 longer than " + maxBytes + " bytes", at);
                }
                if (b >>> room != 0) {
                    throw error(what + ": LEB128 sets bits past " + bits, at);
                }
            }
            x |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return x;
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * Reads a signed LEB128 of at most {@code bits} bits. A short encoding sign-extends from bit 6 of its last
     * byte. In a full-length encoding the last byte carries the top {@code r} bits of the value; its higher bits
     * must be all zero (the "wrapped" form wasm-tokio 0.6 writes and reads, and standard non-negative values) or all
     * one with the value's sign bit set (standard negative values).
     */
    long readSigned(int bits, String what) {
        long at = offset();
        int maxBytes = (bits + 6) / 7;
        long x = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = pos < chunk.length ? chunk[pos++] & 0xff : readByte(what);
            int shift = 7 * i;
            if (i == maxBytes - 1) {
                if ((b & 0x80) != 0) {
                    throw error(what + ": LEB128 longer than " + maxBytes + " bytes", at);
                }
                int room = bits - shift;
                int high = b >>> room; // bits past the width
                int allOnes = (1 << (7 - room)) - 1;
                boolean sign = (b >>> (room - 1) & 1) != 0;
                if (high != 0 && !(high == allOnes && sign)) {
                    throw error(what + ": signed LEB128 sets bits past " + bits, at);
                }
                x |= (long) (b & ((1 << room) - 1)) << shift;
                // sign-extend from bit (bits - 1)
                return x << (64 - bits) >> (64 - bits);
            }
            x |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                int used = shift + 7;
                return used >= 64 ? x : x << (64 - used) >> (64 - used);
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * Copies up to {@code len} bytes that have arrived (waiting for the next chunk only when none are at hand) into
     * {@code dst}: a streamed body is read piece by piece, never gathered whole.
     *
     * @return the bytes copied (at least 1)
     * @throws WrpcCodecException at the end of the channel
     */
    int readSome(byte[] dst, int off, int len, String what) {
        if (pos >= chunk.length && !fill()) {
            throw error("unexpected end of data: expected " + what, offset());
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, dst, off, n);
        pos += n;
        return n;
    }

    /** Reads {@code n} bytes; allocates the result only once they have all arrived. */
    byte[] readBytes(long n, String what) {
        long at = offset();
        if (n == 0) {
            return EMPTY;
        }
        int avail = chunk.length - pos;
        if (avail >= n) {
            byte[] out = new byte[(int) n];
            System.arraycopy(chunk, pos, out, 0, (int) n);
            pos += (int) n;
            return out;
        }
        List<byte[]> parts = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        long have = 0;
        while (have < n) {
            if (pos >= chunk.length && !fill()) {
                throw error("unexpected end of data: " + what + " needs " + n + " bytes, " + have + " arrived", at);
            }
            int take = (int) Math.min(chunk.length - pos, n - have);
            parts.add(chunk);
            ranges.add(new int[] {pos, take});
            pos += take;
            have += take;
            if (have > MAX_BYTES) {
                throw error(what + " of " + n + " bytes is too large", at);
            }
        }
        byte[] out = new byte[(int) n];
        int o = 0;
        for (int i = 0; i < parts.size(); i++) {
            int[] r = ranges.get(i);
            System.arraycopy(parts.get(i), r[0], out, o, r[1]);
            o += r[1];
        }
        return out;
    }

    /** Reads {@code n} bytes of UTF-8 text; invalid UTF-8 (including encoded surrogates) is an error. */
    String readUtf8(long n, String what) {
        long at = offset();
        if (n == 0) {
            return "";
        }
        if (chunk.length - pos >= n) {
            String s = decode(chunk, pos, (int) n, what, at);
            pos += (int) n;
            return s;
        }
        byte[] b = readBytes(n, what);
        return decode(b, 0, b.length, what, at);
    }

    private String decode(byte[] b, int from, int len, String what, long at) {
        boolean ascii = true;
        for (int i = from; i < from + len; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, from, len, StandardCharsets.ISO_8859_1);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer cb = utf8.reset().decode(ByteBuffer.wrap(b, from, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid UTF-8", at);
        }
    }

    /** Reads one Unicode scalar value as UTF-8 (1 to 4 bytes, shortest form, no surrogates). */
    int readCharUtf8() {
        long at = offset();
        int b0 = readByte("a char");
        if (b0 < 0x80) {
            return b0;
        }
        int len;
        int cp;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            throw error("char: 0x" + Integer.toHexString(b0) + " does not start a UTF-8 sequence", at);
        }
        for (int i = 1; i < len; i++) {
            int b = readByte("a char");
            if ((b & 0xC0) != 0x80) {
                throw error("char: byte " + i + " (0x" + Integer.toHexString(b) + ") is not a UTF-8 continuation",
                        at);
            }
            cp = cp << 6 | b & 0x3F;
        }
        if (cp < min || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF) {
            throw error("char: U+" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)
                    + " is not a Unicode scalar value in shortest UTF-8", at);
        }
        return cp;
    }
}
