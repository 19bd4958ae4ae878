package org.wasmcloud4j.component.abi;

import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Moves UTF-8 strings between Java and guest memory with as few copies as the JDK allows: lowering encodes into a
 * per-thread scratch buffer (the JDK's vectorised ASCII path, no allocation), lifting decodes straight from the
 * memory's page when the string lies within one (one allocation: the {@link String}).
 *
 * <p>Page access goes through {@link MemoryPages}; bounds are always checked by the caller before reading.
 */
final class StringTransfer {
    /** Largest string (in chars) encoded through the per-thread scratch buffer; longer ones use fresh arrays. */
    static final int MAX_SCRATCH = 16 * 1024;

    private static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(() -> new Encoder(1024));

    private StringTransfer() {
    }

    /**
     * Decodes {@code len} bytes at {@code ptr} (bounds already checked) as UTF-8 with the JDK's replacing decoder;
     * callers detect replacement characters and re-check strictly.
     */
    static String readUtf8(Memory m, int ptr, int len) {
        byte[] page = MemoryPages.page(m, ptr, len);
        if (page != null) {
            return new String(page, ptr & 0xFFFF, len, StandardCharsets.UTF_8);
        }
        return new String(m.readBytes(ptr, len), StandardCharsets.UTF_8);
    }

    /**
     * Encodes {@code s} as UTF-8; an unpaired surrogate (not a Unicode scalar value) becomes U+FFFD. The result is
     * valid until {@link Encoded#close()}; it is a per-thread buffer unless this thread is already encoding (a host
     * call made by {@code realloc} in between), in which case it is a fresh one.
     */
    static Encoded encodeUtf8(String s) {
        if (s.length() > MAX_SCRATCH) {
            try {
                ByteBuffer b = newEncoder().encode(CharBuffer.wrap(s));
                return new Encoded(null, b.array(), b.limit());
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IllegalStateException("a replacing encoder reported " + e, e);
            }
        }
        Encoder e = ENCODER.get();
        if (e.busy) {
            e = new Encoder(s.length());
        } else {
            e.ensure(s.length());
        }
        return e.encode(s);
    }

    private static CharsetEncoder newEncoder() {
        return StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
    }

    /** UTF-8 bytes {@code [0, length)} of {@code bytes}, borrowed until {@link #close()}. */
    static final class Encoded implements AutoCloseable {
        private final Encoder owner;
        final byte[] bytes;
        final int length;

        private Encoded(Encoder owner, byte[] bytes, int length) {
            this.owner = owner;
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public void close() {
            if (owner != null) {
                owner.busy = false;
            }
        }
    }

    private static final class Encoder {
        private final CharsetEncoder encoder = newEncoder();
        private char[] chars;
        private byte[] bytes;
        private CharBuffer charBuffer;
        private ByteBuffer byteBuffer;
        boolean busy;

        Encoder(int capacity) {
            allocate(capacity);
        }

        private void allocate(int capacity) {
            chars = new char[capacity];
            bytes = new byte[capacity * 3];     // the UTF-8 worst case: three bytes per UTF-16 unit
            charBuffer = CharBuffer.wrap(chars);
            byteBuffer = ByteBuffer.wrap(bytes);
        }

        void ensure(int capacity) {
            if (chars.length < capacity) {
                allocate(Math.min(MAX_SCRATCH, Math.max(capacity, chars.length * 2)));
            }
        }

        Encoded encode(String s) {
            busy = true;
            int n = s.length();
            s.getChars(0, n, chars, 0);
            charBuffer.clear().limit(n);
            byteBuffer.clear();
            encoder.reset();
            encoder.encode(charBuffer, byteBuffer, true);    // cannot overflow: three bytes per unit fit
            encoder.flush(byteBuffer);
            return new Encoded(this, bytes, byteBuffer.position());
        }
    }
}
