package org.wasmcloud4j.lattice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.xkey.XKey;

/** The Java secrets server (secrets-nats-kv's behaviour) on a real nats-server, through the real client. */
class NatsSecretsServerTest {
    private static final String TOPIC = "wasmcloud.secrets";
    private static final String PLAINTEXT = "correct-horse-battery-staple";

    @TempDir
    static Path dir;
    private static NatsServer nats;
    private static Connection connection;
    private static int run;
    private NatsSecretsServer server;
    private NatsSecretsBackend client;
    private XKey encryption;
    private TestJwts jwts;
    private String entity;
    private String entityJwt;
    private String hostJwt;
    private String name;

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
    void startServer() throws Exception {
        name = "kv" + (++run);
        encryption = XKey.generate();
        XKey transit = XKey.generate();
        server = NatsSecretsServer.builder(connection, encryption.seed(), transit.seed()).name(name)
                .secretsBucket("SECRETS_" + name).build();
        client = NatsSecretsBackend.builder(connection, TOPIC, name).timeout(Duration.ofSeconds(3)).build();
        jwts = new TestJwts();
        entity = TestJwts.randomSubject('M');
        entityJwt = jwts.sign(entity, null);
        hostJwt = jwts.sign(TestJwts.randomSubject('N'), null);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SecretRequest request(String key, String version, String entityToken, String hostToken) {
        return SecretRequest.builder(key).version(version)
                .context(SecretContext.of(entityToken, hostToken, null, "{}")).referenceName("ref").build();
    }

    private SecretException failure(SecretRequest request) {
        try {
            client.get(request).close();
            throw new AssertionError("no error");
        } catch (SecretException e) {
            assertThat(e.getMessage()).doesNotContain(PLAINTEXT);
            return e;
        }
    }

    /** put_secret and add_mapping over NATS as wash does them, then get through NatsSecretsBackend. */
    private long putOverNats(String key, SecretValue value) throws Exception {
        XKey mine = XKey.generate();
        byte[] sealed = mine.seal(SecretsWire.encodePutRequest(key, value), XKey.fromPublicKey(server.serverXkey()));
        Message reply = connection.request(TOPIC + ".v1alpha1." + name + ".put_secret",
                new Headers().put(NatsSecretsBackend.HOST_XKEY_HEADER, mine.publicKey()), sealed, Duration.ofSeconds(3));
        String json = new String(reply.getData(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"error\":null");
        return Long.parseLong(json.replaceAll(".*\"revision\":(\\d+).*", "$1"));
    }

    private String mapOverNats(String op, String who, String keysJson) throws Exception {
        return new String(connection.request(TOPIC + ".v1alpha1." + name + "." + op + "." + who,
                keysJson.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3)).getData(), StandardCharsets.UTF_8);
    }

    @Test
    void aSecretPutAndMappedOverNatsIsServedEncryptedAtRestWithItsRevisionAsVersion() throws Exception {
        long r1 = putOverNats("db", SecretValue.ofString("old"));
        long r2 = putOverNats("db", SecretValue.ofString(PLAINTEXT));
        putOverNats("cert", SecretValue.ofBytes(new byte[] {0, 1, (byte) 0xff}));
        assertThat(mapOverNats("add_mapping", entity, "[\"db\",\"cert\"]")).isEqualTo("ok");
        assertThat(server.mapping(entity)).containsExactlyInAnyOrder("db", "cert");
        try (SecretValue v = client.get(request("db", null, entityJwt, hostJwt))) {
            assertThat(v.asString()).isEqualTo(PLAINTEXT);
            assertThat(v.version()).contains(Long.toString(r2));
        }
        try (SecretValue v = client.get(request("db", Long.toString(r1), entityJwt, hostJwt))) {
            assertThat(v.asString()).isEqualTo("old");
        }
        try (SecretValue v = client.get(request("cert", null, entityJwt, hostJwt))) {
            assertThat(v.asBytes()).containsExactly(0, 1, 0xff);
        }
        KeyValue raw = connection.keyValue("SECRETS_" + name);
        byte[] atRest = raw.get("db").getValue();
        assertThat(new String(atRest, StandardCharsets.ISO_8859_1)).doesNotContain(PLAINTEXT).startsWith("xkv1");
        assertThat(new String(encryption.open(atRest, encryption), StandardCharsets.UTF_8)).contains(PLAINTEXT);

        assertThat(mapOverNats("remove_mapping", entity, "[\"db\"]")).isEqualTo("ok");
        assertThat(server.mapping(entity)).containsExactly("cert");
        assertThat(failure(request("db", null, entityJwt, hostJwt)).reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(mapOverNats("add_mapping", entity, "{\"not\":\"an array\"}")).startsWith("error:");
    }

    @Test
    void getChecksInSecretsNatsKvsOrder() throws Exception {
        server.putSecret("db", SecretValue.ofString(PLAINTEXT));
        server.addMapping(entity, Set.of("db", "never-put"));
        String get = TOPIC + ".v1alpha1." + name + ".get";
        XKey mine = XKey.generate();
        XKey serverKey = XKey.fromPublicKey(server.serverXkey());
        java.util.function.BiFunction<Headers, byte[], String> raw = (h, body) -> {
            try {
                return new String(connection.request(get, h, body, Duration.ofSeconds(3)).getData(),
                        StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        Headers withKey = new Headers().put(NatsSecretsBackend.HOST_XKEY_HEADER, mine.publicKey());
        assertThat(raw.apply(withKey, new byte[0])).contains("\"InvalidPayload\"");
        assertThat(raw.apply(null, new byte[] {1})).contains("\"InvalidHeaders\"");
        assertThat(raw.apply(new Headers().put("Other", "x"), new byte[] {1})).contains("\"InvalidXKey\"");
        assertThat(raw.apply(new Headers().put(NatsSecretsBackend.HOST_XKEY_HEADER, "Xnot-a-key"), new byte[] {1}))
                .contains("\"InvalidXKey\"");
        assertThat(raw.apply(withKey, "garbage".getBytes(StandardCharsets.UTF_8))).contains("\"DecryptionError\"");
        assertThat(raw.apply(withKey, mine.seal("{\"key\":1}".getBytes(StandardCharsets.UTF_8), serverKey)))
                .contains("\"InvalidRequest\"");

        assertThat(failure(request("db", null, "not.a.jwt", hostJwt)).reason()).isEqualTo(Reason.INVALID_ENTITY_JWT);
        String forged = entityJwt.substring(0, entityJwt.lastIndexOf('.') + 1) + new TestJwts().sign(entity, null)
                .substring(entityJwt.lastIndexOf('.') + 1);
        assertThat(failure(request("db", null, forged, hostJwt)).detail()).hasValueSatisfying(
                d -> assertThat(d).contains("signature"));
        assertThat(failure(request("db", null, jwts.sign(entity, 1L), hostJwt)).detail())
                .hasValueSatisfying(d -> assertThat(d).contains("expired"));
        assertThat(failure(request("db", null, hostJwt, hostJwt)).reason()).isEqualTo(Reason.INVALID_ENTITY_JWT);
        assertThat(failure(request("db", null, entityJwt, entityJwt)).reason()).isEqualTo(Reason.INVALID_HOST_JWT);
        String stranger = jwts.sign(TestJwts.randomSubject('M'), null);
        assertThat(failure(request("db", null, stranger, hostJwt)).reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(failure(request("other", null, entityJwt, hostJwt)).reason()).isEqualTo(Reason.UNAUTHORIZED);
        assertThat(failure(request("db", "v1", entityJwt, hostJwt)).reason()).isEqualTo(Reason.INVALID_REQUEST);
        assertThat(failure(request("never-put", null, entityJwt, hostJwt)).reason())
                .isEqualTo(Reason.SECRET_NOT_FOUND);
        try (SecretValue v = client.get(request("db", null, entityJwt, hostJwt))) {
            assertThat(v.asString()).isEqualTo(PLAINTEXT);
        }
    }

    @Test
    void putSecretRefusesWhatItCannotOpenOrStore() throws Exception {
        String put = TOPIC + ".v1alpha1." + name + ".put_secret";
        XKey mine = XKey.generate();
        Headers withKey = new Headers().put(NatsSecretsBackend.HOST_XKEY_HEADER, mine.publicKey());
        java.util.function.Function<byte[], String> call = body -> {
            try {
                return new String(connection.request(put, withKey, body, Duration.ofSeconds(3)).getData(),
                        StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(call.apply("x".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"revision\":0,\"error\":\"DecryptionError\"}");
        XKey serverKey = XKey.fromPublicKey(server.serverXkey());
        assertThat(call.apply(mine.seal("{\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8), serverKey)))
                .contains("InvalidRequest");   // no version
        assertThat(call.apply(mine.seal(SecretsWire.encodePutRequest("bad key*", SecretValue.ofString("v")),
                serverKey))).contains("InvalidRequest");
        assertThatThrownBy(() -> server.putSecret("../x y", SecretValue.ofString("v")))
                .isInstanceOf(SecretException.class).hasMessageContaining("not a key-value key");
    }

    @Test
    void aWrongEncryptionKeyCannotReadWhatIsStored() throws Exception {
        server.putSecret("db", SecretValue.ofString(PLAINTEXT));
        server.addMapping(entity, Set.of("db"));
        server.close();
        XKey transit = XKey.generate();
        server = NatsSecretsServer.builder(connection, XKey.generate().seed(), transit.seed()).name(name)
                .secretsBucket("SECRETS_" + name).build();
        NatsSecretsBackend fresh = NatsSecretsBackend.builder(connection, TOPIC, name).build();
        assertThatThrownBy(() -> fresh.get(request("db", null, entityJwt, hostJwt)))
                .isInstanceOf(SecretException.class)
                .satisfies(e -> assertThat(((SecretException) e).reason()).isEqualTo(Reason.DECRYPTION_ERROR))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PLAINTEXT));
        assertThat(Map.of()).isEmpty();
    }
}
