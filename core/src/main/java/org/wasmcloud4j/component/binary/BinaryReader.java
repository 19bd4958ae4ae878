package org.wasmcloud4j.component.binary;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over {@code [pos, limit)} of the decoder's input array. Array indices are byte offsets in
 * the input, so every error names the absolute offset. Every read checks the limit; every count is checked against
 * the bytes that remain before anything is allocated for it.
 */
final class BinaryReader {
    private final byte[] buf;
    private int pos;
    private final int limit;
    private final String context;
    private final boolean bounded;

    BinaryReader(byte[] buf, int pos, int limit, String context) {
        this(buf, pos, limit, context, limit != buf.length);
    }

    private BinaryReader(byte[] buf, int pos, int limit, String context, boolean bounded) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.context = context;
        this.bounded = bounded;
    }

    byte[] buf() {
        return buf;
    }

    int pos() {
        return pos;
    }

    int limit() {
        return limit;
    }

    String context() {
        return context;
    }

    int remaining() {
        return limit - pos;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    private DecodeException eof(String what) {
        if (!bounded) {
            return new DecodeException(pos, "unexpected end of input while reading " + what + " in " + context);
        }
        return new DecodeException(pos, "unexpected end of " + context + " (which ends at byte offset " + limit
                + ") while reading " + what);
    }

    int peek(String what) {
        if (pos >= limit) {
            throw eof(what);
        }
        return buf[pos] & 0xff;
    }

    int u8(String what) {
        if (pos >= limit) {
            throw eof(what);
        }
        return buf[pos++] & 0xff;
    }

    /** Reads {@code n} raw bytes and returns the offset of the first. */
    int skip(int n, String what) {
        if (n < 0 || n > limit - pos) {
            throw eof(what + " (" + n + " bytes)");
        }
        int at = pos;
        pos += n;
        return at;
    }

    /** Unsigned LEB128, at most 5 bytes, value below 2^32. */
    long u32(String what) {
        int start = pos;
        long result = 0;
        for (int i = 0; ; i++) {
            if (pos >= limit) {
                throw eof("LEB128 u32 " + what);
            }
            int b = buf[pos++] & 0xff;
            if (i == 4) {
                if ((b & 0x80) != 0) {
                    throw new DecodeException(start, "malformed LEB128 u32 for " + what + ": longer than 5 bytes");
                }
                if ((b & 0x70) != 0) {
                    throw new DecodeException(start, "LEB128 value for " + what + " is too large for u32");
                }
            }
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    /** Unsigned LEB128, at most 10 bytes, value below 2^64 (returned as the same bits in a long). */
    long u64(String what) {
        int start = pos;
        long result = 0;
        for (int i = 0; ; i++) {
            if (pos >= limit) {
                throw eof("LEB128 u64 " + what);
            }
            int b = buf[pos++] & 0xff;
            if (i == 9) {
                if ((b & 0x80) != 0) {
                    throw new DecodeException(start, "malformed LEB128 u64 for " + what + ": longer than 10 bytes");
                }
                if ((b & 0x7e) != 0) {
                    throw new DecodeException(start, "LEB128 value for " + what + " is too large for u64");
                }
            }
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    /** Signed LEB128 of {@code bits} bits (32, 33 or 64). */
    long signed(int bits, String what) {
        int start = pos;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        int shift = 0;
        int b;
        int i = 0;
        do {
            if (i == maxBytes) {
                throw new DecodeException(start, "malformed LEB128 s" + bits + " for " + what + ": longer than "
                        + maxBytes + " bytes");
            }
            if (pos >= limit) {
                throw eof("LEB128 s" + bits + " " + what);
            }
            b = buf[pos++] & 0xff;
            if (bits == 64 && i == 9 && (b & 0x7f) != 0 && (b & 0x7f) != 0x7f) {
                throw new DecodeException(start, "LEB128 value for " + what + " is too large for s64");
            }
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
            i++;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        if (bits < 64) {
            long min = -(1L << (bits - 1));
            long max = (1L << (bits - 1)) - 1;
            if (result < min || result > max) {
                throw new DecodeException(start, "LEB128 value for " + what + " is too large for s" + bits);
            }
        }
        return result;
    }

    /** A u32 used as an index; indices above 2^31-1 can never be valid and are rejected. */
    int index(String what) {
        int start = pos;
        long v = u32(what);
        if (v > Integer.MAX_VALUE) {
            throw new DecodeException(start, what + " " + v + " exceeds the implementation limit of "
                    + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /**
     * A vector length, checked against the bytes that remain: each item takes at least {@code minItemBytes}.
     */
    int count(String what, int minItemBytes) {
        int start = pos;
        long n = u32("count of " + what);
        long needed = n * minItemBytes;
        if (needed > remaining()) {
            throw new DecodeException(start, "count " + n + " of " + what + " needs at least " + needed
                    + " bytes but only " + remaining() + " remain in " + context);
        }
        return (int) n;
    }

    /**
     * A list for {@code count} items whose initial capacity is capped, so that a chain of nested lists that each
     * claim as many items as bytes remain cannot allocate more than a small multiple of what is actually decoded.
     */
    static <T> java.util.List<T> listFor(int count) {
        return new java.util.ArrayList<>(Math.min(count, 64));
    }

    /** A length-prefixed UTF-8 string. */
    String name(String what) {
        int start = pos;
        long len = u32("length of " + what);
        if (len > remaining()) {
            throw new DecodeException(start, "length " + len + " of " + what + " exceeds the " + remaining()
                    + " bytes that remain in " + context);
        }
        int from = pos;
        int to = pos + (int) len;
        pos = to;
        return utf8(from, to, what);
    }

    String utf8(int from, int to, String what) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
        int bad = firstInvalidUtf8(buf, from, to);
        if (bad >= 0) {
            throw new DecodeException(bad, "invalid UTF-8 in " + what);
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** Takes the next {@code len} bytes as a slice. */
    Bytes bytes(long len, String what) {
        if (len > remaining()) {
            throw new DecodeException(pos, what + " of " + len + " bytes exceeds the " + remaining()
                    + " bytes that remain in " + context);
        }
        Bytes b = new Bytes(buf, pos, (int) len);
        pos += (int) len;
        return b;
    }

    /** A reader over the next {@code len} bytes; this reader moves past them. */
    BinaryReader sub(long len, String subContext) {
        if (len > remaining()) {
            throw new DecodeException(pos, subContext + " of " + len + " bytes exceeds the " + remaining()
                    + " bytes that remain in " + context);
        }
        BinaryReader r = new BinaryReader(buf, pos, pos + (int) len, subContext, true);
        pos += (int) len;
        return r;
    }

    /** Offset of the first byte that does not belong to well-formed UTF-8, or -1. */
    static int firstInvalidUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                if (c == 0xe0) {
                    lo = 0xa0;
                } else if (c == 0xed) {
                    hi = 0x9f;
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                if (c == 0xf0) {
                    lo = 0x90;
                } else if (c == 0xf4) {
                    hi = 0x8f;
                }
            } else {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= to) {
                    return i;
                }
                int cc = b[i + k] & 0xff;
                int l = k == 1 ? lo : 0x80;
                int h = k == 1 ? hi : 0xbf;
                if (cc < l || cc > h) {
                    return i + k;
                }
            }
            i += n + 1;
        }
        return -1;
    }
}
