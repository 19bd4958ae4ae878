package org.wasmcloud4j.secrets.xkey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * An nkeys curve key ("xkey"): an X25519 key pair, or only its public half, as NATS and wasmCloud use them to
 * seal messages (auth callout, the wasmCloud secrets protocol).
 *
 * <p>Text forms: the public key is 56 characters starting with {@code X}; the seed (the private key) is 58
 * characters starting with {@code SX}. Both are nkeys base32 with a CRC-16 and are decoded strictly (wrong
 * prefix, length, character, padding or checksum: {@link XKeyException}).
 *
 * <p>{@link #seal} produces nkeys' {@code xkv1} format: the 4 ASCII bytes {@code xkv1}, a random 24-byte nonce,
 * then the NaCl box (X25519 + XSalsa20-Poly1305) of the plaintext from this key to the recipient. {@link #open}
 * reverses it.
 *
 * <p>{@link #toString()} shows neither key. {@link #destroy()} overwrites the private key; a destroyed key can
 * no longer seal, open or give its seed. Thread-safe.
 */
public final class XKey implements Destroyable {
    private static final byte PREFIX_SEED = (byte) (18 << 3);
    private static final byte PREFIX_CURVE = (byte) (23 << 3);
    private static final byte[] VERSION = "xkv1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] publicKey;
    private final byte[] secretKey;
    private volatile boolean destroyed;

    private XKey(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** A fresh key pair from a {@link SecureRandom}. */
    public static XKey generate() {
        X25519PrivateKeyParameters secret = new X25519PrivateKeyParameters(RANDOM);
        return new XKey(secret.generatePublicKey().getEncoded(), secret.getEncoded());
    }

    /**
     * The key pair of a seed ({@code SX...}).
     *
     * @throws XKeyException if the text is not exactly a curve seed
     */
    public static XKey fromSeed(CharSequence seed) {
        Objects.requireNonNull(seed, "seed");
        byte[] raw = NkeyText.decode(seed, 2 + NaclBox.KEY_BYTES, "xkey seed");
        try {
            if ((raw[0] & 0xf8) != (PREFIX_SEED & 0xff)) {
                throw new XKeyException("xkey seed does not have the seed prefix 'S'");
            }
            int type = (raw[0] & 7) << 5 | (raw[1] & 0xf8) >>> 3;
            if (type != (PREFIX_CURVE & 0xff) || (raw[1] & 7) != 0) {
                throw new XKeyException("seed is not a curve (xkey) seed: it must start with 'SX'");
            }
            byte[] secret = Arrays.copyOfRange(raw, 2, raw.length);
            byte[] pub = new X25519PrivateKeyParameters(secret, 0).generatePublicKey().getEncoded();
            return new XKey(pub, secret);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The public-only key of a public key text ({@code X...}); it can be sealed to and opened from, not used to
     * seal or open.
     *
     * @throws XKeyException if the text is not exactly a curve public key
     */
    public static XKey fromPublicKey(CharSequence publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        byte[] raw = NkeyText.decode(publicKey, 1 + NaclBox.KEY_BYTES, "xkey public key");
        if (raw[0] != PREFIX_CURVE) {
            throw new XKeyException("public key is not a curve (xkey) public key: it must start with 'X'");
        }
        return new XKey(Arrays.copyOfRange(raw, 1, raw.length), null);
    }

    /** Whether this key holds its private half. */
    public boolean hasSeed() {
        return secretKey != null;
    }

    /** The public key text, 56 characters starting with {@code X}. */
    public String publicKey() {
        byte[] raw = new byte[1 + NaclBox.KEY_BYTES];
        raw[0] = PREFIX_CURVE;
        System.arraycopy(publicKey, 0, raw, 1, NaclBox.KEY_BYTES);
        return NkeyText.encode(raw);
    }

    /**
     * The seed text ({@code SX...}, 58 characters) as a fresh array the caller should clear after use.
     *
     * @throws IllegalStateException if this key is public-only or destroyed
     */
    public char[] seed() {
        byte[] secret = secret("give its seed");
        byte[] raw = new byte[2 + NaclBox.KEY_BYTES];
        raw[0] = (byte) (PREFIX_SEED | ((PREFIX_CURVE & 0xff) >>> 5));
        raw[1] = (byte) ((PREFIX_CURVE & 31) << 3);
        System.arraycopy(secret, 0, raw, 2, NaclBox.KEY_BYTES);
        String text = NkeyText.encode(raw);
        Arrays.fill(raw, (byte) 0);
        return text.toCharArray();
    }

    /**
     * Seals {@code plaintext} from this key to {@code recipient}: {@code xkv1 || nonce || box}.
     *
     * @throws IllegalStateException if this key is public-only or destroyed
     * @throws XKeyException if the recipient key is not usable
     */
    public byte[] seal(byte[] plaintext, XKey recipient) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(recipient, "recipient");
        byte[] nonce = new byte[NaclBox.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return sealWithNonce(plaintext, recipient, nonce);
    }

    /** {@link #seal(byte[], XKey)} to a recipient given by its public key text. */
    public byte[] seal(byte[] plaintext, String recipientPublicKey) {
        return seal(plaintext, fromPublicKey(recipientPublicKey));
    }

    byte[] sealWithNonce(byte[] plaintext, XKey recipient, byte[] nonce) {
        byte[] key = NaclBox.beforenm(secret("seal"), recipient.publicKey);
        try {
            byte[] box = NaclBox.seal(key, nonce, plaintext);
            byte[] out = new byte[VERSION.length + nonce.length + box.length];
            System.arraycopy(VERSION, 0, out, 0, VERSION.length);
            System.arraycopy(nonce, 0, out, VERSION.length, nonce.length);
            System.arraycopy(box, 0, out, VERSION.length + nonce.length, box.length);
            return out;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens a message {@code sender} sealed to this key.
     *
     * @throws IllegalStateException if this key is public-only or destroyed
     * @throws XKeyException if the message is too short, not {@code xkv1}, or fails authentication
     */
    public byte[] open(byte[] sealed, XKey sender) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(sender, "sender");
        byte[] secret = secret("open");
        int header = VERSION.length + NaclBox.NONCE_BYTES;
        if (sealed.length < header + NaclBox.TAG_BYTES) {
            throw new XKeyException("sealed message too short: " + sealed.length + " bytes, at least "
                    + (header + NaclBox.TAG_BYTES) + " needed");
        }
        if (!Arrays.equals(sealed, 0, VERSION.length, VERSION, 0, VERSION.length)) {
            throw new XKeyException("sealed message does not start with the version 'xkv1'");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, VERSION.length, header);
        byte[] key = NaclBox.beforenm(secret, sender.publicKey);
        try {
            return NaclBox.open(key, nonce, sealed, header);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@link #open(byte[], XKey)} from a sender given by its public key text. */
    public byte[] open(byte[] sealed, String senderPublicKey) {
        return open(sealed, fromPublicKey(senderPublicKey));
    }

    /** Overwrites the private key; the public key stays readable. */
    @Override
    public void destroy() {
        destroyed = true;
        if (secretKey != null) {
            Arrays.fill(secretKey, (byte) 0);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Names the kind of key only, never a key. */
    @Override
    public String toString() {
        return secretKey == null ? "XKey[public]" : destroyed ? "XKey[destroyed]" : "XKey[pair]";
    }

    private byte[] secret(String operation) {
        if (secretKey == null) {
            throw new IllegalStateException("a public-only xkey cannot " + operation);
        }
        if (destroyed) {
            throw new IllegalStateException("a destroyed xkey cannot " + operation);
        }
        return secretKey;
    }
}
