package org.wasmcloud4j.secrets.xkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NkeyTextTest {
    @Property(tries = 300)
    void anyDataRoundTrips(@ForAll @Size(min = 1, max = 64) byte[] data) {
        String text = NkeyText.encode(data);
        assertThat(text).matches("[A-Z2-7]*");
        assertThat(NkeyText.decode(text, data.length, "t")).isEqualTo(data);
    }

    @Property(tries = 300)
    void theWrongLengthIsRefused(@ForAll @Size(min = 1, max = 40) byte[] data, @ForAll @IntRange(min = 1, max = 3)
            int delta) {
        String text = NkeyText.encode(data);
        assertThatThrownBy(() -> NkeyText.decode(text, data.length + delta, "t")).isInstanceOf(XKeyException.class);
        assertThatThrownBy(() -> NkeyText.decode(text + "A".repeat(delta), data.length, "t"))
                .isInstanceOf(XKeyException.class).hasMessageContaining("characters");
    }

    @Test
    void crcIsXmodem() {
        // CRC-16/XMODEM check value of "123456789" is 0x31C3.
        assertThat(NkeyText.crc16("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 9))
                .isEqualTo(0x31c3);
    }

    @Test
    void nonZeroPaddingBitsAreRefused() {
        // 33 bytes + 2 CRC = 35 bytes = 280 bits = 56 chars exactly: no padding. 34 + 2 = 36 bytes = 288 bits in
        // 58 chars (290 bits): 2 padding bits, which must be zero.
        byte[] data = new byte[34];
        String text = NkeyText.encode(data);
        char last = text.charAt(text.length() - 1);
        String bad = text.substring(0, text.length() - 1) + (char) (last + 1);
        assertThatThrownBy(() -> NkeyText.decode(bad, 34, "seed")).isInstanceOf(XKeyException.class)
                .hasMessageContaining("padding");
    }
}
