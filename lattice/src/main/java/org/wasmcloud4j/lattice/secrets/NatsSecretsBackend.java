package org.wasmcloud4j.lattice.secrets;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretException.Reason;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.SecretsBackend;
import org.wasmcloud4j.secrets.xkey.XKey;
import org.wasmcloud4j.secrets.xkey.XKeyException;

/**
 * The wasmCloud secrets-protocol client: a {@link SecretsBackend} that asks a backend such as
 * {@code secrets-nats-kv} over NATS (protocol notes §5.2, §10.12–18).
 *
 * <ol>
 *   <li>{@code {topic}.v1alpha1.{backend}.server_xkey} (empty body) answers the backend's public xkey; it is
 *       fetched on first use and cached, and dropped again after a {@code DecryptionError} or an unusable key
 *       so a rotated server key is picked up.</li>
 *   <li>Each {@link #get} makes a fresh ephemeral xkey, seals the JSON {@code SecretRequest} to the server key
 *       and requests {@code {topic}.v1alpha1.{backend}.get} with header {@code WasmCloud-Host-Xkey} = the
 *       ephemeral public key.</li>
 *   <li>A reply with header {@code Server-Response-Xkey} is sealed to the ephemeral key by that one-off
 *       server key and opened with it; a reply without it is a plain JSON error. The {@code error} variants
 *       become {@link SecretException}s with their {@link Reason}.</li>
 * </ol>
 *
 * <p>Client-side failures map onto the same reasons: no reply within the timeout, or no backend listening,
 * is {@link Reason#UPSTREAM_ERROR}; a server key that is not an xkey is {@link Reason#INVALID_XKEY}; a reply
 * that does not open (wrong key, tampered) is {@link Reason#DECRYPTION_ERROR}; a reply that is not a
 * {@code SecretResponse} is {@link Reason#OTHER}. Every error names the backend and the request's reference,
 * never a value. Thread-safe.
 */
public final class NatsSecretsBackend implements SecretsBackend {
    static final String HOST_XKEY_HEADER = "WasmCloud-Host-Xkey";
    static final String RESPONSE_XKEY_HEADER = "Server-Response-Xkey";

    private final Connection connection;
    private final String backend;
    private final String baseSubject;
    private final Duration timeout;
    private volatile XKey serverKey;

    private NatsSecretsBackend(Builder b) {
        this.connection = b.connection;
        this.backend = b.backend;
        this.baseSubject = b.topic + ".v1alpha1." + b.backend;
        this.timeout = b.timeout;
    }

    /**
     * A builder.
     *
     * @param connection the NATS connection (wasmCloud uses the ctl connection)
     * @param topic the secrets topic ({@code --secrets-topic}, conventionally {@code wasmcloud.secrets})
     * @param backend the backend's name, one subject token (as secret references name it)
     */
    public static Builder builder(Connection connection, String topic, String backend) {
        return new Builder(connection, topic, backend);
    }

    /**
     * Backends by name on one connection and topic, each made on first use and kept (so each backend's
     * {@code server_xkey} is fetched once, §10.18): what a host with {@code --secrets-topic} resolves references'
     * {@code backend} names with. A name that is not one subject token is refused with
     * {@link IllegalArgumentException}.
     *
     * @throws IllegalArgumentException if {@code topic} is not a plain subject
     */
    public static java.util.function.Function<String, SecretsBackend> resolver(Connection connection, String topic,
            Duration timeout) {
        builder(connection, topic, "probe");   // checks the topic now
        java.util.Map<String, SecretsBackend> made = new java.util.concurrent.ConcurrentHashMap<>();
        return name -> made.computeIfAbsent(name, n -> builder(connection, topic, n).timeout(timeout).build());
    }

    @Override
    public String name() {
        return backend;
    }

    /** The subject of one operation: {@code {topic}.v1alpha1.{backend}.{operation}}. */
    String subject(String operation) {
        return baseSubject + "." + operation;
    }

