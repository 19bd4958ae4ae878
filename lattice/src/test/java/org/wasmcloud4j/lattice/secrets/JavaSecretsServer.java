package org.wasmcloud4j.lattice.secrets;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.wasmcloud4j.secrets.SecretException.Reason;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.xkey.XKey;
import org.wasmcloud4j.secrets.xkey.XKeyException;

/**
 * A secrets backend in Java for tests: the server side of the protocol with the check order of
 * secrets-nats-kv v1.9.2 (§10.13), secrets from a map, and switches to misbehave (errors per key, silence,
 * tampering, a bogus server key).
 */
final class JavaSecretsServer implements AutoCloseable {
    final XKey serverKey = XKey.generate();
    final Map<String, SecretValue> secrets = new ConcurrentHashMap<>();
    final Map<String, Object[]> errors = new ConcurrentHashMap<>();
    final List<SecretRequest> seen = new CopyOnWriteArrayList<>();
    final List<String> hostKeys = new CopyOnWriteArrayList<>();
    final AtomicInteger serverXkeyCalls = new AtomicInteger();
    volatile boolean silent;
    volatile boolean tamper;
    volatile String serverXkeyOverride;

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final String base;

    JavaSecretsServer(Connection connection, String topic, String name) {
        this.connection = connection;
        this.base = topic + ".v1alpha1." + name;
        this.dispatcher = connection.createDispatcher(this::handle);
        dispatcher.subscribe(base + ".>");
    }

    private void handle(Message m) {
        String op = m.getSubject().substring(base.length() + 1);
        if (op.equals("server_xkey")) {
            serverXkeyCalls.incrementAndGet();
            String key = serverXkeyOverride != null ? serverXkeyOverride : serverKey.publicKey();
            connection.publish(m.getReplyTo(), key.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!op.equals("get") || silent) {
            return;
        }
        if (m.getData() == null || m.getData().length == 0) {
            error(m, Reason.INVALID_PAYLOAD, null);
            return;
        }
        if (!m.hasHeaders()) {
            error(m, Reason.INVALID_HEADERS, null);
            return;
        }
        String hostKeyText = m.getHeaders().getFirst(NatsSecretsBackend.HOST_XKEY_HEADER);
        XKey hostKey;
        try {
            hostKey = XKey.fromPublicKey(hostKeyText == null ? "" : hostKeyText);
        } catch (XKeyException e) {
            error(m, Reason.INVALID_XKEY, null);
            return;
        }
        byte[] plain;
        try {
            plain = serverKey.open(m.getData(), hostKey);
        } catch (XKeyException e) {
            error(m, Reason.DECRYPTION_ERROR, null);
            return;
        }
        SecretRequest request;
        try {
            request = SecretsWire.decodeRequest(plain);
        } catch (SecretsWire.WireException e) {
            error(m, Reason.INVALID_REQUEST, null);
            return;
        }
        seen.add(request);
        hostKeys.add(hostKeyText);
        Object[] forced = errors.get(request.key());
        if (forced != null) {
            error(m, (Reason) forced[0], (String) forced[1]);
            return;
        }
        SecretValue value = secrets.get(request.key());
        if (value == null) {
            error(m, Reason.SECRET_NOT_FOUND, null);
            return;
        }
        XKey oneOff = XKey.generate();
        byte[] sealed = oneOff.seal(SecretsWire.encodeSecret(value), hostKey);
        if (tamper) {
            sealed[sealed.length - 1] ^= 1;
        }
        connection.publish(m.getReplyTo(), new Headers().put(NatsSecretsBackend.RESPONSE_XKEY_HEADER,
                oneOff.publicKey()), sealed);
        oneOff.destroy();
    }

    private void error(Message m, Reason reason, String detail) {
        connection.publish(m.getReplyTo(), SecretsWire.encodeError(reason, detail));
    }

    @Override
    public void close() {
        connection.closeDispatcher(dispatcher);
    }
}
