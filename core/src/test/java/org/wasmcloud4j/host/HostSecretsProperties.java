package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretPolicy;
import org.wasmcloud4j.secrets.SecretReference;
import org.wasmcloud4j.secrets.SecretValue;
import org.wasmcloud4j.secrets.SecretsBackend;

/**
 * Whatever a run with secrets does — a start that succeeds and reveals, a refusal, a backend that throws with the
 * value in its message, a missing reference — no secret value appears in an event, the inventory, an exception or
 * a log line (SLF4J's output captured).
 */
class HostSecretsProperties {
    private static final String SECRETS = "classpath:org/wasmcloud4j/fixtures/wat-secrets.component.wasm";

    @Property(tries = 24)
    void noSecretValueReachesEventsInventoryExceptionsOrLogs(
            @ForAll @AlphaChars @StringLength(min = 6, max = 40) String body, @ForAll @IntRange(max = 3) int mode) {
        String value = "Zq" + body + "9x";   // never a substring of anything the host writes by itself
        SecretsBackend backend = SecretsBackend.callback("vault", r -> switch (mode) {
            case 1 -> throw r.error(SecretException.Reason.UPSTREAM_ERROR, "vault", "upstream down");
            case 2 -> throw new IllegalStateException("cannot decode " + value);
            default -> SecretValue.ofString(value);
        });
        List<LatticeEvent> events = new CopyOnWriteArrayList<>();
        List<String> texts = new CopyOnWriteArrayList<>();
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).secretsBackend(backend).listener(events::add)
                .build()) {
            h.putConfig("SECRET_db", SecretReference.of("db", "vault", "k", null, null, SecretPolicy.of(Map.of()))
                    .toMap());
            String ref = mode == 3 ? "SECRET_missing" : "SECRET_db";
            try {
                h.startComponent("c", SECRETS, 1, Map.of(), List.of(ref));
                long n = ((Value.Int) h.invoke("c", null, "length", List.of(new Value.Str("db"))).orElseThrow())
                        .value();
                assertThat(n).isEqualTo(value.length());
            } catch (HostException e) {
                assertThat(mode).isNotZero();
                texts.add(String.valueOf(e));
                for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                    texts.add(String.valueOf(c));
                }
            }
            texts.add(h.components().toString());
        } finally {
            System.setErr(err);
        }
        events.forEach(e -> texts.add(e.toJson().toString()));
        texts.add(logs.toString(StandardCharsets.UTF_8));
        assertThat(texts).noneMatch(t -> t.contains(value));
    }
}
