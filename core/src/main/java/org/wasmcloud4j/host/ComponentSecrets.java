package org.wasmcloud4j.host;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.secrets.SecretContext;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretReference;
import org.wasmcloud4j.secrets.SecretReferenceException;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.SecretsBackend;

/**
 * Resolves the secret references of a component at its start, as wasmCloud does (protocol notes §5.2): each config
 * name starting with {@code SECRET} is a reference, read from the lattice's config store, parsed, and asked of the
 * backend it names, once; the values are kept per component, by the reference's {@code name}. The request carries
 * the component's embedded JWT ({@code wasmcloud_jwt}, empty if unsigned), the host's self-signed JWT, the
 * {@code wasmcloud.dev/appspec} annotation as application name and the reference's policy. Any failure is a
 * {@link HostException} naming the reference, never a value, and leaves nothing resolved behind.
 */
final class ComponentSecrets {
    static final String APP_ANNOTATION = "wasmcloud.dev/appspec";

    private final Lattice lattice;
    private final Map<String, SecretsBackend> backends;
    private final java.util.function.Function<String, SecretsBackend> resolver;
    private final Supplier<String> hostJwt;

    ComponentSecrets(Lattice lattice, Map<String, SecretsBackend> backends,
            java.util.function.Function<String, SecretsBackend> resolver, Supplier<String> hostJwt) {
        this.lattice = lattice;
        this.backends = Map.copyOf(backends);
        this.resolver = resolver;
        this.hostJwt = hostJwt;
    }

    private SecretsBackend backend(String name, String reference) {
        SecretsBackend b = backends.get(name);
        if (b != null) {
            return b;
        }
        try {
            return resolver.apply(name);
        } catch (RuntimeException e) {
            throw new HostException("secret reference '" + reference + "': backend name '" + name
                    + "' is not usable: " + e.getMessage());
        }
    }

    /** The config names that are secret references. */
    static List<String> references(List<String> config) {
        return config.stream().filter(SecretReference::isSecretName).toList();
    }

    /**
     * The secrets of a component with image {@code bytes} and config names {@code config} (name → value, owned by
     * the caller).
     *
     * @throws HostException naming the first reference that is missing, malformed, names an unknown backend, or that
     *         the backend refused
     */
    Map<String, SecretValue> resolve(byte[] bytes, List<String> config, Map<String, String> annotations) {
        List<String> names = references(config);
        if (names.isEmpty()) {
            return Map.of();
        }
        String entityJwt = ComponentDecoder.decode(bytes).jwt().orElse("").trim();
        SecretContext context = SecretContext.of(entityJwt, hostJwt.get(), annotations.get(APP_ANNOTATION), "{}");
        Map<String, SecretValue> out = new LinkedHashMap<>();
        try {
            for (String name : names) {
                SecretReference reference = reference(name);
                SecretsBackend backend = backend(reference.backend(), name);
                if (backend == null) {
                    throw new HostException("secret reference '" + name + "' names backend '" + reference.backend()
                            + "', which this host does not have" + (backends.isEmpty() ? " (no secrets backend is"
                            + " configured)" : " (it has " + String.join(", ", new java.util.TreeSet<>(
                            backends.keySet())) + ")"));
                }
                SecretValue value;
                try {
                    value = backend.get(SecretRequest.forReference(reference, context));
                } catch (SecretException e) {
                    throw new HostException("secret reference '" + name + "': " + e.getMessage());
                } catch (RuntimeException e) {
                    throw new HostException("secret reference '" + name + "': backend '" + reference.backend()
                            + "' failed: " + e.getClass().getSimpleName());
                }
                if (value == null) {
                    throw new HostException("secret reference '" + name + "': backend '" + reference.backend()
                            + "' returned nothing");
                }
                SecretValue before = out.put(reference.name(), value);
                if (before != null) {
                    before.close();   // two references with one name: the later wins, as in a map
                }
            }
            return out;
        } catch (RuntimeException e) {
            close(out.values());
            throw e;
        }
    }

    private SecretReference reference(String name) {
        Optional<Map<String, String>> stored = lattice.secretReference(name);
        if (stored.isEmpty()) {
            throw new HostException("secret reference '" + name + "' does not exist");
        }
        try {
            return SecretReference.fromMap(stored.get());
        } catch (SecretReferenceException e) {
            throw new HostException("secret reference '" + name + "' is malformed: " + e.getMessage());
        }
    }

    /** Clears every value (null-safe). */
    static void close(Collection<SecretValue> values) {
        if (values != null) {
            values.forEach(SecretValue::close);
        }
    }
}
