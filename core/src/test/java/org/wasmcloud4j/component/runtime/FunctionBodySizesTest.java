package org.wasmcloud4j.component.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.binary.DecodeException;

class FunctionBodySizesTest {
    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    /** A module with only a code section of {@code count} bodies of {@code n} bytes each. */
    private static byte[] module(int count, int n) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        leb(code, count);
        for (int i = 0; i < count; i++) {
            leb(code, n);
            code.write(new byte[n], 0, n);
        }
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(HEADER, 0, 8);
        m.write(10);
        leb(m, code.size());
        m.write(code.toByteArray(), 0, code.size());
        return m.toByteArray();
    }

    private static void leb(ByteArrayOutputStream o, int v) {
        do {
            int x = v & 0x7f;
            v >>>= 7;
            o.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
    }

    @Property(tries = 50)
    void findsTheLargestBody(@ForAll @IntRange(min = 0, max = 5) int count, @ForAll @IntRange(max = 300) int n) {
        assertEquals(count == 0 ? 0 : n, FunctionBodySizes.largestBody(module(count, n), 0));
    }

    @Property(tries = 50)
    void everyTruncationIsADecodeException(@ForAll @IntRange(min = 1, max = 200) int cut) {
        byte[] m = module(2, 100);
        byte[] t = java.util.Arrays.copyOf(m, Math.max(0, m.length - cut));
        DecodeException e = assertThrows(DecodeException.class, () -> FunctionBodySizes.largestBody(t, 1000));
        assertEquals(true, e.getMessage() != null);
    }

    @Test
    void aBodyLongerThanItsSectionNamesItsOffset() {
        byte[] m = module(1, 4);
        m[11] = 9; // body length 9 inside a section of 6 bytes
        DecodeException e = assertThrows(DecodeException.class, () -> FunctionBodySizes.largestBody(m, 0));
        assertEquals(true, e.getMessage().contains("function body 0"), e.getMessage());
        assertEquals(11, e.offset());
    }
}
