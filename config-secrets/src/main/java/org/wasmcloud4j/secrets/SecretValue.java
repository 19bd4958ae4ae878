package org.wasmcloud4j.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * A secret as wasmCloud hands it to a component: either a string or raw bytes, never both, plus the version
 * the backend reported (wasmCloud's {@code SecretResponse.secret.version}).
 *
 * <p>The content is held in a {@code char[]} (string secrets) or {@code byte[]} (binary secrets) owned by this
 * object, never in a {@link String} field, so {@link #close()}/{@link #destroy()} can overwrite it; after that
 * every accessor of the content throws {@link IllegalStateException}. Accessors hand out fresh copies.
 * Strings returned by {@link #string()} and {@link #asString()} are copies the JVM cannot wipe: prefer
 * {@link #chars()} or {@link #asBytes()} where the caller can clear the result.
 *
 * <p>{@link #toString()} is always redacted, the class is deliberately not {@link java.io.Serializable}, and
 * {@link #equals(Object)} compares in constant time. Thread-safe; not immutable only in that it can be
 * destroyed.
 */
public final class SecretValue implements AutoCloseable, Destroyable {
    private static final String REDACTED = "SecretValue[redacted]";

    private final char[] chars;
    private final byte[] bytes;
    private final String version;
    private volatile boolean destroyed;

    private SecretValue(char[] chars, byte[] bytes, String version) {
        this.chars = chars;
        this.bytes = bytes;
        this.version = version;
    }

    /** A string secret without a version. */
    public static SecretValue ofString(String value) {
        return ofString(value, null);
    }

    /** A string secret with the backend's version ({@code null}: none). */
    public static SecretValue ofString(String value, String version) {
        return new SecretValue(Objects.requireNonNull(value, "value").toCharArray(), null, version);
    }

    /** A string secret from characters; the array is copied (the caller may clear its own). */
    public static SecretValue ofChars(char[] value, String version) {
        return new SecretValue(Objects.requireNonNull(value, "value").clone(), null, version);
    }

    /** A binary secret without a version; the array is copied. */
    public static SecretValue ofBytes(byte[] value) {
        return ofBytes(value, null);
    }

    /** A binary secret with the backend's version ({@code null}: none); the array is copied. */
    public static SecretValue ofBytes(byte[] value, String version) {
        return new SecretValue(null, Objects.requireNonNull(value, "value").clone(), version);
    }

    /** Whether this secret holds a string (as opposed to bytes). */
    public boolean isString() {
        return chars != null;
    }

    /** The version the backend reported, if any (not secret; available after {@link #destroy()}). */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** The string value, if this is a string secret. */
    public Optional<String> string() {
        check();
        return chars == null ? Optional.empty() : Optional.of(new String(chars));
    }

    /** The characters (a fresh copy the caller should clear), if this is a string secret. */
    public Optional<char[]> chars() {
        check();
        return chars == null ? Optional.empty() : Optional.of(chars.clone());
    }

    /** The binary value (a fresh copy), if this is a binary secret. */
    public Optional<byte[]> bytes() {
        check();
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /**
     * The secret as bytes whatever its kind: UTF-8 for a string secret, a fresh copy for a binary one.
     */
    public byte[] asBytes() {
        check();
        if (bytes != null) {
            return bytes.clone();
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }

    /**
     * The secret as a string whatever its kind.
     *
     * @throws IllegalStateException if this is a binary secret that is not valid UTF-8
     */
    public String asString() {
        check();
        if (chars != null) {
            return new String(chars);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("binary secret is not valid UTF-8");
        }
    }

    /** Same kind, same content and same version; the content is compared in constant time. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretValue other) || isString() != other.isString()
                || !Objects.equals(version, other.version)) {
            return false;
        }
        byte[] mine = asBytes();
        byte[] theirs = other.asBytes();
        try {
            return MessageDigest.isEqual(mine, theirs);
        } finally {
            Arrays.fill(mine, (byte) 0);
            Arrays.fill(theirs, (byte) 0);
        }
    }

    @Override
    public int hashCode() {
        // Deliberately weak: a hash of the secret would leak information about it.
        return isString() ? 1 : 2;
    }

    /** Always redacted: names the kind and the version, never the content or its length. */
    @Override
    public String toString() {
        return REDACTED;
    }

    /** Overwrites the content; the value is unusable afterwards. Idempotent. */
    @Override
    public void destroy() {
        destroyed = true;
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** {@link #destroy()}. */
    @Override
    public void close() {
        destroy();
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("secret value was destroyed");
        }
    }
}
