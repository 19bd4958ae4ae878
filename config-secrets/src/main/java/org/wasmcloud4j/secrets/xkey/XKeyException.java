package org.wasmcloud4j.secrets.xkey;

/**
 * An xkey could not be decoded, or a sealed message could not be opened or sealed.
 *
 * <p>The message names what is wrong (prefix, length, checksum, encoding, version, authentication) and never
 * carries key material or plaintext.
 */
public final class XKeyException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    XKeyException(String message) {
        super(message);
    }

    XKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
