package org.wasmcloud4j.lattice.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretException.Reason;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.xkey.XKey;
import org.wasmcloud4j.secrets.xkey.XKeyException;

/**
 * A wasmCloud secrets backend in Java with the behaviour of {@code secrets-nats-kv} (protocol notes §5.2,
 * §10.13–17), so a lattice needs no Rust binary: secrets encrypted at rest with an xkey in a JetStream key-value
 * bucket, and a mapping bucket of which entity (component {@code M…} / provider {@code V…} subject) may read which
 * keys.
 *
 * <p>It queue-subscribes to {@code {topic}.v1alpha1.{name}.>} (group {@code wasmcloud_secrets.{name}}) and answers
 * <ul>
 *   <li>{@code server_xkey}: the public transit xkey;</li>
 *   <li>{@code get}: a sealed {@code SecretRequest}, checked in secrets-nats-kv's order — empty body
 *       {@code InvalidPayload}, no headers {@code InvalidHeaders}, no or a bad {@code WasmCloud-Host-Xkey}
 *       {@code InvalidXKey}, does not open {@code DecryptionError}, not a request {@code InvalidRequest}, then
 *       the entity JWT ({@code InvalidEntityJWT}) and host JWT ({@code InvalidHostJWT}; secrets-nats-kv reports
 *       that one as {@code InvalidEntityJWT} too), then the entity's mapping ({@code Unauthorized}), then a
 *       {@code version} that must be a u64 revision of the key ({@code InvalidRequest}, {@code SecretNotFound}).
 *       The secret is sealed to the request's key by a one-off key named in {@code Server-Response-Xkey};</li>
 *   <li>{@code put_secret}: a sealed {@code PutSecretRequest} → {@code {"revision":N,"error":null}};</li>
 *   <li>{@code add_mapping.{entity}} / {@code remove_mapping.{entity}}: a JSON array of keys → {@code ok} (remove
 *       really removes, unlike secrets-nats-kv 1.9.2).</li>
 * </ul>
 * The JWT checks are {@link Jwts}'s. Secret versions are KV revisions. Errors never carry a value. Closing stops
 * answering; the buckets stay.
 */
