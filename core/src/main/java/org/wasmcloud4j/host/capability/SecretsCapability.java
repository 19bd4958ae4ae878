package org.wasmcloud4j.host.capability;

import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.secrets.SecretValue;

/**
 * The built-in {@code wasmcloud:secrets@0.1.0-draft}: {@code store.get(key) → result<secret, secrets-error>} and
 * {@code reveal.reveal(borrow<secret>) → secret-value}, answered from the secrets the host resolved for one
 * component at its start (keyed by each reference's {@code name}). A component sees only that map: a key it was
 * not given is {@code not-found}, whatever other components hold. The {@code secret} handle holds the value; only
 * {@code reveal} shows its content. The map's values are owned by the host (closed when the component stops).
 */
public final class SecretsCapability {
    /** The store interface. */
    public static final String STORE = "wasmcloud:secrets/store@0.1.0-draft";
    /** The reveal interface. */
    public static final String REVEAL = "wasmcloud:secrets/reveal@0.1.0-draft";

    private SecretsCapability() {
    }

    /** Defines both interfaces on {@code linker}, answering from {@code secrets} (reference name → value). */
    public static void define(Linker linker, Map<String, SecretValue> secrets) {
        Map<String, SecretValue> own = Map.copyOf(secrets);
        HostResource<SecretValue> handles = linker.defineResource(STORE, "secret", v -> { });
        linker.defineFunction(STORE, "get", a -> {
            SecretValue v = own.get(((Value.Str) a.get(0)).value());
            return v == null
                    ? Value.ResultValue.err(new Value.VariantValue("not-found", Optional.empty()))
                    : Value.ResultValue.ok(handles.create(v));
        });
        linker.defineFunction(REVEAL, "reveal", a -> {
            SecretValue v = handles.get(a.get(0));
            if (v.isString()) {
                return new Value.VariantValue("string", Optional.of(new Value.Str(v.asString())));
            }
            byte[] raw = v.asBytes();
            try {
                return new Value.VariantValue("bytes", Optional.of(Value.ListValue.ofBytes(raw)));
            } finally {
                java.util.Arrays.fill(raw, (byte) 0);
            }
        });
    }
}
