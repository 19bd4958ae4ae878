package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SecretReferenceTest {
    private static Map<String, String> washStyle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "db-password");
        m.put("type", "secret.wasmcloud.dev/v1alpha1");
        m.put("backend", "nats-kv");
        m.put("key", "db");
        m.put("policy", "{\"type\":\"properties.secret.wasmcloud.dev/v1alpha1\",\"properties\":{\"a\":\"b\"}}");
        return m;
    }

    @Test
    void readsWhatWashWrites() {
        SecretReference r = SecretReference.fromMap(washStyle());
        assertThat(r.name()).isEqualTo("db-password");
        assertThat(r.backend()).isEqualTo("nats-kv");
        assertThat(r.key()).isEqualTo("db");
        assertThat(r.field()).isEmpty();
        assertThat(r.version()).isEmpty();
        assertThat(r.policy()).isEqualTo(SecretPolicy.of(Map.of("a", "b")));
        assertThat(r.toMap()).isEqualTo(washStyle());
        assertThat(r.configKey()).isEqualTo("SECRET_db-password");
    }

    @Test
    void aNameStartingWithSecretIsItsOwnKey() {
        assertThat(SecretReference.configKey("SECRET_x")).isEqualTo("SECRET_x");
        assertThat(SecretReference.configKey("SECRETS")).isEqualTo("SECRETS");
        assertThat(SecretReference.configKey("x")).isEqualTo("SECRET_x");
        assertThat(SecretReference.isSecretName("SECRET_x")).isTrue();
        assertThat(SecretReference.isSecretName("secret_x")).isFalse();
    }

    @Test
    void badEntriesAreNamed() {
        for (String required : new String[] {"name", "type", "backend", "key", "policy"}) {
            Map<String, String> m = washStyle();
            m.remove(required);
            assertThatThrownBy(() -> SecretReference.fromMap(m)).isInstanceOfSatisfying(
                    SecretReferenceException.class, e -> assertThat(e.field()).isEqualTo(required));
            m.put(required, "");
            assertThatThrownBy(() -> SecretReference.fromMap(m)).isInstanceOf(SecretReferenceException.class);
        }
        Map<String, String> wrongType = washStyle();
        wrongType.put("type", "secret.wasmcloud.dev/v2");
        assertThatThrownBy(() -> SecretReference.fromMap(wrongType)).isInstanceOfSatisfying(
                SecretReferenceException.class, e -> assertThat(e.field()).isEqualTo("type"));
        for (String[] policy : new String[][] {{"{}", "policy.type"}, {"{\"type\":\"t\"}", "policy.properties"},
                {"{\"type\":1,\"properties\":{}}", "policy.type"}, {"[]", "policy"}, {"{", "policy"},
                {"{\"type\":\"t\",\"properties\":{\"a\":1}}", "policy.properties"},
                {"{\"type\":\"t\",\"properties\":{}} x", "policy"},
                {"{\"type\":\"t\",\"type\":\"u\",\"properties\":{}}", "policy"}}) {
            Map<String, String> m = washStyle();
            m.put("policy", policy[0]);
            assertThatThrownBy(() -> SecretReference.fromMap(m)).as(policy[0]).isInstanceOfSatisfying(
                    SecretReferenceException.class, e -> assertThat(e.field()).isEqualTo(policy[1]));
        }
    }

    @Test
    void unknownEntriesAndPolicyMembersAreIgnored() {
        Map<String, String> m = washStyle();
        m.put("extra", "x");
        m.put("policy", "{\"properties\":{},\"type\":\"t\",\"more\":[1,2,{\"x\":null}]}");
        SecretReference r = SecretReference.fromMap(m);
        assertThat(r.policy().type()).isEqualTo("t");
        assertThat(r.toMap()).doesNotContainKey("extra").containsEntry("policy", m.get("policy"));
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        Map<String, String> m = washStyle();
        m.put("policy", "[".repeat(100_000));
        assertThatThrownBy(() -> SecretReference.fromMap(m)).isInstanceOf(SecretReferenceException.class)
                .hasMessageContaining("nesting");
    }

    @Property(tries = 300)
    void referencesRoundTripThroughTheirMap(@ForAll("references") SecretReference r) {
        SecretReference back = SecretReference.fromMap(r.toMap());
        assertThat(back).isEqualTo(r);
        assertThat(back.policy()).isEqualTo(r.policy());
        assertThat(back.toMap()).isEqualTo(r.toMap());
    }

    @Property(tries = 300)
    void removingOrBlankingARequiredEntryIsNamed(@ForAll("references") SecretReference r,
            @ForAll("required") String entry, @ForAll boolean blank) {
        Map<String, String> m = new LinkedHashMap<>(r.toMap());
        if (blank) {
            m.put(entry, "");
        } else {
            m.remove(entry);
        }
        String expected = entry.equals("policy") && blank ? "policy" : entry;
        assertThatThrownBy(() -> SecretReference.fromMap(m)).isInstanceOfSatisfying(SecretReferenceException.class,
                e -> assertThat(e.field()).startsWith(expected));
    }

    @Provide
    Arbitrary<String> required() {
        return Arbitraries.of("name", "type", "backend", "key", "policy");
    }

    @Property(tries = 300)
    void policiesRoundTripThroughJson(@ForAll("policies") SecretPolicy p) {
        String json = p.toJson();
        assertThat(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
        assertThat(SecretPolicy.parse(json)).isEqualTo(p);
    }

    @Property(tries = 300)
    void everyTruncatedPolicyFailsCleanly(@ForAll("policies") SecretPolicy p, @ForAll @IntRange(min = 0) int cut) {
        String json = p.toJson();
        String truncated = json.substring(0, cut % json.length());
        assertThatThrownBy(() -> SecretPolicy.parse(truncated)).isInstanceOf(SecretReferenceException.class);
    }

    @Property(tries = 500)
    void mutatedPoliciesParseOrFailCleanly(@ForAll("policies") SecretPolicy p, @ForAll @IntRange(min = 0) int at,
            @ForAll char c) {
        char[] json = p.toJson().toCharArray();
        json[at % json.length] = c;
        try {
            SecretPolicy.parse(new String(json));
        } catch (SecretReferenceException expected) {
            assertThat(expected.field()).startsWith("policy");
        }
    }

    @Property(tries = 500)
    void arbitraryTextAsPolicyParsesOrFailsCleanly(@ForAll String text) {
        try {
            SecretPolicy.parse(text);
        } catch (SecretReferenceException expected) {
            assertThat(expected.field()).startsWith("policy");
        }
    }

    @Provide
    Arbitrary<SecretPolicy> policies() {
        Arbitrary<String> s = Arbitraries.strings().ofMaxLength(12);
        return Combinators.combine(s.filter(t -> !t.isEmpty()), Arbitraries.maps(s, s).ofMaxSize(4))
                .as(SecretPolicy::of);
    }

    @Provide
    Arbitrary<SecretReference> references() {
        Arbitrary<String> nonEmpty = Arbitraries.strings().ofMinLength(1).ofMaxLength(16);
        Arbitrary<String> optional = Arbitraries.strings().ofMaxLength(8).injectNull(0.5);
        return Combinators.combine(nonEmpty, nonEmpty, nonEmpty, optional, optional, policies())
                .as(SecretReference::of);
    }
}
