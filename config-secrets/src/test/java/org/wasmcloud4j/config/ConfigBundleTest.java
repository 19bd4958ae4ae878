package org.wasmcloud4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ConfigBundleTest {
    @Test
    void mergesLeftToRightRightmostWins() {
        InMemoryConfigProvider p = InMemoryConfigProvider.builder()
                .put("base", Map.of("a", "1", "b", "1"))
                .put("override", Map.of("b", "2", "c", "2"))
                .build();
        try (ConfigBundle b = ConfigBundle.open(p, List.of("base", "override"))) {
            assertThat(b.current()).isEqualTo(Map.of("a", "1", "b", "2", "c", "2"));
            assertThat(b.get("b")).contains("2");
        }
        try (ConfigBundle b = ConfigBundle.open(p, List.of("override", "base"))) {
            assertThat(b.current()).containsEntry("b", "1");
        }
        try (ConfigBundle b = ConfigBundle.open(p, List.of("base", "override", "base"))) {
            assertThat(b.current()).containsEntry("b", "1").containsEntry("c", "2");
        }
    }

    @Test
    void aMissingNameFailsTheOpenAndLeavesNoSubscription() {
        InMemoryConfigProvider p = InMemoryConfigProvider.builder().put("a", Map.of()).build();
        assertThatThrownBy(() -> ConfigBundle.open(p, List.of("a", "missing")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.configName()).contains("missing");
                    assertThat(e).hasMessage("Config missing does not exist");
                });
        List<ConfigChange> seen = new ArrayList<>();
        p.subscribeAll(seen::add);
        p.put("a", Map.of("x", "y")); // the failed bundle would throw or record here if still subscribed
        assertThat(seen).hasSize(1);
    }

    @Test
    void followsChangesAndDeletesAsEmptyUntilClosed() {
        InMemoryConfigProvider p = InMemoryConfigProvider.builder()
                .put("a", Map.of("k", "a")).put("b", Map.of("k", "b")).build();
        ConfigBundle bundle = ConfigBundle.open(p, List.of("a", "b"));
        List<Map<String, String>> seen = new ArrayList<>();
        bundle.subscribe(seen::add);
        p.put("b", Map.of("k", "b2"));
        p.delete("b");
        p.put("unrelated", Map.of("k", "x"));
        assertThat(bundle.current()).isEqualTo(Map.of("k", "a"));
        p.put("b", Map.of("k", "b3"));
        assertThat(seen).containsExactly(Map.of("k", "b2"), Map.of("k", "a"), Map.of("k", "b3"));
        bundle.close();
        p.put("b", Map.of("k", "after"));
        assertThat(bundle.current()).containsEntry("k", "b3");
        assertThat(seen).hasSize(3);
    }

    /** A random sequence of puts and deletes; after each, the bundle equals a fresh fold of the inputs. */
    @Property(tries = 200)
    void theBundleAlwaysEqualsTheFoldOfItsInputs(@ForAll("names") List<String> names, @ForAll("ops") List<Op> ops) {
        InMemoryConfigProvider p = InMemoryConfigProvider.create();
        for (String n : names) {
            p.put(n, Map.of());
        }
        try (ConfigBundle bundle = ConfigBundle.open(p, names)) {
            for (Op op : ops) {
                if (op.value == null) {
                    p.delete(op.name);
                } else {
                    p.put(op.name, op.value);
                }
                Map<String, String> expected = new HashMap<>();
                for (String n : names) {
                    expected.putAll(p.get(n).orElse(Map.of()));
                }
                assertThat(bundle.current()).isEqualTo(expected);
            }
        }
    }

    record Op(String name, Map<String, String> value) {}

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.of("a", "b", "c").list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Map<String, String>> maps = Arbitraries.maps(Arbitraries.of("k1", "k2", "k3"),
                Arbitraries.strings().alpha().ofMaxLength(2)).ofMaxSize(3).injectNull(0.2);
        return Combinators.combine(Arbitraries.of("a", "b", "c", "d"), maps).as(Op::new).list().ofMaxSize(12);
    }
}
