package org.wasmcloud4j.lattice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.lattice.NatsServer;
import org.wasmcloud4j.secrets.SecretContext;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretException.Reason;
import org.wasmcloud4j.secrets.SecretPolicy;
import org.wasmcloud4j.secrets.SecretReference;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.xkey.XKey;

/** The secrets-protocol client against a real nats-server and a Java backend. */
class NatsSecretsBackendTest {
    private static final String TOPIC = "wasmcloud.secrets";
    private static final String PLAINTEXT = "correct-horse-battery-staple";

    @TempDir
    static Path dir;
    private static NatsServer nats;
    private static Connection connection;
    private JavaSecretsServer server;
    private NatsSecretsBackend client;

    private final SecretReference ref = SecretReference.of("db-password", "java-kv", "db", null, null,
            SecretPolicy.of(Map.of("region", "eu")));
    private final SecretContext context = SecretContext.of("entity.jwt.value", "host.jwt.value", "shop",
            "ignored");

    @BeforeAll
    static void startNats() throws Exception {
        nats = NatsServer.start(dir);
        connection = Nats.connect(nats.url());
    }

    @AfterAll
    static void stopNats() throws Exception {
        connection.close();
        nats.close();
    }

    @BeforeEach
    void startBackend() {
        server = new JavaSecretsServer(connection, TOPIC, "java-kv");
        server.secrets.put("db", SecretValue.ofString(PLAINTEXT, "3"));
        server.secrets.put("cert", SecretValue.ofBytes(new byte[] {0, 1, (byte) 0xff}, "4"));
        client = NatsSecretsBackend.builder(connection, TOPIC, "java-kv").timeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stopBackend() {
        server.close();
    }

    private SecretException failure(SecretRequest request) {
        try {
            client.get(request).close();
            throw new AssertionError("no error");
        } catch (SecretException e) {
            assertThat(e.backend()).isEqualTo(client.name());
            assertThat(e.getMessage()).doesNotContain(PLAINTEXT);
            return e;
        }
    }

    @Test
    void fetchesAStringSecretWithTheWholeRequestSealed() {
        try (SecretValue v = client.get(SecretRequest.forReference(ref, context))) {
            assertThat(v.asString()).isEqualTo(PLAINTEXT);
            assertThat(v.version()).contains("3");
        }
        SecretRequest seen = server.seen.get(0);
        assertThat(seen.key()).isEqualTo("db");
        assertThat(seen.field()).isEmpty();
        assertThat(seen.version()).isEmpty();
        assertThat(seen.context().entityJwt()).isEqualTo("entity.jwt.value");
        assertThat(seen.context().hostJwt()).isEqualTo("host.jwt.value");
        assertThat(seen.context().applicationName()).contains("shop");
        assertThat(SecretPolicy.parse(seen.context().policy())).isEqualTo(ref.policy());
        assertThat(client.subject("get")).isEqualTo("wasmcloud.secrets.v1alpha1.java-kv.get");
    }

    @Test
    void fetchesBinarySecretsWithAFreshXkeyPerRequestAndTheServerKeyOnce() {
        for (int i = 0; i < 3; i++) {
            try (SecretValue v = client.get(SecretRequest.builder("cert").field("pem").version("4").build())) {
                assertThat(v.isString()).isFalse();
                assertThat(v.asBytes()).containsExactly(0, 1, 0xff);
                assertThat(v.version()).contains("4");
            }
        }
        assertThat(server.hostKeys).hasSize(3).doesNotHaveDuplicates();
        assertThat(server.serverXkeyCalls.get()).isEqualTo(1);
        assertThat(server.seen.get(0).field()).contains("pem");
        assertThat(server.seen.get(0).version()).contains("4");
    }

    @Test
    void everyErrorVariantBecomesItsReasonNamingBackendAndReference() {
        for (Reason reason : Reason.values()) {
            String detail = reason.carriesDetail() ? "detail of " + reason.wireName() : null;
            server.errors.put("db", new Object[] {reason, detail});
            SecretException e = failure(SecretRequest.forReference(ref, context));
            assertThat(e.reason()).as(reason.wireName()).isEqualTo(reason);
            assertThat(e.reference()).contains("db-password");
            assertThat(e.detail().orElse(null)).isEqualTo(detail);
            assertThat(e.getMessage()).contains("'java-kv'", "'db-password'", reason.wireName());
        }
    }

    @Test
    void anUnknownKeyIsNotFound() {
        assertThat(failure(SecretRequest.builder("nope").referenceName("r").build()).reason())
                .isEqualTo(Reason.SECRET_NOT_FOUND);
    }

    @Test
    void anUnknownBackendFailsFastNamingIt() {
        NatsSecretsBackend nobody = NatsSecretsBackend.builder(connection, TOPIC, "nobody")
                .timeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> nobody.get(SecretRequest.forReference(ref, context)))
                .isInstanceOfSatisfying(SecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_ERROR);
                    assertThat(e.backend()).isEqualTo("nobody");
                    assertThat(e.reference()).contains("db-password");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aSilentBackendTimesOut() {
        client.get(SecretRequest.builder("db").build()).close(); // server key cached
        server.silent = true;
        SecretException e = failure(SecretRequest.forReference(ref, context));
        assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_ERROR);
        assertThat(e.getMessage()).contains("wasmcloud.secrets.v1alpha1.java-kv.get");
    }

    @Test
    void aTamperedResponseIsADecryptionErrorAndTheServerKeyIsFetchedAgain() {
        server.tamper = true;
        assertThat(failure(SecretRequest.forReference(ref, context)).reason()).isEqualTo(Reason.DECRYPTION_ERROR);
        server.tamper = false;
        assertThat(client.get(SecretRequest.builder("db").build()).asString()).isEqualTo(PLAINTEXT);
        assertThat(server.serverXkeyCalls.get()).isEqualTo(2);
    }

    @Test
    void aServerKeyThatIsNotAnXkeyIsInvalidXkey() {
        server.serverXkeyOverride = "not-an-xkey";
        SecretException e = failure(SecretRequest.forReference(ref, context));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_XKEY);
        assertThat(e.reference()).contains("db-password");
    }

    @Test
    void aRequestSealedToAnotherKeyIsRefusedByTheBackend() throws Exception {
        // What a host with a stale server key sends: the backend answers DecryptionError in plain JSON.
        XKey ephemeral = XKey.generate();
        byte[] sealed = ephemeral.seal(SecretsWire.encodeRequest(SecretRequest.builder("db").build()),
                XKey.generate());
        Message reply = connection.request(client.subject("get"),
                new Headers().put(NatsSecretsBackend.HOST_XKEY_HEADER, ephemeral.publicKey()), sealed,
                Duration.ofSeconds(2));
        assertThat(reply.hasHeaders()).isFalse();
        assertThatThrownBy(() -> SecretsWire.decodeResponse(reply.getData(), "java-kv", "r"))
                .isInstanceOfSatisfying(SecretException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DECRYPTION_ERROR));
        assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).doesNotContain(PLAINTEXT);
    }

    @Test
    void badNamesAreRefusedAtBuild() {
        assertThatThrownBy(() -> NatsSecretsBackend.builder(connection, TOPIC, "a.b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NatsSecretsBackend.builder(connection, "wasmcloud.>", "kv"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NatsSecretsBackend.builder(connection, TOPIC, "kv").timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
