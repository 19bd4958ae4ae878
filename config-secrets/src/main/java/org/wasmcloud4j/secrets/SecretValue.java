package org.wasmcloud4j.secrets;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret as wasmCloud hands it to a component: either a string or raw bytes, never both.
 *
 * <p>Immutable. {@link #toString()} is always redacted so a secret cannot leak into logs by accident;
 * {@link #equals(Object)} compares in constant time.
 */
public final class SecretValue {
    private static final String REDACTED = "SecretValue[redacted]";

    private final String string;
    private final byte[] bytes;

    private SecretValue(String string, byte[] bytes) {
        this.string = string;
        this.bytes = bytes;
    }

    /** A string secret. */
    public static SecretValue ofString(String value) {
        return new SecretValue(Objects.requireNonNull(value, "value"), null);
    }

    /** A binary secret; the array is copied. */
    public static SecretValue ofBytes(byte[] value) {
        return new SecretValue(null, Objects.requireNonNull(value, "value").clone());
    }

    /** Whether this secret holds a string (as opposed to bytes). */
    public boolean isString() {
        return string != null;
    }

    /** The string value, if this is a string secret. */
    public Optional<String> string() {
        return Optional.ofNullable(string);
    }

    /** The binary value (a fresh copy), if this is a binary secret. */
    public Optional<byte[]> bytes() {
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /**
     * The secret as bytes whatever its kind: UTF-8 for a string secret, a fresh copy for a binary one.
     */
    public byte[] asBytes() {
        return string != null ? string.getBytes(StandardCharsets.UTF_8) : bytes.clone();
    }

    /**
     * The secret as a string whatever its kind.
     *
     * @throws IllegalStateException if this is a binary secret that is not valid UTF-8
     */
    public String asString() {
        if (string != null) {
            return string;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("binary secret is not valid UTF-8", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretValue other) || isString() != other.isString()) {
            return false;
        }
        return MessageDigest.isEqual(asBytes(), other.asBytes());
    }

    @Override
    public int hashCode() {
        // Deliberately weak: a hash of the secret would leak information about it.
        return isString() ? 1 : 2;
    }

    /** Always redacted. */
    @Override
    public String toString() {
        return REDACTED;
    }

    /** Overwrites the binary copy held by this value; string secrets cannot be wiped on the JVM. */
    void wipe() {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