    @Override
    public SecretValue get(SecretRequest request) {
        String reference = request.referenceName().orElse(null);
        XKey server = serverKey(reference);
        XKey ephemeral = XKey.generate();
        byte[] body = SecretsWire.encodeRequest(request);
        try {
            byte[] sealed = ephemeral.seal(body, server);
            Headers headers = new Headers().put(HOST_XKEY_HEADER, ephemeral.publicKey());
            Message reply = call(subject("get"), headers, sealed, reference);
            byte[] response = reply.getData() == null ? new byte[0] : reply.getData();
            String responseKey = header(reply, RESPONSE_XKEY_HEADER);
            if (responseKey == null) {
                return decode(response, reference);
            }
            byte[] plain;
            try {
                plain = ephemeral.open(response, XKey.fromPublicKey(responseKey));
            } catch (XKeyException e) {
                serverKey = null;
                throw new SecretException(Reason.DECRYPTION_ERROR, backend, reference,
                        "the response does not open: " + e.getMessage());
            }
            try {
                return decode(plain, reference);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } finally {
            Arrays.fill(body, (byte) 0);
            ephemeral.destroy();
        }
    }

    private SecretValue decode(byte[] json, String reference) {
        try {
            return SecretsWire.decodeResponse(json, backend, reference);
        } catch (SecretsWire.WireException e) {
            throw new SecretException(Reason.OTHER, backend, reference,
                    "the response is not a SecretResponse: " + e.getMessage());
        } catch (SecretException e) {
            if (e.reason() == Reason.DECRYPTION_ERROR || e.reason() == Reason.INVALID_XKEY) {
                serverKey = null;
            }
            throw e;
        }
    }

    private XKey serverKey(String reference) {
        XKey key = serverKey;
        if (key != null) {
            return key;
        }
        Message reply = call(subject("server_xkey"), null, new byte[0], reference);
        String text = new String(reply.getData() == null ? new byte[0] : reply.getData(), StandardCharsets.UTF_8)
                .trim();
        try {
            key = XKey.fromPublicKey(text);
        } catch (XKeyException e) {
            throw new SecretException(Reason.INVALID_XKEY, backend, reference,
                    "the backend's server_xkey is not an xkey: " + e.getMessage());
        }
        serverKey = key;
        return key;
    }

    private Message call(String subject, Headers headers, byte[] body, String reference) {
        try {
            Message reply = connection.requestWithTimeout(subject, headers, body, timeout)
                    .get(timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.NANOSECONDS);
            if (reply == null || reply.isStatusMessage()) {
                throw new SecretException(Reason.UPSTREAM_ERROR, backend, reference,
                        "no backend answers on " + subject);
            }
            return reply;
        } catch (CancellationException e) {
            // jnats cancels the request when the server reports no responders, or on its own timeout.
            throw new SecretException(Reason.UPSTREAM_ERROR, backend, reference,
                    "no backend answered on " + subject + " (no responders or no reply within " + timeout + ")");
        } catch (TimeoutException e) {
            throw new SecretException(Reason.UPSTREAM_ERROR, backend, reference,
                    "no reply on " + subject + " within " + timeout);
        } catch (ExecutionException e) {
            throw new SecretException(Reason.UPSTREAM_ERROR, backend, reference,
                    "the request on " + subject + " failed: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretException(Reason.UPSTREAM_ERROR, backend, reference, "interrupted");
        }
    }

    private static String header(Message m, String name) {
        if (!m.hasHeaders()) {
            return null;
        }
        List<String> values = m.getHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return "NatsSecretsBackend[" + baseSubject + "]";
    }

    /** Builds a {@link NatsSecretsBackend}. */
    public static final class Builder {
        private final Connection connection;
        private final String topic;
        private final String backend;
        private Duration timeout = Duration.ofSeconds(5);

        private Builder(Connection connection, String topic, String backend) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.topic = Objects.requireNonNull(topic, "topic");
            this.backend = Objects.requireNonNull(backend, "backend");
            if (!validSubject(topic)) {
                throw new IllegalArgumentException("secrets topic is not a plain NATS subject: '" + topic + "'");
            }
            if (!validToken(backend)) {
                throw new IllegalArgumentException("backend name is not one NATS subject token: '" + backend + "'");
            }
        }

        /** How long one request waits for its reply (default 5 s). */
        public Builder timeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            this.timeout = value;
            return this;
        }

        /** The backend. */
        public NatsSecretsBackend build() {
            return new NatsSecretsBackend(this);
        }

        private static boolean validSubject(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (String token : s.split("\\.", -1)) {
                if (!validToken(token)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean validToken(String t) {
            if (t.isEmpty() || t.equals("*") || t.equals(">")) {
                return false;
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '.' || c == '*' || c == '>' || c <= ' ' || c == 0x7f) {
                    return false;
                }
            }
            return true;
        }
    }
}
