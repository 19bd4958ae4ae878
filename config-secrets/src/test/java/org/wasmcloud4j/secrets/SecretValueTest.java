package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
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
        char[] chars = {'a', 'b'};
        SecretValue s = SecretValue.ofChars(chars, null);
        chars[0] = 'x';
        assertThat(s.asString()).isEqualTo("ab");
    }

    @Test
    void binaryThatIsNotUtf8CannotBeReadAsString() {
        assertThatThrownBy(() -> SecretValue.ofBytes(new byte[] {(byte) 0xff}).asString())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void versionIsKeptAndCompared() {
        assertThat(SecretValue.ofString("x", "7").version()).contains("7");
        assertThat(SecretValue.ofString("x").version()).isEmpty();
        assertThat(SecretValue.ofString("x", "7")).isNotEqualTo(SecretValue.ofString("x", "8"))
                .isEqualTo(SecretValue.ofString("x", "7"));
    }

    @Test
    void closeClearsTheHeldContentAndLocksTheValue() throws Exception {
        byte[] raw = {7, 7};
        SecretValue b = SecretValue.ofBytes(raw, "1");
        SecretValue s = SecretValue.ofString("hunter2");
        java.lang.reflect.Field bytes = SecretValue.class.getDeclaredField("bytes");
        java.lang.reflect.Field chars = SecretValue.class.getDeclaredField("chars");
        bytes.setAccessible(true);
        chars.setAccessible(true);
        byte[] heldBytes = (byte[]) bytes.get(b);
        char[] heldChars = (char[]) chars.get(s);
        b.close();
        s.destroy();
        assertThat(heldBytes).containsOnly(0);
        assertThat(heldChars).containsOnly('\0');
        assertThat(b.isDestroyed()).isTrue();
        assertThat(b.version()).contains("1");
        assertThatThrownBy(b::asBytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThatThrownBy(s::asString).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::string).isInstanceOf(IllegalStateException.class);
        s.close(); // idempotent
    }

    @Test
    void aSecretValueCannotBeSerialized() throws IOException {
        SecretValue v = SecretValue.ofString("hunter2");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(sink)) {
            assertThatThrownBy(() -> out.writeObject(v)).isInstanceOf(NotSerializableException.class)
                    .hasMessageNotContaining("hunter2");
        }
        assertThat(sink.toString(StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    }

    @Property
    void stringSecretsRoundTripThroughBytes(@ForAll String s) {
        SecretValue v = SecretValue.ofString(s);
        assertThat(v.asBytes()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        assertThat(v.asString()).isEqualTo(s);
        assertThat(v.chars().orElseThrow()).isEqualTo(s.toCharArray());
        assertThat(v).isEqualTo(SecretValue.ofString(s)).isNotEqualTo(SecretValue.ofBytes(v.asBytes()));
    }

    @Property
    void noPlaintextInToString(@ForAll @AlphaChars @StringLength(min = 4, max = 40) String s) {
        assertThat(SecretValue.ofString(s, "3").toString()).doesNotContain(s);
        assertThat(SecretValue.ofBytes(s.getBytes(StandardCharsets.UTF_8)).toString()).doesNotContain(s);
    }
}
