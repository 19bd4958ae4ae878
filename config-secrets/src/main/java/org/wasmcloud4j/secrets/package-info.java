/**
 * Secrets for components, the way wasmCloud 1.1+ resolves them: {@link org.wasmcloud4j.secrets.SecretReference}
 * (the {@code SECRET_*} config entries), the {@link org.wasmcloud4j.secrets.SecretsBackend} SPI with its
 * {@link org.wasmcloud4j.secrets.SecretRequest} and {@link org.wasmcloud4j.secrets.SecretException} reasons,
 * embedded backends (environment, files, callback), and {@link org.wasmcloud4j.secrets.SecretValue}, which
 * never shows its content. See {@code docs/secrets.md}.
 */
package org.wasmcloud4j.secrets;
