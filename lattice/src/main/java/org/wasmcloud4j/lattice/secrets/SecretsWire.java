package org.wasmcloud4j.lattice.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.wasmcloud4j.secrets.SecretContext;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;

/**
 * The JSON of the wasmCloud secrets protocol (crates/secrets-types): {@code SecretRequest} and
 * {@code SecretResponse}, both directions.
 *
 * <p>Written as wasmCloud writes them: optional members present as {@code null} (§10.15). Read strictly: a
 * member of the wrong type, a missing required member, duplicate members or trailing content are a
 * {@link WireException} naming the member; unknown members are ignored (serde's default).
 */
final class SecretsWire {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Malformed protocol JSON; the message names the member. */
    static final class WireException extends Exception {
        private static final long serialVersionUID = 1L;

        WireException(String message) {
            super(message);
        }
    }

    private SecretsWire() {}

    static byte[] encodeRequest(SecretRequest request) {
        ObjectNode application = NODES.objectNode();
        application.put("name", request.context().applicationName().orElse(null));
        application.put("policy", request.context().policy());
        ObjectNode context = NODES.objectNode();
        context.put("entity_jwt", request.context().entityJwt());
        context.put("host_jwt", request.context().hostJwt());
        context.set("application", application);
        ObjectNode root = NODES.objectNode();
        root.put("key", request.key());
        root.put("field", request.field().orElse(null));
        root.put("version", request.version().orElse(null));
        root.set("context", context);
        return write(root);
    }

    static SecretRequest decodeRequest(byte[] json) throws WireException {
        JsonNode root = read(json);
        JsonNode context = object(root, "context");
        JsonNode application = object(context, "application");
        String key = string(root, "key", true);
        if (key.isEmpty()) {
            throw new WireException("'key' must not be empty");
        }
        return SecretRequest.builder(key)
                .field(string(root, "field", false))
                .version(string(root, "version", false))
                .context(SecretContext.of(string(context, "entity_jwt", true), string(context, "host_jwt", true),
                        string(application, "name", false), string(application, "policy", true)))
                .build();
    }

    /** A {@code PutSecretRequest}: the key and the value ({@code version} is required on the wire but ignored). */
    record PutRequest(String key, SecretValue value) {}

    /** {@code {"key":…,"version":"","string_secret":…,"binary_secret":…}} (secrets-nats-kv's PutSecretRequest). */
    static byte[] encodePutRequest(String key, SecretValue value) {
        ObjectNode root = NODES.objectNode();
        root.put("key", key);
        root.put("version", value.version().orElse(""));
        fillValue(root, value);
        return write(root);
    }

    static PutRequest decodePutRequest(byte[] json) throws WireException {
        JsonNode root = read(json);
        String key = string(root, "key", true);
        if (key.isEmpty()) {
            throw new WireException("'key' must not be empty");
        }
        string(root, "version", true);
        return new PutRequest(key, readValue(root, ""));
    }

    /** {@code {"revision":N,"error":null}} or {@code {"revision":0,"error":"InvalidXKey"}}. */
    static byte[] encodePutResponse(long revision, SecretException.Reason reason, String detail) {
        ObjectNode root = NODES.objectNode();
        root.put("revision", revision);
        if (reason == null) {
            root.putNull("error");
        } else if (reason.carriesDetail()) {
            root.putObject("error").put(reason.wireName(), detail == null ? "" : detail);
        } else {
            root.put("error", reason.wireName());
        }
        return write(root);
    }

    /** The value held at rest by the secrets server: {@code {"string_secret":…,"binary_secret":…}}. */
    static byte[] encodeStored(SecretValue value) {
        ObjectNode root = NODES.objectNode();
        fillValue(root, value);
        return write(root);
    }

    static SecretValue decodeStored(byte[] json, String version) throws WireException {
        return readValue(read(json), version);
    }

