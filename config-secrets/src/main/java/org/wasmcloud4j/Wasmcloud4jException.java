package org.wasmcloud4j;

/**
 * The root of every exception wasmcloud4j throws for bad input or a failed operation: decoding, validation, linking,
 * traps, WIT, the host, the lattice, configuration and secrets. Catch it to handle any of them; catch the subclasses
 * ({@code DecodeException}, {@code Trap}, {@code HostException}, {@code CtlException}, {@code SecretException}, …)
 * for what they add (byte offsets, reasons, fields). Unchecked. It lives in the lowest module
 * ({@code wasmcloud4j-config-secrets}), which every other module depends on.
 */
public class Wasmcloud4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public Wasmcloud4jException(String message) {
        super(message);
    }

    /** An exception with {@code message} and {@code cause}. */
    public Wasmcloud4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
