package org.wasmcloud4j.secrets.xkey;

import java.util.Arrays;

/**
 * The nkeys text encoding: RFC 4648 base32 without padding of {@code prefix || payload || crc16le}, where the
 * CRC is CRC-16/XMODEM (polynomial 0x1021, initial value 0) over the prefix and payload.
 *
 * <p>Decoding is strict: only the upper-case alphabet, exactly the expected length, zero padding bits and a
 * matching checksum are accepted, so every accepted text is the one encoding of its bytes.
 */
final class NkeyText {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private NkeyText() {}

    static String encode(byte[] data) {
        byte[] framed = Arrays.copyOf(data, data.length + 2);
        int crc = crc16(data, data.length);
        framed[data.length] = (byte) crc;
        framed[data.length + 1] = (byte) (crc >>> 8);
        StringBuilder out = new StringBuilder((framed.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : framed) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        Arrays.fill(framed, (byte) 0);
        return out.toString();
    }

    /**
     * Decodes a text that must frame exactly {@code dataLength} bytes (prefix and payload, without the CRC).
     *
     * @throws XKeyException naming the length, character, padding or checksum that is wrong
     */
    static byte[] decode(CharSequence text, int dataLength, String what) {
        int framedLength = dataLength + 2;
        int expectedChars = (framedLength * 8 + 4) / 5;
        if (text.length() != expectedChars) {
            throw new XKeyException(what + " must be " + expectedChars + " characters, got " + text.length());
        }
        byte[] framed = new byte[framedLength];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = ALPHABET.indexOf(text.charAt(i));
            if (v < 0) {
                Arrays.fill(framed, (byte) 0);
                throw new XKeyException(what + " has a character outside the base32 alphabet at index " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                framed[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            Arrays.fill(framed, (byte) 0);
            throw new XKeyException(what + " has non-zero padding bits");
        }
        int crc = (framed[dataLength] & 0xff) | (framed[dataLength + 1] & 0xff) << 8;
        if (crc16(framed, dataLength) != crc) {
            Arrays.fill(framed, (byte) 0);
            throw new XKeyException(what + " has a bad checksum");
        }
        byte[] data = Arrays.copyOf(framed, dataLength);
        Arrays.fill(framed, (byte) 0);
        return data;
    }

    /** CRC-16/XMODEM, bit by bit (a checksum for typing errors, not a cryptographic function). */
    static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
