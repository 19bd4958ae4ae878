package org.wasmcloud4j.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The policy of a secret reference: {@code {"type": "...", "properties": {"name": "value", ...}}}, stored as a
 * JSON string in the reference's {@code policy} entry. Both members are required (a 1.9 host fails on
 * {@code "{}"}); property values are strings; other members are ignored (as serde does) and
 * not kept. Immutable.
 */
public final class SecretPolicy {
    /** The type wash writes. */
    public static final String PROPERTIES_TYPE = "properties.secret.wasmcloud.dev/v1alpha1";

    private final String type;
    private final Map<String, String> properties;

    private SecretPolicy(String type, Map<String, String> properties) {
        this.type = Objects.requireNonNull(type, "type");
        this.properties = Map.copyOf(properties);
    }

    /** A policy of {@link #PROPERTIES_TYPE} with these properties. */
    public static SecretPolicy of(Map<String, String> properties) {
        return new SecretPolicy(PROPERTIES_TYPE, properties);
    }

    /** A policy of any type. */
    public static SecretPolicy of(String type, Map<String, String> properties) {
        return new SecretPolicy(type, properties);
    }

    /**
     * Parses a policy JSON string.
     *
     * @throws SecretReferenceException naming {@code policy} (or {@code policy.type}, {@code policy.properties})
     */
    public static SecretPolicy parse(String json) {
        Object value;
        try {
            value = Json.parse(Objects.requireNonNull(json, "json"));
        } catch (Json.JsonException e) {
            throw new SecretReferenceException("policy", "not JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new SecretReferenceException("policy", "must be a JSON object");
        }
        if (!(object.get("type") instanceof String type) || type.isEmpty()) {
            throw new SecretReferenceException("policy.type", "required, a non-empty string");
        }
        if (!(object.get("properties") instanceof Map<?, ?> props)) {
            throw new SecretReferenceException("policy.properties", "required, a JSON object");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : props.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SecretReferenceException("policy.properties",
                        "property '" + e.getKey() + "' must be a string");
            }
            properties.put((String) e.getKey(), s);
        }
        return new SecretPolicy(type, properties);
    }

    /** The policy type. */
    public String type() {
        return type;
    }

    /** The properties. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The JSON string ({@code type} first, then {@code properties} sorted by name), ASCII only. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"type\":");
        Json.writeString(out, type);
        out.append(",\"properties\":{");
        boolean first = true;
        for (String k : properties.keySet().stream().sorted().toList()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.writeString(out, k);
            out.append(':');
            Json.writeString(out, properties.get(k));
        }
        return out.append("}}").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretPolicy p && type.equals(p.type) && properties.equals(p.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, properties);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
