package org.wasmcloud4j.secrets.xkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class XKeyTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    @Property(tries = 50)
    void sealThenOpenGivesThePlaintextBack(@ForAll @Size(max = 300) byte[] plain) {
        XKey a = XKey.generate();
        XKey b = XKey.generate();
        byte[] sealed = a.seal(plain, b.publicKey());
        assertThat(sealed).hasSize(4 + 24 + 16 + plain.length);
        assertThat(new String(sealed, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("xkv1");
        assertThat(b.open(sealed, a.publicKey())).isEqualTo(plain);
    }

    @Property(tries = 50)
    void seedAndPublicTextsRoundTrip(@ForAll("keys") XKey k) {
        String seed = new String(k.seed());
        assertThat(seed).startsWith("SX").hasSize(58);
        assertThat(k.publicKey()).startsWith("X").hasSize(56);
        XKey again = XKey.fromSeed(seed);
        assertThat(again.publicKey()).isEqualTo(k.publicKey());
        assertThat(new String(again.seed())).isEqualTo(seed);
        assertThat(XKey.fromPublicKey(k.publicKey()).publicKey()).isEqualTo(k.publicKey());
    }

    @Property(tries = 200)
    void everyByteFlipOfASealedMessageFailsCleanly(@ForAll("flip") int[] flip) {
        XKey a = XKey.generate();
        XKey b = XKey.generate();
        byte[] sealed = a.seal("a secret".getBytes(StandardCharsets.UTF_8), b);
        int at = flip[0] % sealed.length;
        sealed[at] ^= (byte) flip[1];
        assertThatThrownBy(() -> b.open(sealed, a)).isInstanceOf(XKeyException.class)
                .hasMessageNotContaining("a secret");
    }

    @Provide
    Arbitrary<XKey> keys() {
        return Arbitraries.create(XKey::generate);
    }

    @Provide
    Arbitrary<int[]> flip() {
        return Arbitraries.integers().between(0, 10_000).flatMap(i -> Arbitraries.integers().between(1, 255)
                .map(x -> new int[] {i, x}));
    }

    @Property(tries = 100)
    void truncatedOrExtendedMessagesFailCleanly(@ForAll @IntRange(min = 0, max = 60) int cut,
            @ForAll @Size(max = 5) byte[] extra) {
        XKey a = XKey.generate();
        XKey b = XKey.generate();
        byte[] sealed = a.seal("payload".getBytes(StandardCharsets.UTF_8), b);
        byte[] truncated = java.util.Arrays.copyOf(sealed, Math.min(cut, sealed.length - 1));
        assertThatThrownBy(() -> b.open(truncated, a)).isInstanceOf(XKeyException.class);
        if (extra.length > 0) {
            byte[] longer = java.util.Arrays.copyOf(sealed, sealed.length + extra.length);
            System.arraycopy(extra, 0, longer, sealed.length, extra.length);
            assertThatThrownBy(() -> b.open(longer, a)).isInstanceOf(XKeyException.class);
        }
    }

    @Property(tries = 300)
    void everySingleCharacterChangeOfASeedIsRefused(@ForAll @IntRange(min = 0, max = 57) int at,
            @ForAll @IntRange(min = 1, max = 31) int shift) {
        char[] seed = XKey.generate().seed();
        seed[at] = ALPHABET.charAt((ALPHABET.indexOf(seed[at]) + shift) % 32);
        assertThatThrownBy(() -> XKey.fromSeed(new String(seed))).isInstanceOf(XKeyException.class);
    }

    @Property(tries = 300)
    void everySingleCharacterChangeOfAPublicKeyIsRefused(@ForAll @IntRange(min = 0, max = 55) int at,
            @ForAll @IntRange(min = 1, max = 31) int shift) {
        char[] pub = XKey.generate().publicKey().toCharArray();
        pub[at] = ALPHABET.charAt((ALPHABET.indexOf(pub[at]) + shift) % 32);
        assertThatThrownBy(() -> XKey.fromPublicKey(new String(pub))).isInstanceOf(XKeyException.class);
    }

    @Property(tries = 200)
    void arbitraryTextNeverEscapesAsAnotherThrowable(@ForAll @Size(max = 80) String text) {
        for (Runnable r : new Runnable[] {() -> XKey.fromSeed(text), () -> XKey.fromPublicKey(text)}) {
            try {
                r.run();
            } catch (XKeyException expected) {
                // fine
            }
        }
    }

    @Test
    void wrongPrefixesAreRefused() {
        XKey k = XKey.generate();
        assertThatThrownBy(() -> XKey.fromSeed(k.publicKey())).isInstanceOf(XKeyException.class);
        assertThatThrownBy(() -> XKey.fromPublicKey(new String(k.seed()))).isInstanceOf(XKeyException.class);
        // A well-formed nkey of another type: a user public key (prefix 'U', 20 << 3).
        byte[] raw = new byte[33];
        raw[0] = (byte) (20 << 3);
        String user = NkeyText.encode(raw);
        assertThat(user).startsWith("U");
        assertThatThrownBy(() -> XKey.fromPublicKey(user)).isInstanceOf(XKeyException.class)
                .hasMessageContaining("'X'");
    }

    @Test
    void lowerCaseAndBadCharactersAreRefused() {
        String pub = XKey.generate().publicKey();
        assertThatThrownBy(() -> XKey.fromPublicKey(pub.toLowerCase())).isInstanceOf(XKeyException.class)
                .hasMessageContaining("alphabet");
        assertThatThrownBy(() -> XKey.fromPublicKey(pub.substring(0, 55) + "!")).isInstanceOf(XKeyException.class);
    }

    @Test
    void aZeroPublicKeyIsNotUsable() {
        String zero = NkeyText.encode(new byte[] {(byte) (23 << 3), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        XKey k = XKey.generate();
        assertThatThrownBy(() -> k.seal(new byte[1], zero)).isInstanceOf(XKeyException.class)
                .hasMessageContaining("low-order");
    }

    @Test
    void aWrongKeyCannotOpen() {
        XKey a = XKey.generate();
        XKey b = XKey.generate();
        XKey c = XKey.generate();
        byte[] sealed = a.seal(new byte[] {1, 2, 3}, b);
        assertThatThrownBy(() -> c.open(sealed, a)).isInstanceOf(XKeyException.class)
                .hasMessageContaining("authentication");
        assertThatThrownBy(() -> b.open(sealed, c)).isInstanceOf(XKeyException.class);
    }

    @Test
    void publicOnlyAndDestroyedKeysCannotSealOrOpen() {
        XKey pair = XKey.generate();
        XKey pub = XKey.fromPublicKey(pair.publicKey());
        assertThat(pub.hasSeed()).isFalse();
        assertThatThrownBy(() -> pub.seal(new byte[1], pair)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pub::seed).isInstanceOf(IllegalStateException.class);
        pair.destroy();
        assertThat(pair.isDestroyed()).isTrue();
        assertThatThrownBy(() -> pair.seal(new byte[1], pub)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pair::seed).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringShowsNoKey() {
        XKey pair = XKey.generate();
        String seed = new String(pair.seed());
        String pub = pair.publicKey();
        for (XKey k : new XKey[] {pair, XKey.fromPublicKey(pub)}) {
            assertThat(k.toString()).doesNotContain(pub).doesNotContain(seed).doesNotContain(pub.substring(1, 12))
                    .doesNotContain(seed.substring(2, 12));
        }
    }
}
