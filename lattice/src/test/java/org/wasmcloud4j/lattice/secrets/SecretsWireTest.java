package org.wasmcloud4j.lattice.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.secrets.SecretContext;
import org.wasmcloud4j.secrets.SecretException;
import org.wasmcloud4j.secrets.SecretException.Reason;
import org.wasmcloud4j.secrets.SecretRequest;
import org.wasmcloud4j.secrets.SecretValue;

class SecretsWireTest {
    @Test
    void requestsAreWrittenAsWasmCloudWritesThem() throws Exception {
        byte[] json = SecretsWire.encodeRequest(SecretRequest.builder("k")
                .context(SecretContext.of("e", "h", null, "{}")).build());
        assertThat(new ObjectMapper().readTree(json)).isEqualTo(new ObjectMapper().readTree(
                "{\"key\":\"k\",\"field\":null,\"version\":null,\"context\":{\"entity_jwt\":\"e\",\"host_jwt\":\"h\","
                        + "\"application\":{\"name\":null,\"policy\":\"{}\"}}}"));
    }

    @Test
    void errorsAreBareNamesOrOneMemberObjects() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(SecretsWire.encodeError(Reason.SECRET_NOT_FOUND, null)))
                .isEqualTo(m.readTree("{\"secret\":null,\"error\":\"SecretNotFound\"}"));
        assertThat(m.readTree(SecretsWire.encodeError(Reason.INVALID_ENTITY_JWT, "bad")))
                .isEqualTo(m.readTree("{\"secret\":null,\"error\":{\"InvalidEntityJWT\":\"bad\"}}"));
        assertThatThrownBy(() -> SecretsWire.decodeResponse(
                "{\"error\":{\"SomethingNew\":\"x\"}}".getBytes(StandardCharsets.UTF_8), "b", "r"))
                .isInstanceOfSatisfying(SecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OTHER);
                    assertThat(e.getMessage()).contains("SomethingNew");
                });
    }

    @Test
    void malformedResponsesNameTheMemberAndNeverQuoteTheInput() {
        for (String bad : new String[] {"{\"secret\":{\"version\":\"1\",\"string_secret\":\"hunter2\"", "[]",
                "{\"secret\":{\"string_secret\":\"hunter2\"}}", "{\"secret\":{\"version\":1}}",
                "{\"secret\":{\"version\":\"1\",\"binary_secret\":[256]}}", "{}", "hunter2",
                "{\"secret\":{\"version\":\"1\",\"string_secret\":\"hunter2\",\"binary_secret\":[1]}}",
                "{\"error\":\"SecretNotFound\",\"error\":\"Other\"}", "{\"secret\":null,\"error\":null} hunter2"}) {
            assertThatThrownBy(() -> SecretsWire.decodeResponse(bad.getBytes(StandardCharsets.UTF_8), "b", "r"))
                    .as(bad).isInstanceOf(SecretsWire.WireException.class).hasMessageNotContaining("hunter2");
        }
    }

    @Property(tries = 300)
    void requestsRoundTrip(@ForAll("requests") SecretRequest request) throws Exception {
        assertThat(SecretsWire.decodeRequest(SecretsWire.encodeRequest(request))).isEqualTo(request);
    }

    @Property(tries = 300)
    void secretsRoundTrip(@ForAll("values") SecretValue value) throws Exception {
        SecretValue back = SecretsWire.decodeResponse(SecretsWire.encodeSecret(value), "b", "r");
        assertThat(back.isString()).isEqualTo(value.isString());
        assertThat(back.asBytes()).isEqualTo(value.asBytes());
        assertThat(back.version()).isEqualTo(value.version());
    }

    @Property(tries = 100)
    void errorsRoundTrip(@ForAll Reason reason, @ForAll("text") String detail) {
        assertThatThrownBy(() -> SecretsWire.decodeResponse(SecretsWire.encodeError(reason, detail), "b", "r"))
                .isInstanceOfSatisfying(SecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.detail().orElse(null)).isEqualTo(reason.carriesDetail() ? detail : null);
                });
    }

    @Property(tries = 500)
    void truncatedOrMutatedMessagesFailCleanly(@ForAll("values") SecretValue value, @ForAll("requests")
            SecretRequest request, @ForAll @IntRange(min = 0) int at, @ForAll byte b) {
        for (byte[] json : new byte[][] {SecretsWire.encodeSecret(value), SecretsWire.encodeRequest(request)}) {
            byte[] cut = Arrays.copyOf(json, at % json.length);
            byte[] mutated = json.clone();
            mutated[at % json.length] = b;
            for (byte[] input : new byte[][] {cut, mutated}) {
                try {
                    SecretsWire.decodeResponse(input, "b", "r");
                } catch (SecretsWire.WireException | SecretException expected) {
                    // fine
                }
                try {
                    SecretsWire.decodeRequest(input);
                } catch (SecretsWire.WireException expected) {
                    // fine
                }
            }
        }
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(20);
    }

    @Provide
    Arbitrary<SecretRequest> requests() {
        Arbitrary<String> opt = text().injectNull(0.4);
        Arbitrary<SecretContext> ctx = Combinators.combine(text(), text(), opt, text()).as(SecretContext::of);
        return Combinators.combine(text().filter(s -> !s.isEmpty()), opt, opt, ctx)
                .as((k, f, v, c) -> SecretRequest.builder(k).field(f).version(v).context(c).build());
    }

    @Provide
    Arbitrary<SecretValue> values() {
        return Arbitraries.oneOf(
                Combinators.combine(text(), text()).as(SecretValue::ofString),
                Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(40), text())
                        .as(SecretValue::ofBytes));
    }
}
