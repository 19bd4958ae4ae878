package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SecretValueTest {
    @Test
    void toStringNeverRevealsTheSecret() {
        assertThat(SecretValue.ofString("hunter2").toString()).doesNotContain("hunter2").contains("redacted");
        assertThat(SecretValue.ofBytes(new byte[] {1, 2, 3}).toString()).contains("redacted");
    }

    @Test
    void bytesAreDefensivelyCopied() {
        byte[] raw = {1, 2, 3};
        SecretValue v = SecretValue.ofBytes(raw);
        raw[0] = 9;
        byte[] out = v.bytes().orElseThrow();
        out[1] = 9;
        assertThat(v.bytes().orElseThrow()).containsExactly(1, 2, 3);
    }

    @Test
    void binaryThatIsNotUtf8CannotBeReadAsString() {
        assertThatThrownBy(() -> SecretValue.ofBytes(new byte[] {(byte) 0xff}).asString())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void wipeZeroesTheHeldBytes() {
        SecretValue v = SecretValue.ofBytes(new byte[] {7, 7});
        v.wipe();
        assertThat(v.asBytes()).containsExactly(0, 0);
    }

    @Property
    void stringSecretsRoundTripThroughBytes(@ForAll String s) {
        SecretValue v = SecretValue.ofString(s);
        assertThat(v.asBytes()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        assertThat(v.asString()).isEqualTo(s);
        assertThat(v).isEqualTo(SecretValue.ofString(s)).isNotEqualTo(SecretValue.ofBytes(v.asBytes()));
    }
}
