package org.wasmcloud4j.lattice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.lattice.NatsServer;
import org.wasmcloud4j.lattice.nats.NatsLattice;
import org.wasmcloud4j.lattice.nats.NatsOptions;
import org.wasmcloud4j.secrets.SecretPolicy;
import org.wasmcloud4j.secrets.SecretReference;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.xkey.XKey;

/**
 * The whole path on a real nats-server: a secret put into the Java secrets server (put_secret, add_mapping over
 * NATS), a reference put into CONFIGDATA, a host on NatsLattice that resolves it through NatsSecretsBackend at
 * start (sending the component's embedded JWT and its own host JWT), and {@code wat-secrets} revealing it.
 */
class SecretsEndToEndTest {
    private static final String TOPIC = "wasmcloud.secrets";
    private static final String PLAINTEXT = "s3cr3t-\u00fc-value";

    @TempDir
    static Path dir;
    private static NatsServer nats;
    private static Connection connection;
    private static NatsSecretsServer server;
    private static TestJwts jwts;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start(dir);
        connection = Nats.connect(nats.url());
        server = NatsSecretsServer.builder(connection, XKey.generate().seed(), XKey.generate().seed()).build();
        jwts = new TestJwts();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        connection.close();
        nats.close();
    }

    private static long call(Host h, String fn, String name) {
        return ((Value.Int) h.invoke("secrets", null, fn, List.of(new Value.Str(name))).orElseThrow()).value();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aSecretFromTheJavaServerIsRevealedByAComponentOnANatsLattice(Engine.Mode mode) throws Exception {
        String component = TestJwts.randomSubject('M');
        Path image = dir.resolve("signed-" + mode + ".wasm");
        Files.write(image, TestJwts.embed(Fixtures.bytes("wat-secrets.component"), jwts.sign(component, null)));
        String key = "db-" + mode.name().toLowerCase();
        server.putSecret(key, SecretValue.ofString(PLAINTEXT));
        server.addMapping(component, Set.of(key));

        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        try (NatsLattice lattice = NatsLattice.connect(NatsOptions.builder().server(nats.url())
                .lattice("secrets" + mode.ordinal()).build());
                Host h = Host.builder().lattice(lattice).engineMode(mode).listener(events::add)
                        .secretsBackend(NatsSecretsBackend.builder(connection, TOPIC, "nats-kv").build()).build()) {
            lattice.putConfig("SECRET_db", SecretReference.of("db", "nats-kv", key, null, null,
                    SecretPolicy.of(Map.of())).toMap());
            lattice.putConfig("SECRET_unmapped", SecretReference.of("u", "nats-kv", "not-mine", null, null,
                    SecretPolicy.of(Map.of())).toMap());
            h.startComponent("secrets", image.toUri().toString(), 1, Map.of(), List.of("SECRET_db"));
            byte[] expected = PLAINTEXT.getBytes(StandardCharsets.UTF_8);
            long sum = 0;
            for (byte b : expected) {
                sum += b & 0xff;
            }
            assertThat(call(h, "length", "db")).isEqualTo(expected.length);
            assertThat(call(h, "sum", "db")).isEqualTo(sum);
            h.stopComponent("secrets");

            assertThatThrownBy(() -> h.startComponent("secrets", image.toUri().toString(), 1, Map.of(),
                    List.of("SECRET_db", "SECRET_unmapped")))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("secret reference 'SECRET_unmapped'")
                    .hasMessageContaining("Unauthorized");
            Path unsigned = dir.resolve("unsigned-" + mode + ".wasm");
            Files.write(unsigned, Fixtures.bytes("wat-secrets.component"));
            assertThatThrownBy(() -> h.startComponent("secrets", unsigned.toUri().toString(), 1, Map.of(),
                    List.of("SECRET_db")))
                    .hasMessageContaining("InvalidEntityJWT");
            assertThat(h.components()).isEmpty();
        }
        assertThat(events).isNotEmpty().noneMatch(e -> e.toJson().toString().contains(PLAINTEXT));
    }
}
