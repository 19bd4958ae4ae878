package org.wasmcloud4j.host.oci;

import java.util.Objects;

/**
 * How to sign in to one OCI registry, as wasmCloud's {@code RegistryCredential}: a user name and password (HTTP
 * basic, or exchanged for a bearer token when the registry asks for one), or a ready bearer token. Immutable;
 * {@link #toString()} never shows the password or token.
 *
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}; given exactly when {@code username} is
 * @param token a bearer token sent as it is, or {@code null}
 */
public record RegistryCredential(String username, String password, String token) {
    /** Checks that a user name comes with a password and that something is given. */
    public RegistryCredential {
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a registry credential needs both a username and a password, or"
                    + " neither");
        }
        if (username == null && token == null) {
            throw new IllegalArgumentException("a registry credential needs a username and password or a token");
        }
    }

    /** A user name and password. */
    public static RegistryCredential basic(String username, String password) {
        return new RegistryCredential(Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), null);
    }

    /** A bearer token, sent as {@code Authorization: Bearer <token>}. */
    public static RegistryCredential bearer(String token) {
        return new RegistryCredential(null, null, Objects.requireNonNull(token, "token"));
    }

    /** Names the user name and which secrets are set, never their values. */
    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
