package org.wasmcloud4j.secrets.xkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/** Known answers: NaCl's box test and the nkeys Go/Rust interop data (vectors.properties). */
class XKeyVectorsTest {
    private static final Properties V = load();

    private static Properties load() {
        try (InputStream in = XKeyVectorsTest.class.getResourceAsStream("vectors.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hex(String name) {
        return HexFormat.of().parseHex(V.getProperty(name));
    }

    @Test
    void x25519PublicKeysMatchNacl() {
        assertThat(new X25519PrivateKeyParameters(hex("nacl.alice.secret"), 0).generatePublicKey().getEncoded())
                .isEqualTo(hex("nacl.alice.public"));
        assertThat(new X25519PrivateKeyParameters(hex("nacl.bob.secret"), 0).generatePublicKey().getEncoded())
                .isEqualTo(hex("nacl.bob.public"));
    }

    @Test
    void hsalsa20OfTheSharedSecretIsNaclsFirstKey() {
        assertThat(NaclBox.hsalsa20(hex("nacl.shared"), new byte[16])).isEqualTo(hex("nacl.firstkey"));
    }

    @Test
    void beforenmIsTheSameFromBothSides() {
        byte[] fromAlice = NaclBox.beforenm(hex("nacl.alice.secret"), hex("nacl.bob.public"));
        byte[] fromBob = NaclBox.beforenm(hex("nacl.bob.secret"), hex("nacl.alice.public"));
        assertThat(fromAlice).isEqualTo(fromBob).isEqualTo(hex("nacl.firstkey"));
    }

    @Test
    void boxMatchesNacl() {
        byte[] key = NaclBox.beforenm(hex("nacl.alice.secret"), hex("nacl.bob.public"));
        assertThat(NaclBox.seal(key, hex("nacl.nonce"), hex("nacl.message"))).isEqualTo(hex("nacl.box"));
    }

    @Test
    void boxOpenMatchesNacl() {
        byte[] key = NaclBox.beforenm(hex("nacl.bob.secret"), hex("nacl.alice.public"));
        assertThat(NaclBox.open(key, hex("nacl.nonce"), hex("nacl.box"), 0)).isEqualTo(hex("nacl.message"));
    }

    @Test
    void seedAndPublicKeyMatchGoNkeys() {
        XKey sender = XKey.fromSeed(V.getProperty("go.sender.seed"));
        assertThat(sender.publicKey()).isEqualTo(V.getProperty("go.sender.public"));
        assertThat(new String(sender.seed())).isEqualTo(V.getProperty("go.sender.seed"));
        assertThat(XKey.fromPublicKey(V.getProperty("go.sender.public")).publicKey())
                .isEqualTo(V.getProperty("go.sender.public"));
    }

    @Test
    void opensAMessageSealedByGoNkeys() {
        XKey receiver = XKey.fromSeed(V.getProperty("go.receiver.seed"));
        byte[] plain = receiver.open(hex("go.sealed"), V.getProperty("go.sender.public"));
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(V.getProperty("go.plaintext"));
    }

    @Test
    void sealWithTheGoNonceReproducesTheGoMessage() {
        byte[] sealed = hex("go.sealed");
        byte[] nonce = java.util.Arrays.copyOfRange(sealed, 4, 28);
        XKey sender = XKey.fromSeed(V.getProperty("go.sender.seed"));
        XKey receiver = XKey.fromSeed(V.getProperty("go.receiver.seed"));
        byte[] again = sender.sealWithNonce(V.getProperty("go.plaintext").getBytes(StandardCharsets.UTF_8),
                XKey.fromPublicKey(receiver.publicKey()), nonce);
        assertThat(again).isEqualTo(sealed);
    }

    @Test
    void aSeedOfAnotherTypeIsRefused() {
        assertThatThrownBy(() -> XKey.fromSeed(V.getProperty("go.other.seed")))
                .isInstanceOf(XKeyException.class)
                .hasMessageContaining("SX");
    }

    @Test
    void aSeedWithATrailingCharacterIsRefused() {
        assertThatThrownBy(() -> XKey.fromSeed(V.getProperty("go.sender.seed") + "A"))
                .isInstanceOf(XKeyException.class)
                .hasMessageContaining("58 characters");
    }
}
