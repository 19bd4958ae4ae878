package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StringTransferProperties {
    private final Memory pagedArrays = new ByteArrayMemory(new MemoryLimits(3));
    private final Memory buffers = new ByteBufferMemory(new MemoryLimits(3));

    /** Strings written as UTF-8 and read back, anywhere in memory (also across a page boundary), in both memories. */
    @Property(tries = 500)
    void utf8WriteThenReadIsIdentityForScalarValues(@ForAll @StringLength(max = 300) String s,
                                                    @ForAll @IntRange(min = 65_300, max = 65_600) int ptr) {
        String valid = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        byte[] expected = valid.getBytes(StandardCharsets.UTF_8);
        for (Memory m : new Memory[] {pagedArrays, buffers}) {
            try (StringTransfer.Encoded utf8 = StringTransfer.encodeUtf8(valid)) {
                assertThat(Arrays.copyOf(utf8.bytes, utf8.length)).isEqualTo(expected);
                m.write(ptr, utf8.bytes, 0, utf8.length);
            }
            assertThat(StringTransfer.readUtf8(m, ptr, expected.length)).isEqualTo(valid);
        }
    }

    @Test
    void liftingReadsPagesDirectlyOnThisChicoryVersion() {
        assertThat(MemoryPages.direct()).isTrue();
    }

    @Test
    void unpairedSurrogatesAreEncodedAsReplacementCharacters() {
        try (StringTransfer.Encoded utf8 = StringTransfer.encodeUtf8("a\uD800b\uDC00")) {
            assertThat(new String(utf8.bytes, 0, utf8.length, StandardCharsets.UTF_8)).isEqualTo("a\uFFFDb\uFFFD");
        }
    }

    @Test
    void nestedEncodingOnOneThreadDoesNotShareTheBuffer() {
        try (StringTransfer.Encoded outer = StringTransfer.encodeUtf8("outer")) {
            try (StringTransfer.Encoded inner = StringTransfer.encodeUtf8("inner!")) {
                assertThat(new String(inner.bytes, 0, inner.length, StandardCharsets.UTF_8)).isEqualTo("inner!");
            }
            assertThat(new String(outer.bytes, 0, outer.length, StandardCharsets.UTF_8)).isEqualTo("outer");
        }
    }

    @Test
    void stringsLongerThanTheScratchBufferRoundTrip() {
        String s = "é\uD83D\uDE00".repeat(StringTransfer.MAX_SCRATCH);
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        try (StringTransfer.Encoded utf8 = StringTransfer.encodeUtf8(s)) {
            assertThat(Arrays.copyOf(utf8.bytes, utf8.length)).isEqualTo(expected);
            pagedArrays.write(3, utf8.bytes, 0, utf8.length);
        }
        assertThat(StringTransfer.readUtf8(pagedArrays, 3, expected.length)).isEqualTo(s);
    }
}
