package org.wasmcloud4j.lattice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.lattice.NatsServer;
import org.wasmcloud4j.lattice.launcher.HostLauncher;
import org.wasmcloud4j.lattice.launcher.LauncherConfig;
import org.wasmcloud4j.secrets.SecretPolicy;
import org.wasmcloud4j.secrets.SecretReference;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.xkey.XKey;

/** {@code --secrets-topic} / {@code WASMCLOUD_SECRETS_TOPIC}: the standalone host resolves references over NATS. */
class LauncherSecretsTest {
    @TempDir
    static Path dir;
    private static NatsServer nats;
    private static Connection connection;
    private static NatsSecretsServer server;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start(dir);
        connection = Nats.connect(nats.url());
        server = NatsSecretsServer.builder(connection, XKey.generate().seed(), XKey.generate().seed())
                .topic("corp.secrets").name("vault").build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        connection.close();
        nats.close();
    }

    private static LauncherConfig config(String lattice, List<String> extra, Map<String, String> env) {
        List<String> args = new java.util.ArrayList<>(List.of("--nats-port", Integer.toString(nats.port()),
                "--lattice", lattice, "--allow-file-load"));
        args.addAll(extra);
        return LauncherConfig.parse(args, env);
    }

    @Test
    void theTopicFlagOrVariableIsAcceptedAndABadTopicIsRefused() {
        assertThat(config("l0", List.of("--secrets-topic", "corp.secrets"), Map.of()).secretsTopic())
                .contains("corp.secrets");
        assertThat(config("l0", List.of(), Map.of("WASMCLOUD_SECRETS_TOPIC", "corp.secrets")).secretsTopic())
                .contains("corp.secrets");
        assertThat(config("l0", List.of(), Map.of()).secretsTopic()).isEmpty();
        assertThatThrownBy(() -> HostLauncher.start(config("l0", List.of("--secrets-topic", "corp.*"), Map.of())))
                .isInstanceOf(HostException.class).hasMessageContaining("--secrets-topic").hasMessageContaining("corp.*");
    }

    @Test
    void aLaunchedHostRevealsASecretOfAnyBackendNamedByAReference() throws Exception {
        TestJwts jwts = new TestJwts();
        String subject = TestJwts.randomSubject('M');
        Path image = dir.resolve("signed.wasm");
        Files.write(image, TestJwts.embed(Fixtures.bytes("wat-secrets.component"), jwts.sign(subject, null)));
        server.putSecret("api", SecretValue.ofString("0123456789"));
        server.addMapping(subject, Set.of("api"));
        try (HostLauncher launched = HostLauncher.start(config("l1", List.of("--secrets-topic", "corp.secrets"),
                Map.of()))) {
            launched.lattice().putConfig("SECRET_api", SecretReference.of("api", "vault", "api", null, null,
                    SecretPolicy.of(Map.of())).toMap());
            launched.host().startComponent("secrets", image.toUri().toString(), 1, Map.of(),
                    List.of("SECRET_api"));
            assertThat(((Value.Int) launched.host().invoke("secrets", null, "length",
                    List.of(new Value.Str("api"))).orElseThrow()).value()).isEqualTo(10);
        }
        try (HostLauncher launched = HostLauncher.start(config("l2", List.of(), Map.of()))) {
            launched.lattice().putConfig("SECRET_api", SecretReference.of("api", "vault", "api", null, null,
                    SecretPolicy.of(Map.of())).toMap());
            assertThatThrownBy(() -> launched.host().startComponent("secrets", image.toUri().toString(), 1, Map.of(),
                    List.of("SECRET_api")))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("secret reference 'SECRET_api' names backend 'vault'");
        }
    }
}
