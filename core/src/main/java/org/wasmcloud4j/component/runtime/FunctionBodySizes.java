package org.wasmcloud4j.component.runtime;

import org.wasmcloud4j.component.binary.DecodeException;

/**
 * Scans a core module's bytes for the sizes of its function bodies, without decoding instructions: the first
 * step of the huge-function splitter (docs/huge-functions.md), which decides from these sizes whether a module
 * needs splitting at all. Every length is checked against the bytes that remain before it is used.
 */
final class FunctionBodySizes {
    private FunctionBodySizes() {}

    /**
     * Returns the largest function body size in {@code b}, or 0 when the module has no code section.
     *
     * @param at absolute offset of {@code b[0]}, for error messages
     * @throws DecodeException if a section or body length runs past the end, naming the offset
     */
    static int largestBody(byte[] b, long at) {
        if (b.length < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') {
            throw new DecodeException(at, "not a core module (bad magic)");
        }
        int[] pos = {8};
        int largest = 0;
        while (pos[0] < b.length) {
            int id = b[pos[0]++] & 0xff;
            int size = u32(b, pos, at);
            int start = pos[0];
            if (size > b.length - start) {
                throw new DecodeException(at + start, "section " + id + " of " + size + " bytes runs past the end");
            }
            if (id == 10) {
                int count = u32(b, pos, at);
                for (int i = 0; i < count; i++) {
                    int bodyAt = pos[0];
                    int n = u32(b, pos, at);
                    if (n > start + size - pos[0]) {
                        throw new DecodeException(at + bodyAt, "function body " + i + " of " + n
                                + " bytes runs past its section");
                    }
                    largest = Math.max(largest, n);
                    pos[0] += n;
                }
            }
            pos[0] = start + size;
        }
        return largest;
    }

    private static int u32(byte[] b, int[] pos, long at) {
        int begin = pos[0];
        long v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= b.length) {
                throw new DecodeException(at + begin, "truncated LEB128");
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                if (v > Integer.MAX_VALUE) {
                    throw new DecodeException(at + begin, "length " + v + " too large");
                }
                return (int) v;
            }
        }
        throw new DecodeException(at + begin, "LEB128 longer than 5 bytes");
    }
}
