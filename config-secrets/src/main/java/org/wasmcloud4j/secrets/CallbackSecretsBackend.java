package org.wasmcloud4j.secrets;

import java.util.Objects;

/** {@link SecretsBackend#callback}. */
final class CallbackSecretsBackend implements SecretsBackend {
    private final String name;
    private final SecretsBackend.Function function;

    CallbackSecretsBackend(String name, SecretsBackend.Function function) {
        this.name = Objects.requireNonNull(name, "name");
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SecretValue get(SecretRequest request) {
        SecretValue value;
        try {
            value = function.get(request);
        } catch (SecretException e) {
            throw request.referenceName().map(e::withReference).orElse(e);
        } catch (RuntimeException e) {
            throw request.error(SecretException.Reason.UPSTREAM_ERROR, name,
                    "the callback failed with " + e.getClass().getName());
        }
        if (value == null) {
            throw request.error(SecretException.Reason.SECRET_NOT_FOUND, name, null);
        }
        return value;
    }

    @Override
    public String toString() {
        return "CallbackSecretsBackend[" + name + "]";
    }
}