    private static void fillValue(ObjectNode secret, SecretValue value) {
        if (value.isString()) {
            secret.put("string_secret", value.asString());
            secret.putNull("binary_secret");
        } else {
            secret.putNull("string_secret");
            ArrayNode bytes = secret.putArray("binary_secret");
            byte[] raw = value.asBytes();
            for (byte b : raw) {
                bytes.add(b & 0xff);
            }
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** {@code {"secret":{"version":…,"string_secret":…,"binary_secret":…},"error":null}}; no version: "". */
    static byte[] encodeSecret(SecretValue value) {
        ObjectNode secret = NODES.objectNode();
        secret.put("version", value.version().orElse(""));
        fillValue(secret, value);
        ObjectNode root = NODES.objectNode();
        root.set("secret", secret);
        root.putNull("error");
        return write(root);
    }

    /** {@code {"secret":null,"error":"SecretNotFound"}} or {@code {"secret":null,"error":{"Other":"…"}}}. */
    static byte[] encodeError(SecretException.Reason reason, String detail) {
        ObjectNode root = NODES.objectNode();
        root.putNull("secret");
        if (reason.carriesDetail()) {
            root.putObject("error").put(reason.wireName(), detail == null ? "" : detail);
        } else {
            root.put("error", reason.wireName());
        }
        return write(root);
    }

    /**
     * Reads a response: the secret, or the {@link SecretException} its {@code error} stands for.
     *
     * @throws WireException if the JSON is not a {@code SecretResponse}
     */
    static SecretValue decodeResponse(byte[] json, String backend, String reference) throws WireException {
        JsonNode root = read(json);
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            throw decodeError(error, backend, reference);
        }
        JsonNode secret = root.get("secret");
        if (secret == null || secret.isNull()) {
            throw new WireException("a response needs 'secret' or 'error'");
        }
        if (!secret.isObject()) {
            throw new WireException("'secret' must be an object");
        }
        return readValue(secret, string(secret, "version", true));
    }

    private static SecretValue readValue(JsonNode secret, String version) throws WireException {
        String text = string(secret, "string_secret", false);
        JsonNode binary = secret.get("binary_secret");
        boolean hasBinary = binary != null && !binary.isNull();
        if (text != null && hasBinary) {
            throw new WireException("'secret' has both 'string_secret' and 'binary_secret'");
        }
        if (text != null) {
            return SecretValue.ofString(text, version);
        }
        if (!hasBinary) {
            throw new WireException("'secret' has neither 'string_secret' nor 'binary_secret'");
        }
        if (!binary.isArray()) {
            throw new WireException("'binary_secret' must be an array of bytes");
        }
        byte[] raw = new byte[binary.size()];
        try {
            for (int i = 0; i < raw.length; i++) {
                JsonNode b = binary.get(i);
                if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
                    throw new WireException("'binary_secret' element " + i + " is not a byte");
                }
                raw[i] = (byte) b.intValue();
            }
            return SecretValue.ofBytes(raw, version);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static SecretException decodeError(JsonNode error, String backend, String reference)
            throws WireException {
        String name;
        String detail = null;
        if (error.isTextual()) {
            name = error.textValue();
        } else if (error.isObject() && error.size() == 1) {
            Iterator<Map.Entry<String, JsonNode>> it = error.fields();
            Map.Entry<String, JsonNode> e = it.next();
            name = e.getKey();
            if (!e.getValue().isTextual()) {
                throw new WireException("'error." + name + "' must be a string");
            }
            detail = e.getValue().textValue();
        } else {
            throw new WireException("'error' must be a variant name or an object of one variant");
        }
        SecretException.Reason reason = SecretException.Reason.fromWireName(name).orElse(null);
        if (reason == null) {
            return new SecretException(SecretException.Reason.OTHER, backend, reference,
                    "unknown error variant '" + name + "'" + (detail == null ? "" : ": " + detail));
        }
        return new SecretException(reason, backend, reference, detail);
    }

    private static JsonNode read(byte[] json) throws WireException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input, which may be a decrypted secret: give the offset only.
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new WireException("not JSON (at byte " + at + ")");
        } catch (IOException e) {
            throw new WireException("not JSON: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            throw new WireException("the message must be a JSON object");
        }
        return root;
    }

    private static JsonNode object(JsonNode parent, String member) throws WireException {
        JsonNode n = parent.get(member);
        if (n == null || !n.isObject()) {
            throw new WireException("'" + member + "' is required and must be an object");
        }
        return n;
    }

    private static String string(JsonNode parent, String member, boolean required) throws WireException {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            if (required) {
                throw new WireException("'" + member + "' is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new WireException("'" + member + "' must be a string");
        }
        return n.textValue();
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
