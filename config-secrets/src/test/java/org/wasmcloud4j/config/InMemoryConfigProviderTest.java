package org.wasmcloud4j.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryConfigProviderTest {
    @Test
    void putGetDeleteAndNotify() {
        InMemoryConfigProvider p = InMemoryConfigProvider.builder().put("a", Map.of("k", "1")).build();
        List<ConfigChange> forA = new ArrayList<>();
        List<ConfigChange> all = new ArrayList<>();
        Subscription subA = p.subscribe("a", forA::add);
        p.subscribeAll(all::add);
        assertThat(p.get("a")).contains(Map.of("k", "1"));
        assertThat(p.get("b")).isEmpty();
        p.put("a", Map.of("k", "2"));
        p.put("a", Map.of("k", "2")); // unchanged: no notification
        p.put("b", Map.of());
        assertThat(p.delete("a")).isTrue();
        assertThat(p.delete("a")).isFalse();
        assertThat(forA).containsExactly(new ConfigChange("a", Map.of("k", "2")), new ConfigChange("a", null));
        assertThat(all).extracting(ConfigChange::name).containsExactly("a", "b", "a");
        assertThat(all.get(2).deleted()).isTrue();
        subA.close();
        subA.close();
        p.put("a", Map.of());
        assertThat(forA).hasSize(2);
        assertThat(p.names()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void mapsAreCopiedAndImmutable() {
        Map<String, String> source = new HashMap<>(Map.of("k", "v"));
        InMemoryConfigProvider p = InMemoryConfigProvider.create();
        p.put("a", source);
        source.put("k", "changed");
        assertThat(p.get("a").orElseThrow()).containsEntry("k", "v");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.get("a").orElseThrow().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFailingListenerDoesNotStopOthers() {
        InMemoryConfigProvider p = InMemoryConfigProvider.create();
        List<String> seen = new ArrayList<>();
        p.subscribeAll(c -> {
            throw new IllegalStateException("boom");
        });
        p.subscribeAll(c -> seen.add(c.name()));
        p.put("a", Map.of("secret-ish", "value"));
        assertThat(seen).containsExactly("a");
    }

    @Test
    void changeToStringShowsKeysNotValues() {
        assertThat(new ConfigChange("db", Map.of("password", "hunter2")).toString()).contains("password")
                .doesNotContain("hunter2");
    }
}
