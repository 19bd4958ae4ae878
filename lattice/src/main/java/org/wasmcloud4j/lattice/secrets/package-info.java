/**
 * The wasmCloud secrets protocol over NATS: {@link org.wasmcloud4j.lattice.secrets.NatsSecretsBackend}, a
 * {@link org.wasmcloud4j.secrets.SecretsBackend} that asks a secrets backend ({@code secrets-nats-kv} or a
 * Java one) with xkey-sealed requests. See {@code docs/secrets.md}.
 */
package org.wasmcloud4j.lattice.secrets;
