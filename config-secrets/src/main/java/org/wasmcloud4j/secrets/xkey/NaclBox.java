package org.wasmcloud4j.secrets.xkey;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.util.Pack;

/**
 * NaCl's {@code crypto_box} (curve25519xsalsa20poly1305), composed from Bouncy Castle's public primitives.
 *
 * <p>The composition is NaCl's definition (Bernstein, "Cryptography in NaCl", 2009):
 * <ol>
 *   <li>{@code crypto_box_beforenm}: {@code k = HSalsa20(X25519(sk, pk), 0^16)} — BC's {@link X25519Agreement}
 *       gives the shared point; HSalsa20 is BC's {@link Salsa20Engine#salsaCore} (the 20-round Salsa20 core)
 *       with its final feed-forward addition taken back out, exactly as BC's own {@link XSalsa20Engine}
 *       derives its subkey, keeping output words 0, 5, 10, 15, 6, 7, 8, 9.</li>
 *   <li>{@code crypto_secretbox}: the XSalsa20 ({@link XSalsa20Engine}) key stream under {@code k} and the
 *       24-byte nonce; its first 32 bytes are the one-time Poly1305 key ({@code r || s}, {@link Poly1305}
 *       without a cipher), the rest encrypts the message; the box is {@code tag || ciphertext}, the tag being
 *       Poly1305 over the ciphertext.</li>
 * </ol>
 * Opening recomputes the tag, compares it in constant time and only then decrypts.
 */
final class NaclBox {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 24;
    static final int TAG_BYTES = 16;
    /** "expand 32-byte k" as four little-endian words. */
    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

    private NaclBox() {}

    /** {@code crypto_box_beforenm}: the symmetric key shared by {@code secretKey} and {@code publicKey}. */
    static byte[] beforenm(byte[] secretKey, byte[] publicKey) {
        byte[] shared = new byte[KEY_BYTES];
        try {
            X25519Agreement agreement = new X25519Agreement();
            agreement.init(new X25519PrivateKeyParameters(secretKey, 0));
            agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey, 0), shared, 0);
            return hsalsa20(shared, new byte[16]);
        } catch (IllegalStateException e) {
            // BC refuses an all-zero shared secret: the peer key is of low order (for example all zeros).
            throw new XKeyException("the peer public key is not usable (low-order point)");
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** HSalsa20(key, input): the Salsa20 core without its feed-forward, words 0, 5, 10, 15, 6, 7, 8, 9. */
    static byte[] hsalsa20(byte[] key, byte[] input16) {
        int[] state = new int[16];
        state[0] = SIGMA[0];
        state[5] = SIGMA[1];
        state[10] = SIGMA[2];
        state[15] = SIGMA[3];
        Pack.littleEndianToInt(key, 0, state, 1, 4);
        Pack.littleEndianToInt(input16, 0, state, 6, 4);
        Pack.littleEndianToInt(key, 16, state, 11, 4);
        int[] core = new int[16];
        Salsa20Engine.salsaCore(20, state, core);
        int[] words = {0, 5, 10, 15, 6, 7, 8, 9};
        byte[] out = new byte[32];
        for (int i = 0; i < words.length; i++) {
            int w = words[i];
            Pack.intToLittleEndian(core[w] - state[w], out, i * 4);
        }
        Arrays.fill(state, 0);
        Arrays.fill(core, 0);
        return out;
    }

    /** {@code crypto_secretbox} without NaCl's zero padding: returns {@code tag || ciphertext}. */
    static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        XSalsa20Engine cipher = cipher(key, nonce);
        byte[] macKey = macKey(cipher);
        byte[] out = new byte[TAG_BYTES + message.length];
        cipher.processBytes(message, 0, message.length, out, TAG_BYTES);
        tag(macKey, out, TAG_BYTES, message.length, out);
        Arrays.fill(macKey, (byte) 0);
        return out;
    }

    /**
     * {@code crypto_secretbox_open}: checks the tag of {@code box[offset..]} ({@code tag || ciphertext}) and
     * returns the plaintext.
     *
     * @throws XKeyException if the tag does not match (wrong key or tampered message)
     */
    static byte[] open(byte[] key, byte[] nonce, byte[] box, int offset) {
        int length = box.length - offset - TAG_BYTES;
        if (length < 0) {
            throw new XKeyException("sealed message too short");
        }
        XSalsa20Engine cipher = cipher(key, nonce);
        byte[] macKey = macKey(cipher);
        byte[] expected = new byte[TAG_BYTES];
        tag(macKey, box, offset + TAG_BYTES, length, expected);
        Arrays.fill(macKey, (byte) 0);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(box, offset, offset + TAG_BYTES))) {
            throw new XKeyException("cannot open: authentication failed (wrong key or tampered message)");
        }
        byte[] plain = new byte[length];
        cipher.processBytes(box, offset + TAG_BYTES, length, plain, 0);
        return plain;
    }

    private static XSalsa20Engine cipher(byte[] key, byte[] nonce) {
        XSalsa20Engine cipher = new XSalsa20Engine();
        cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return cipher;
    }

    private static byte[] macKey(XSalsa20Engine cipher) {
        byte[] macKey = new byte[32];
        cipher.processBytes(new byte[32], 0, 32, macKey, 0);
        return macKey;
    }

    private static void tag(byte[] macKey, byte[] data, int offset, int length, byte[] out) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(data, offset, length);
        mac.doFinal(out, 0);
    }
}
