package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Credentials for one OCI registry, the values of the {@code registry.put} map (registry host → credential).
 * {@link #toString()} never shows the password or token.
 *
 * @param username user name, or null
 * @param password password, or null
 * @param token bearer token, or null
 * @param registryType the registry type; wire name {@code registryType} (camelCase, as wasmCloud sends it);
 *     null: {@code "oci"}
 */
public record RegistryCredential(
        @JsonInclude(JsonInclude.Include.NON_NULL) String username,
        @JsonInclude(JsonInclude.Include.NON_NULL) String password,
        @JsonInclude(JsonInclude.Include.NON_NULL) String token,
        @JsonProperty("registryType") String registryType) {
    /** The registry type used when none is given. */
    public static final String DEFAULT_TYPE = "oci";

    /** Fills the default type. */
    public RegistryCredential {
        registryType = Checks.orDefault(registryType, DEFAULT_TYPE);
    }

    /** Basic credentials for an OCI registry. */
    public static RegistryCredential basic(String username, String password) {
        return new RegistryCredential(username, password, null, DEFAULT_TYPE);
    }

    /** A bearer token for an OCI registry. */
    public static RegistryCredential bearer(String token) {
        return new RegistryCredential(null, null, token, DEFAULT_TYPE);
    }

    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", password=" + (password == null ? "null" : "***")
                + ", token=" + (token == null ? "null" : "***") + ", registryType=" + registryType + "]";
    }
}
