package org.wasmcloud4j.secrets;

/**
 * A secret reference (the {@code SECRET_*} config map) or its policy is malformed; {@link #field()} names the
 * map entry at fault ({@code name}, {@code type}, {@code backend}, {@code key}, {@code policy}, ...).
 */
public final class SecretReferenceException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final String field;

    SecretReferenceException(String field, String message) {
        super("secret reference field '" + field + "': " + message);
        this.field = field;
    }

    /** The map entry at fault. */
    public String field() {
        return field;
    }
}
