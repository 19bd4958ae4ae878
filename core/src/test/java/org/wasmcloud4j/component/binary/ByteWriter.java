package org.wasmcloud4j.component.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-only binary writer: bytes, LEB128, names, sections. */
final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ByteWriter u8(int b) {
        out.write(b);
        return this;
    }

    ByteWriter bytes(int... bs) {
        for (int b : bs) {
            out.write(b);
        }
        return this;
    }

    ByteWriter raw(byte[] bs) {
        out.writeBytes(bs);
        return this;
    }

    ByteWriter u32(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            if (v != 0) {
                b |= 0x80;
            }
            out.write(b);
        } while (v != 0);
        return this;
    }

    ByteWriter s64(long v) {
        boolean more = true;
        while (more) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
                more = false;
            } else {
                b |= 0x80;
            }
            out.write(b);
        }
        return this;
    }

    ByteWriter name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        out.writeBytes(b);
        return this;
    }

    /** Writes {@code id}, the LEB size of {@code payload}, and the payload. */
    ByteWriter section(int id, byte[] payload) {
        u8(id);
        u32(payload.length);
        out.writeBytes(payload);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] of(int... bs) {
        return new ByteWriter().bytes(bs).toByteArray();
    }
}
