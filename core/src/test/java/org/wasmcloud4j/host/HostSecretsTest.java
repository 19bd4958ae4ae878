package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretPolicy;
import org.wasmcloud4j.secrets.SecretReference;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.SecretsBackend;

/**
 * Secret references in a component's config list are resolved once at start through the host's backends and
 * revealed by {@code wat-secrets} through the built-in {@code wasmcloud:secrets}; failures stop the start naming the
 * reference; values never reach events, inventory, exceptions or logs.
 */
class HostSecretsTest {
    private static final String SECRETS = "classpath:org/wasmcloud4j/fixtures/wat-secrets.component.wasm";
    private static final String VALUE = "hunter2-\u00e9-secret";

    private static Map<String, String> reference(String name, String backend, String key) {
        return SecretReference.of(name, backend, key, null, null, SecretPolicy.of(Map.of("p", "v"))).toMap();
    }

    private static long call(Host h, String id, String fn, String name) {
        return ((Value.Int) h.invoke(id, null, fn, List.of(new Value.Str(name))).orElseThrow()).value();
    }

    private static long byteSum(byte[] b) {
        long s = 0;
        for (byte x : b) {
            s += x & 0xff;
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aComponentRevealsOnlyTheSecretsItsOwnSpecNamesResolvedOnce(Engine.Mode mode) {
        AtomicInteger calls = new AtomicInteger();
        List<SecretRequest> seen = new CopyOnWriteArrayList<>();
        List<SecretValue> handed = new CopyOnWriteArrayList<>();
        SecretsBackend backend = SecretsBackend.callback("vault", r -> {
            calls.incrementAndGet();
            seen.add(r);
            SecretValue v = r.key().equals("bin") ? SecretValue.ofBytes(new byte[] {1, 2, (byte) 250})
                    : SecretValue.ofString(VALUE + r.key());
            handed.add(v);
            return v;
        });
        try (Host h = Host.builder().engineMode(mode).secretsBackend(backend).build()) {
            h.putConfig("SECRET_db", reference("db", "vault", "k1"));
            h.putConfig("SECRET_bin", reference("blob", "vault", "bin"));
            h.putConfig("SECRET_other", reference("other", "vault", "k2"));
            h.startComponent("a", SECRETS, 2, Map.of("wasmcloud.dev/appspec", "shop"),
                    List.of("SECRET_db", "SECRET_bin"));
            h.startComponent("b", SECRETS, 1, Map.of(), List.of("SECRET_other"));
            byte[] db = (VALUE + "k1").getBytes(StandardCharsets.UTF_8);
            assertThat(call(h, "a", "length", "db")).isEqualTo(db.length);
            assertThat(call(h, "a", "sum", "db")).isEqualTo(byteSum(db));
            assertThat(call(h, "a", "length", "blob")).isEqualTo(3);
            assertThat(call(h, "a", "sum", "blob")).isEqualTo(253);
            assertThat(call(h, "a", "length", "other")).isEqualTo(-3);   // b's, not a's: not-found
            assertThat(call(h, "a", "length", "SECRET_db")).isEqualTo(-3);   // by the reference's name only
            assertThat(call(h, "b", "length", "db")).isEqualTo(-3);
            assertThat(call(h, "b", "length", "other")).isEqualTo((VALUE + "k2").getBytes(StandardCharsets.UTF_8)
                    .length);
            for (int i = 0; i < 5; i++) {
                call(h, "a", "sum", "db");
            }
            assertThat(calls).hasValue(3);   // once per reference at start, never per call
            SecretRequest first = seen.get(0);
            assertThat(first.key()).isEqualTo("k1");
            assertThat(first.referenceName()).contains("db");
            assertThat(first.context().applicationName()).contains("shop");
            assertThat(first.context().policy()).isEqualTo(SecretPolicy.of(Map.of("p", "v")).toJson());
            assertThat(first.context().entityJwt()).isEmpty();   // the fixture carries no JWT
            assertThat(first.context().hostJwt().split("\\.")).hasSize(3);
            assertThat(h.config("SECRET_db")).isPresent();   // the reference, not a value
            h.stopComponent("a");
            assertThat(handed.subList(0, 2)).allMatch(SecretValue::isDestroyed);
            assertThat(handed.get(2).isDestroyed()).isFalse();
        }
        assertThat(handed).allMatch(SecretValue::isDestroyed);   // the host's stop clears the rest
    }

    /** The transcript of {@code wat-secrets.component.expected-responses.txt}. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void theFixturesTranscript(Engine.Mode mode) {
        SecretsBackend backend = SecretsBackend.callback("vault", r -> r.key().equals("bin")
                ? SecretValue.ofBytes(new byte[] {1, 2, (byte) 250}) : SecretValue.ofString("hunter2"));
        try (Host h = Host.builder().engineMode(mode).secretsBackend(backend).build()) {
            h.putConfig("SECRET_db", reference("db", "vault", "k1"));
            h.putConfig("SECRET_bin", reference("blob", "vault", "bin"));
            h.startComponent("a", SECRETS, 1, Map.of(), List.of("SECRET_db", "SECRET_bin"));
            StringBuilder t = new StringBuilder();
            for (String[] c : new String[][] {{"length", "db"}, {"sum", "db"}, {"length", "blob"}, {"sum", "blob"},
                    {"length", "other"}}) {
                t.append(c[0]).append("(\"").append(c[1]).append("\") -> ").append(call(h, "a", c[0], c[1]))
                        .append('\n');
            }
            assertThat(t.toString()).isEqualTo(org.wasmcloud4j.fixtures.Fixtures.text(
                    "wat-secrets.component.expected-responses.txt").orElseThrow());
        }
    }

    @Test
    void aMissingReferenceFailsTheStartNamingItAndNothingStarts() {
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        SecretsBackend backend = SecretsBackend.callback("vault", r -> {
            calls.incrementAndGet();
            return SecretValue.ofString(VALUE);
        });
        try (Host h = Host.builder().secretsBackend(backend).build()) {
            h.addListener(events::add);
            h.putConfig("SECRET_db", reference("db", "vault", "k1"));
            assertThatThrownBy(() -> h.startComponent("a", SECRETS, 1, Map.of(), List.of("SECRET_db", "SECRET_gone")))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("secret reference 'SECRET_gone' does not exist")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
            assertThat(h.components()).isEmpty();
            LatticeEvent failed = events.stream().filter(e -> e.type().endsWith("component_scale_failed"))
                    .findFirst().orElseThrow();
            assertThat(failed.data().get("error").asText()).contains("SECRET_gone");
            assertThat(events).noneMatch(e -> e.toJson().toString().contains(VALUE));
            h.startComponent("a", SECRETS, 1, Map.of(), List.of("SECRET_db"));   // the id is free again
            assertThat(call(h, "a", "length", "db")).isEqualTo(VALUE.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void badReferencesUnknownBackendsAndRefusalsFailTheStartNamingTheReferenceNeverTheValue() {
        List<SecretValue> handed = new CopyOnWriteArrayList<>();
        SecretsBackend backend = SecretsBackend.callback("vault", r -> {
            if (r.key().equals("refused")) {
                throw r.error(SecretException.Reason.UNAUTHORIZED, "vault", null);
            }
            if (r.key().equals("boom")) {
                throw new IllegalStateException("leaked " + VALUE);
            }
            SecretValue v = SecretValue.ofString(VALUE);
            handed.add(v);
            return v;
        });
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (Host h = Host.builder().secretsBackend(backend).build()) {
            h.addListener(events::add);
            h.putConfig("SECRET_ok", reference("ok", "vault", "fine"));
            h.putConfig("SECRET_elsewhere", reference("x", "aws", "k"));
            h.putConfig("SECRET_refused", reference("r", "vault", "refused"));
            h.putConfig("SECRET_boom", reference("b", "vault", "boom"));
            h.putConfig("SECRET_bad", Map.of("name", "n", "type", "wrong", "backend", "vault", "key", "k",
                    "policy", "{}"));
            List<String[]> cases = new ArrayList<>();
            cases.add(new String[] {"SECRET_elsewhere", "names backend 'aws', which this host does not have"});
            cases.add(new String[] {"SECRET_refused", "Unauthorized"});
            cases.add(new String[] {"SECRET_boom", "IllegalStateException"});
            cases.add(new String[] {"SECRET_bad", "is malformed"});
            for (String[] c : cases) {
                assertThatThrownBy(() -> h.startComponent("a", SECRETS, 1, Map.of(), List.of("SECRET_ok", c[0])))
                        .isInstanceOf(HostException.class)
                        .hasMessageContaining("secret reference '" + c[0] + "'")
                        .hasMessageContaining(c[1])
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
                assertThat(h.components()).isEmpty();
            }
            assertThat(handed).hasSize(cases.size()).allMatch(SecretValue::isDestroyed);   // nothing half-started
            h.startComponent("a", SECRETS, 1, Map.of(), List.of("SECRET_ok"));
            call(h, "a", "sum", "ok");
            assertThat(h.components().get(0).config()).containsExactly("SECRET_ok");   // names only
            assertThat(h.components().toString()).doesNotContain(VALUE);
        } finally {
            System.setErr(err);
        }
        assertThat(events).isNotEmpty().noneMatch(e -> e.toJson().toString().contains(VALUE));
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("SECRET_refused").doesNotContain(VALUE);
    }

    @Test
    void withoutBackendsAReferenceFailsTheStartSayingSo() {
        try (Host h = Host.builder().build()) {
            h.putConfig("SECRET_db", reference("db", "vault", "k1"));
            assertThatThrownBy(() -> h.startComponent("a", SECRETS, 1, Map.of(), List.of("SECRET_db")))
                    .hasMessageContaining("no secrets backend is configured");
        }
    }

    @Test
    void aSecretReferenceIsNeverMergedIntoWasiConfig() {
        try (Host h = Host.builder().secretsBackend(SecretsBackend.callback("vault", r -> SecretValue.ofString("v")))
                .build()) {
            h.putConfig("app", Map.of("a", "1"));
            h.putConfig("SECRET_db", reference("db", "vault", "k1"));
            h.startComponent("cfg", "classpath:org/wasmcloud4j/fixtures/wat-config-api.component.wasm", 1, Map.of(),
                    List.of("app", "SECRET_db"));
            Value all = h.invoke("cfg", "store", "get-all", List.of()).orElseThrow();
            assertThat(all.toString()).contains("Str[value=a]").doesNotContain("backend").doesNotContain("vault");
        }
    }
}
