package org.wasmcloud4j.secrets;

/**
 * Where secrets come from: wasmCloud's secrets backend, seen from the host.
 *
 * <p>Implementations here: {@link EnvironmentSecretsBackend}, {@link FileSecretsBackend} and
 * {@link #callback(String, Function)}; the wasmCloud secrets-protocol client (NATS) lives in the lattice
 * module. Implementations must be thread-safe and must never put a secret value into an exception.
 */
public interface SecretsBackend {
    /** The backend's name, as secret references name it ({@code backend}). */
    String name();

    /**
     * Fetches one secret. The caller owns the result and should {@link SecretValue#close() close} it when done.
     *
     * @throws SecretException with the wasmCloud reason when the secret cannot be had
     */
    SecretValue get(SecretRequest request);

    /** The function of a {@link #callback} backend. */
    @FunctionalInterface
    interface Function {
        /**
         * Answers one request.
         *
         * @throws SecretException to report a wasmCloud error
         */
        SecretValue get(SecretRequest request);
    }

    /**
     * A backend that asks {@code function} (for tests, and to bridge stores such as Spring's). A
     * {@link SecretException} it throws passes through, named after the request's reference; any other
     * exception becomes {@link SecretException.Reason#UPSTREAM_ERROR} carrying only the exception's class name
     * (its message might quote the secret), and {@code null} becomes {@link SecretException.Reason#SECRET_NOT_FOUND}.
     */
    static SecretsBackend callback(String name, Function function) {
        return new CallbackSecretsBackend(name, function);
    }
}