public final class NatsSecretsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsSecretsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_KEYS = 4096;

    private final Connection connection;
    private final String name;
    private final String base;
    private final XKey encryption;
    private final XKey transit;
    private final KeyValue secrets;
    private final KeyValue mappings;
    private final Clock clock;
    private final Dispatcher dispatcher;

    private NatsSecretsServer(Builder b) throws IOException, JetStreamApiException {
        this.connection = b.connection;
        this.name = b.name;
        this.base = b.topic + ".v1alpha1." + b.name;
        this.encryption = b.encryption;
        this.transit = b.transit;
        this.clock = b.clock;
        KeyValueManagement kvm = connection.keyValueManagement();
        String secretsBucket = b.secretsBucket == null ? "WASMCLOUD_SECRETS" : b.secretsBucket;
        String mappingBucket = b.mappingBucket == null ? "SECRETS_" + b.name + "_state" : b.mappingBucket;
        ensureBucket(kvm, secretsBucket, b.maxHistory);
        ensureBucket(kvm, mappingBucket, 1);
        this.secrets = connection.keyValue(secretsBucket);
        this.mappings = connection.keyValue(mappingBucket);
        this.dispatcher = connection.createDispatcher(this::handle);
        dispatcher.subscribe(base + ".>", "wasmcloud_secrets." + b.name);
        LOG.info("secrets backend {} answering on {}.> (buckets {}, {})", name, base, secretsBucket, mappingBucket);
    }

    /**
     * A builder.
     *
     * @param connection the NATS connection (JetStream enabled)
     * @param encryptionSeed the xkey seed ({@code SX…}) that encrypts values at rest ({@code ENCRYPTION_XKEY_SEED})
     * @param transitSeed the xkey seed of the server key requests are sealed to ({@code TRANSIT_XKEY_SEED})
     */
    public static Builder builder(Connection connection, char[] encryptionSeed, char[] transitSeed) {
        return new Builder(connection, encryptionSeed, transitSeed);
    }

    /** The backend name references use. */
    public String name() {
        return name;
    }

    /** The public transit xkey ({@code server_xkey}'s answer). */
    public String serverXkey() {
        return transit.publicKey();
    }

    /**
     * Stores {@code value} (encrypted with the encryption key) under {@code key}, as {@code put_secret} does.
     *
     * @return the new revision, the secret's version
     * @throws SecretException {@code INVALID_REQUEST} for a key the bucket cannot hold, {@code UPSTREAM_ERROR} when
     *         the bucket cannot be written
     */
    public long putSecret(String key, SecretValue value) {
        byte[] plain = SecretsWire.encodeStored(value);
        try {
            return secrets.put(checkedKey(key), encryption.seal(plain, encryption));
        } catch (IOException | JetStreamApiException e) {
            throw new SecretException(Reason.UPSTREAM_ERROR, name, null, "cannot write the secrets bucket: "
                    + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Lets {@code entity} (a component or provider subject) read {@code keys}, as {@code add_mapping} does. */
    public void addMapping(String entity, Set<String> keys) {
        updateMapping(entity, keys, true);
    }

    /** Takes {@code keys} away from {@code entity}, as {@code remove_mapping} does. */
    public void removeMapping(String entity, Set<String> keys) {
        updateMapping(entity, keys, false);
    }

    /** The keys {@code entity} may read. */
    public Set<String> mapping(String entity) {
        try {
            KeyValueEntry e = mappings.get(checkedKey(entity));
            return e == null || e.getOperation() != KeyValueOperation.PUT || e.getValue() == null ? Set.of()
                    : parseKeys(e.getValue());
        } catch (IOException | JetStreamApiException e) {
            throw new SecretException(Reason.UPSTREAM_ERROR, name, null, "cannot read the mapping bucket: "
                    + e.getClass().getSimpleName());
        }
    }

    private void updateMapping(String entity, Set<String> keys, boolean add) {
        String k = checkedKey(entity);
        for (int attempt = 0; attempt < 16; attempt++) {
            try {
                KeyValueEntry e = mappings.get(k);
                boolean live = e != null && e.getOperation() == KeyValueOperation.PUT && e.getValue() != null;
                Set<String> now = new TreeSet<>(live ? parseKeys(e.getValue()) : Set.of());
                if (add) {
                    now.addAll(keys);
                } else {
                    now.removeAll(keys);
                }
                if (now.size() > MAX_KEYS) {
                    throw new SecretException(Reason.INVALID_REQUEST, name, null, "an entity may map at most "
                            + MAX_KEYS + " keys");
                }
                ArrayNode array = JSON.createArrayNode();
                now.forEach(array::add);
                byte[] value = JSON.writeValueAsBytes(array);
                if (e == null) {
                    mappings.create(k, value);
                } else {
                    mappings.update(k, value, e.getRevision());
                }
                return;
            } catch (JetStreamApiException raced) {
                LOG.debug("mapping of {} changed meanwhile, retrying", entity);
            } catch (IOException e) {
                throw new SecretException(Reason.UPSTREAM_ERROR, name, null, "cannot write the mapping bucket: "
                        + e.getClass().getSimpleName());
            }
        }
        throw new SecretException(Reason.UPSTREAM_ERROR, name, null, "the mapping of " + entity
                + " kept changing");
    }

    private Set<String> parseKeys(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isArray() || n.size() > MAX_KEYS) {
                throw new IllegalArgumentException("not an array of at most " + MAX_KEYS + " keys");
            }
            Set<String> keys = new TreeSet<>();
            for (JsonNode k : n) {
                if (!k.isTextual()) {
                    throw new IllegalArgumentException("a key is not a string");
                }
                keys.add(k.textValue());
            }
            return keys;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
    }

    private String checkedKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 1024 || key.startsWith(".") || key.endsWith(".")) {
            throw new SecretException(Reason.INVALID_REQUEST, name, null, "not a key-value key");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-/_=.".indexOf(c) >= 0)) {
                throw new SecretException(Reason.INVALID_REQUEST, name, null, "not a key-value key (character "
                        + i + ")");
            }
        }
        return key;
    }

    // ------------------------------------------------------------------------------------------- protocol

    private void handle(Message m) {
        String op = m.getSubject().substring(base.length() + 1);
        try {
            if (op.equals("server_xkey")) {
                reply(m, null, transit.publicKey().getBytes(StandardCharsets.UTF_8));
            } else if (op.equals("get")) {
                get(m);
            } else if (op.equals("put_secret")) {
                put(m);
            } else if (op.startsWith("add_mapping.") || op.startsWith("remove_mapping.")) {
                mapping(m, op.startsWith("add_mapping."), op.substring(op.indexOf('.') + 1));
            } else {
                reply(m, null, SecretsWire.encodeError(Reason.INVALID_REQUEST, null));
            }
        } catch (RuntimeException e) {
            LOG.warn("secrets backend {}: {} failed: {}", name, op, e.getClass().getSimpleName());
            reply(m, null, SecretsWire.encodeError(Reason.OTHER, "internal error"));
        }
    }

    /** The checks every sealed request shares, in secrets-nats-kv's order; null after replying an error. */
    private Opened open(Message m, boolean put) {
        Reason fail = null;
        XKey requester = null;
        byte[] plain = null;
        if (m.getData() == null || m.getData().length == 0) {
            fail = Reason.INVALID_PAYLOAD;
        } else if (!m.hasHeaders()) {
            fail = Reason.INVALID_HEADERS;
        } else {
            String text = m.getHeaders().getFirst(NatsSecretsBackend.HOST_XKEY_HEADER);
            try {
                requester = XKey.fromPublicKey(text == null ? "" : text);
                try {
                    plain = transit.open(m.getData(), requester);
                } catch (XKeyException e) {
                    fail = Reason.DECRYPTION_ERROR;
                }
            } catch (XKeyException e) {
                fail = Reason.INVALID_XKEY;
            }
        }
        if (fail != null) {
            fail(m, put, fail, null);
            return null;
        }
        return new Opened(requester, plain);
    }

    private record Opened(XKey requester, byte[] plain) {}

    private void fail(Message m, boolean put, Reason reason, String detail) {
        reply(m, null, put ? SecretsWire.encodePutResponse(0, reason, detail) : SecretsWire.encodeError(reason, detail));
    }

    private void get(Message m) {
        Opened o = open(m, false);
        if (o == null) {
            return;
        }
        SecretRequest request;
        try {
            request = SecretsWire.decodeRequest(o.plain());
        } catch (SecretsWire.WireException e) {
            fail(m, false, Reason.INVALID_REQUEST, null);
            return;
        } finally {
            Arrays.fill(o.plain(), (byte) 0);
        }
        String entity;
        try {
            entity = Jwts.verify(request.context().entityJwt(), "MV", clock.instant());
        } catch (Jwts.JwtException e) {
            fail(m, false, Reason.INVALID_ENTITY_JWT, e.getMessage());
            return;
        }
        try {
            Jwts.verify(request.context().hostJwt(), "N", clock.instant());
        } catch (Jwts.JwtException e) {
            fail(m, false, Reason.INVALID_HOST_JWT, e.getMessage());
            return;
        }
        if (!mapping(entity).contains(request.key())) {
            fail(m, false, Reason.UNAUTHORIZED, null);
            return;
        }
        KeyValueEntry entry;
        try {
            if (request.version().isPresent()) {
                long revision;
                try {
                    revision = Long.parseUnsignedLong(request.version().get());
                } catch (NumberFormatException e) {
                    fail(m, false, Reason.INVALID_REQUEST, null);
                    return;
                }
                entry = secrets.get(checkedKey(request.key()), revision);
            } else {
                entry = secrets.get(checkedKey(request.key()));
            }
        } catch (IOException | JetStreamApiException e) {
            fail(m, false, Reason.UPSTREAM_ERROR, "cannot read the secrets bucket");
            return;
        } catch (SecretException e) {
            fail(m, false, e.reason(), null);
            return;
        }
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
            fail(m, false, Reason.SECRET_NOT_FOUND, null);
            return;
        }
        byte[] stored;
        try {
            stored = encryption.open(entry.getValue(), encryption);
        } catch (XKeyException e) {
            fail(m, false, Reason.DECRYPTION_ERROR, null);
            return;
        }
        byte[] response = null;
        XKey oneOff = XKey.generate();
        try (SecretValue value = SecretsWire.decodeStored(stored, Long.toString(entry.getRevision()))) {
            response = SecretsWire.encodeSecret(value);
            reply(m, new Headers().put(NatsSecretsBackend.RESPONSE_XKEY_HEADER, oneOff.publicKey()),
                    oneOff.seal(response, o.requester()));
        } catch (SecretsWire.WireException e) {
            fail(m, false, Reason.DECRYPTION_ERROR, null);
        } finally {
            Arrays.fill(stored, (byte) 0);
            if (response != null) {
                Arrays.fill(response, (byte) 0);
            }
            oneOff.destroy();
        }
    }

    private void put(Message m) {
        Opened o = open(m, true);
        if (o == null) {
            return;
        }
        SecretsWire.PutRequest request;
        try {
            request = SecretsWire.decodePutRequest(o.plain());
        } catch (SecretsWire.WireException e) {
            fail(m, true, Reason.INVALID_REQUEST, null);
            return;
        } finally {
            Arrays.fill(o.plain(), (byte) 0);
        }
        try (SecretValue value = request.value()) {
            reply(m, null, SecretsWire.encodePutResponse(putSecret(request.key(), value), null, null));
        } catch (SecretException e) {
            fail(m, true, e.reason(), e.detail().orElse(null));
        }
    }

    private void mapping(Message m, boolean add, String entity) {
        Set<String> keys;
        try {
            keys = parseKeys(m.getData() == null ? new byte[0] : m.getData());
        } catch (IllegalArgumentException e) {
            reply(m, null, ("error: the body must be a JSON array of keys: " + e.getMessage())
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            updateMapping(entity, keys, add);
            reply(m, null, "ok".getBytes(StandardCharsets.UTF_8));
        } catch (SecretException e) {
            reply(m, null, ("error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void reply(Message m, Headers headers, byte[] body) {
        if (m.getReplyTo() != null) {
            connection.publish(m.getReplyTo(), headers, body);
        }
    }

    private static void ensureBucket(KeyValueManagement kvm, String bucket, int history)
            throws IOException, JetStreamApiException {
        try {
            kvm.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) {   // stream not found
                throw e;
            }
            try {
                kvm.create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(history)
                        .storageType(StorageType.File).replicas(1).build());
            } catch (JetStreamApiException raced) {
                kvm.getStatus(bucket);
            }
        }
    }

    /** Stops answering and destroys the keys. */
    @Override
    public void close() {
        connection.closeDispatcher(dispatcher);
        encryption.destroy();
        transit.destroy();
    }

    @Override
    public String toString() {
        return "NatsSecretsServer[" + base + "]";
    }

    /** Builds a {@link NatsSecretsServer}. */
    public static final class Builder {
        private final Connection connection;
        private final XKey encryption;
        private final XKey transit;
        private String topic = "wasmcloud.secrets";
        private String name = "nats-kv";
        private String secretsBucket;
        private String mappingBucket;
        private int maxHistory = 64;
        private Clock clock = Clock.systemUTC();

        private Builder(Connection connection, char[] encryptionSeed, char[] transitSeed) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.encryption = XKey.fromSeed(java.nio.CharBuffer.wrap(Objects.requireNonNull(encryptionSeed, "encryptionSeed")));
            this.transit = XKey.fromSeed(java.nio.CharBuffer.wrap(Objects.requireNonNull(transitSeed, "transitSeed")));
        }

        /** The subject base (default {@code wasmcloud.secrets}). */
        public Builder topic(String value) {
            this.topic = Objects.requireNonNull(value, "topic");
            return this;
        }

        /** The backend name (default {@code nats-kv}). */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** The secrets bucket (default {@code WASMCLOUD_SECRETS}). */
        public Builder secretsBucket(String value) {
            this.secretsBucket = Objects.requireNonNull(value, "secretsBucket");
            return this;
        }

        /** The mapping bucket (default {@code SECRETS_{name}_state}). */
        public Builder mappingBucket(String value) {
            this.mappingBucket = Objects.requireNonNull(value, "mappingBucket");
            return this;
        }

        /** Revisions kept per secret (default 64, secrets-nats-kv's). */
        public Builder maxHistory(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException("maxHistory must be 1 to 64, got " + value);
            }
            this.maxHistory = value;
            return this;
        }

        /** The clock JWT expiry is checked against (default the system's). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Creates the buckets if missing and starts answering.
         *
         * @throws IllegalArgumentException for a topic or name that is not a plain subject / one token
         * @throws SecretException {@code UPSTREAM_ERROR} when JetStream cannot be used
         */
        public NatsSecretsServer build() {
            NatsSecretsBackend.builder(connection, topic, name);   // the same subject checks as the client
            try {
                return new NatsSecretsServer(this);
            } catch (IOException | JetStreamApiException e) {
                throw new SecretException(Reason.UPSTREAM_ERROR, name, null,
                        "cannot open the JetStream buckets (is the server running with -js?): "
                                + e.getClass().getSimpleName());
            }
        }
    }
}
