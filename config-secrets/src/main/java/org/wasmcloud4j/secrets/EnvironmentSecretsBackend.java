package org.wasmcloud4j.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * String secrets from environment variables, for embedded use.
 *
 * <p>Key mapping: the variable is {@code prefix} followed by the key upper-cased (root locale) with every
 * character outside {@code A-Z 0-9 _} replaced by {@code _}; so with prefix {@code APP_SECRET_} the key
 * {@code db-password} reads {@code APP_SECRET_DB_PASSWORD}. Distinct keys can map to one variable
 * ({@code a-b}, {@code a.b}); choose keys accordingly. A variable that is not set is
 * {@link SecretException.Reason#SECRET_NOT_FOUND}. Secrets have no version; a request with a
 * {@code version} or a {@code field} is {@link SecretException.Reason#INVALID_REQUEST} (nothing is silently
 * ignored). The context is not checked: anyone who can call this backend can read the variables it maps.
 */
public final class EnvironmentSecretsBackend implements SecretsBackend {
    private final String name;
    private final String prefix;
    private final Map<String, String> environment;

    private EnvironmentSecretsBackend(String name, String prefix, Map<String, String> environment) {
        this.name = Objects.requireNonNull(name, "name");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.environment = Map.copyOf(environment);
    }

    /** A backend named {@code name} over the process environment, read now. */
    public static EnvironmentSecretsBackend of(String name, String prefix) {
        return new EnvironmentSecretsBackend(name, prefix, System.getenv());
    }

    /** A backend named {@code name} over {@code environment} (copied), for tests and custom sources. */
    public static EnvironmentSecretsBackend of(String name, String prefix, Map<String, String> environment) {
        return new EnvironmentSecretsBackend(name, prefix, environment);
    }

    /** The variable a key maps to. */
    public String variableFor(String key) {
        StringBuilder out = new StringBuilder(prefix);
        for (char c : key.toUpperCase(Locale.ROOT).toCharArray()) {
            out.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return out.toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SecretValue get(SecretRequest request) {
        if (request.field().isPresent()) {
            throw request.error(SecretException.Reason.INVALID_REQUEST, name, "fields are not supported");
        }
        if (request.version().isPresent()) {
            throw request.error(SecretException.Reason.INVALID_REQUEST, name, "versions are not supported");
        }
        String value = environment.get(variableFor(request.key()));
        if (value == null) {
            throw request.error(SecretException.Reason.SECRET_NOT_FOUND, name, null);
        }
        return SecretValue.ofString(value);
    }

    @Override
    public String toString() {
        return "EnvironmentSecretsBackend[" + name + ", prefix=" + prefix + "]";
    }
}
