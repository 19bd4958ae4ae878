package org.wasmcloud4j.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret reference as wasmCloud stores it in the config store under {@code SECRET_{name}}: a string-to-string
 * map with {@code name}, {@code type} = {@value #TYPE}, {@code backend}, {@code key}, optional {@code field} and
 * {@code version}, and {@code policy} (a JSON string, see {@link SecretPolicy}).
 *
 * <p>{@link #fromMap} checks every entry and names the one at fault ({@link SecretReferenceException#field()});
 * entries it does not know are ignored, as wasmCloud does. {@link #toMap} writes the entries back, the policy
 * string unchanged, so a read reference renders to the map it came from (minus unknown entries). Immutable.
 */
public final class SecretReference {
    /** The {@code type} of every reference. */
    public static final String TYPE = "secret.wasmcloud.dev/v1alpha1";
    /** Config names starting with this are secret references, not configs. */
    public static final String PREFIX = "SECRET";

    private final String name;
    private final String backend;
    private final String key;
    private final String field;
    private final String version;
    private final String policyJson;
    private final SecretPolicy policy;

    private SecretReference(String name, String backend, String key, String field, String version,
            String policyJson) {
        this.name = required("name", name);
        this.backend = required("backend", backend);
        this.key = required("key", key);
        this.field = field;
        this.version = version;
        this.policyJson = Objects.requireNonNull(policyJson, "policy");
        this.policy = SecretPolicy.parse(policyJson);
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new SecretReferenceException(field, "required");
        }
        if (value.isEmpty()) {
            throw new SecretReferenceException(field, "must not be empty");
        }
        return value;
    }

    /**
     * A reference.
     *
     * @param field the field, or {@code null}
     * @param version the version, or {@code null} for the latest
     * @throws SecretReferenceException if a required value is missing or empty
     */
    public static SecretReference of(String name, String backend, String key, String field, String version,
            SecretPolicy policy) {
        return new SecretReference(name, backend, key, field, version, policy.toJson());
    }

    /**
     * Reads a reference from its config map.
     *
     * @throws SecretReferenceException naming the entry that is missing, empty or wrong
     */
    public static SecretReference fromMap(Map<String, String> map) {
        Objects.requireNonNull(map, "map");
        String type = map.get("type");
        if (type == null) {
            throw new SecretReferenceException("type", "required");
        }
        if (!type.equals(TYPE)) {
            throw new SecretReferenceException("type", "must be '" + TYPE + "'");
        }
        String policy = map.get("policy");
        if (policy == null) {
            throw new SecretReferenceException("policy", "required");
        }
        return new SecretReference(map.get("name"), map.get("backend"), map.get("key"), map.get("field"),
                map.get("version"), policy);
    }

    /** Whether a config name is a secret reference (starts with {@value #PREFIX}). */
    public static boolean isSecretName(String configName) {
        return configName.startsWith(PREFIX);
    }

    /**
     * The config store key of a reference named {@code name}: {@code name} itself if it already starts with
     * {@value #PREFIX}, else {@code SECRET_} + {@code name} (as wash stores it).
     */
    public static String configKey(String name) {
        return isSecretName(name) ? name : PREFIX + "_" + name;
    }

    /** The config store key of this reference. */
    public String configKey() {
        return configKey(name);
    }

    /** The map stored under {@link #configKey()}: insertion-ordered, unmodifiable. */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("type", TYPE);
        out.put("backend", backend);
        out.put("key", key);
        if (field != null) {
            out.put("field", field);
        }
        if (version != null) {
            out.put("version", version);
        }
        out.put("policy", policyJson);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The name components look the secret up by ({@code wasmcloud:secrets/store.get}). */
    public String name() {
        return name;
    }

    /** The backend's name. */
    public String backend() {
        return backend;
    }

    /** The key inside the backend. */
    public String key() {
        return key;
    }

    /** The field inside the secret, if any. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The version, if pinned. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** The policy, parsed. */
    public SecretPolicy policy() {
        return policy;
    }

    /** The policy JSON string, as stored. */
    public String policyJson() {
        return policyJson;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretReference r && name.equals(r.name) && backend.equals(r.backend)
                && key.equals(r.key) && Objects.equals(field, r.field) && Objects.equals(version, r.version)
                && policyJson.equals(r.policyJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, backend, key, field, version, policyJson);
    }

    @Override
    public String toString() {
        return "SecretReference" + toMap();
    }
}
