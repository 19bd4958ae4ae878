package org.wasmcloud4j.host;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * A host's identity: an nkeys <em>server</em> key pair (Ed25519). The public key, written the nkeys way (base32 of a
 * type prefix, the 32 key bytes and a CRC-16), is the host id ({@code N…}, 56 characters); the seed
 * ({@code SN…}, 58 characters) recreates the same pair. Immutable; {@link #toString()} never shows the seed.
 */
public final class HostKey {
    private static final int PREFIX_SEED = 18 << 3;      // 'S'
    private static final int PREFIX_SERVER = 13 << 3;    // 'N'
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final byte[] seed;
    private final String publicKey;

    private HostKey(byte[] seed) {
        this.seed = seed;
        this.publicKey = encode(new byte[] {(byte) PREFIX_SERVER}, publicKeyOf(seed));
    }

    /** A new random server key pair. */
    public static HostKey generate() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new HostKey(seed);
    }

    /**
     * The key pair of an nkeys server seed ({@code SN…}).
     *
     * @throws IllegalArgumentException if the text is not a server seed (bad base32, length, prefix or checksum),
     *         without repeating the seed in the message
     */
    public static HostKey fromSeed(String seed) {
        Objects.requireNonNull(seed, "seed");
        byte[] raw = decode(seed);
        if (raw.length != 2 + 32 + 2) {
            throw new IllegalArgumentException("not an nkeys seed: " + raw.length + " bytes decoded, expected 36");
        }
        int crc = (raw[34] & 0xff) | (raw[35] & 0xff) << 8;
        if (crc != crc16(raw, 34)) {
            throw new IllegalArgumentException("not an nkeys seed: checksum mismatch");
        }
        int b0 = raw[0] & 0xff;
        int b1 = raw[1] & 0xff;
        if ((b0 & 0xf8) != PREFIX_SEED) {
            throw new IllegalArgumentException("not an nkeys seed: it does not start with 'S'");
        }
        int type = ((b0 & 0x07) << 5) | (b1 >> 3);
        if (type != PREFIX_SERVER) {
            throw new IllegalArgumentException("not a server seed ('SN…'): a host key must be of type server");
        }
        return new HostKey(Arrays.copyOfRange(raw, 2, 34));
    }

    /** The host id: the public key, {@code N} followed by 55 base32 characters. */
    public String publicKey() {
        return publicKey;
    }

    /** The seed text ({@code SN…}); keep it secret. */
    public String seed() {
        int b0 = PREFIX_SEED | (PREFIX_SERVER >> 5);
        int b1 = (PREFIX_SERVER & 31) << 3;
        return encode(new byte[] {(byte) b0, (byte) b1}, seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostKey k && k.publicKey.equals(publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    /**
     * The 32 raw Ed25519 bytes of an nkeys public key of type {@code type} (its first letter: {@code A} account,
     * {@code N} server, {@code M} component, {@code V} provider...), checking length, alphabet, type and CRC.
     *
     * @throws IllegalArgumentException naming the check that failed
     */
    public static byte[] decodePublicKey(String key, char type) {
        Objects.requireNonNull(key, "key");
        if (key.length() != 56 || type < 'A' || type > 'Z') {
            throw new IllegalArgumentException("not an nkeys public key: " + key.length() + " characters, expected 56");
        }
        byte[] raw = decode(key);
        int crc = (raw[33] & 0xff) | (raw[34] & 0xff) << 8;
        if (crc != crc16(raw, 33)) {
            throw new IllegalArgumentException("not an nkeys public key: checksum mismatch");
        }
        if ((raw[0] & 0xff) != (type - 'A') << 3) {
            throw new IllegalArgumentException("not an nkeys public key of type '" + type + "'");
        }
        return Arrays.copyOfRange(raw, 1, 33);
    }

    /** The nkeys text of raw Ed25519 public key {@code key} (32 bytes) of type {@code type} (see above). */
    public static String encodePublicKey(char type, byte[] key) {
        if (key.length != 32 || type < 'A' || type > 'Z') {
            throw new IllegalArgumentException("an nkeys public key is a type letter and 32 bytes");
        }
        return encode(new byte[] {(byte) ((type - 'A') << 3)}, key);
    }

    /**
     * A self-signed host JWT as wasmCloud 1.1+ makes it (§5.2): issuer a fresh account key ({@code A…}), subject
     * this host's key, {@code wascap} {@code name} and {@code labels} {@code self_signed=true}; Ed25519 over
     * {@code header.claims} with header {@code {"typ":"jwt","alg":"Ed25519"}}.
     */
    String selfSignedJwt(String name) {
        try {
            byte[] accountSeed = new byte[32];
            new SecureRandom().nextBytes(accountSeed);
            String issuer = encodePublicKey('A', publicKeyOf(accountSeed));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode claims = json.createObjectNode();
            long now = System.currentTimeMillis() / 1000;
            claims.put("jti", java.util.UUID.randomUUID().toString().replace("-", ""));
            claims.put("iat", now);
            claims.put("iss", issuer);
            claims.put("sub", publicKey);
            com.fasterxml.jackson.databind.node.ObjectNode wascap = claims.putObject("wascap");
            wascap.put("name", name);
            wascap.putObject("labels").put("self_signed", "true");
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String signed = b64.encodeToString("{\"typ\":\"jwt\",\"alg\":\"Ed25519\"}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)) + "." + b64.encodeToString(json.writeValueAsBytes(claims));
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(java.security.KeyFactory.getInstance("Ed25519").generatePrivate(
                    new java.security.spec.EdECPrivateKeySpec(NamedParameterSpec.ED25519, accountSeed)));
            Arrays.fill(accountSeed, (byte) 0);
            signer.update(signed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return signed + "." + b64.encodeToString(signer.sign());
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign the host JWT", e);
        }
    }

    /** The public key only. */
    @Override
    public String toString() {
        return "HostKey[" + publicKey + "]";
    }

    /** The Ed25519 public key of a 32-byte private seed, by the JDK's key generator fed with that seed. */
    private static byte[] publicKeyOf(byte[] seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            KeyPair pair = g.generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            return Arrays.copyOfRange(x509, x509.length - 32, x509.length);   // the raw key ends the encoding
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    private static String encode(byte[] prefix, byte[] key) {
        byte[] raw = new byte[prefix.length + key.length + 2];
        System.arraycopy(prefix, 0, raw, 0, prefix.length);
        System.arraycopy(key, 0, raw, prefix.length, key.length);
        int crc = crc16(raw, raw.length - 2);
        raw[raw.length - 2] = (byte) crc;
        raw[raw.length - 1] = (byte) (crc >> 8);
        StringBuilder s = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : raw) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                s.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            s.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return s.toString();
    }

    private static byte[] decode(String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not an nkeys seed: character " + i + " is not base32");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** CRC-16/XMODEM over {@code data[0, length)}, as nkeys uses. */
    private static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
