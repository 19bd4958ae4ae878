package org.wasmcloud4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigProviderTest {
    @Test
    void aPrefixBecomesANamedConfigWithThePrefixStripped() {
        EnvironmentConfigProvider p = EnvironmentConfigProvider.builder(Map.of("APP_DB_URL", "jdbc:x",
                "APP_mixed_Case", "m", "APP_", "skipped", "OTHER", "o", "APPX", "no"))
                .prefix("APP_", "app").prefix("NOPE_", "empty").build();
        assertThat(p.get("app")).contains(Map.of("DB_URL", "jdbc:x", "mixed_Case", "m"));
        assertThat(p.get("empty")).contains(Map.of());
        assertThat(p.get("other")).isEmpty();
        p.subscribe("app", c -> {
            throw new AssertionError("never called");
        }).close();
    }

    @Test
    void aNameIsMappedOnce() {
        assertThatThrownBy(() -> EnvironmentConfigProvider.builder(Map.of()).prefix("A", "x").prefix("B", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    }

    @Test
    void theProcessEnvironmentIsReadable() {
        EnvironmentConfigProvider p = EnvironmentConfigProvider.builder().prefix("", "all").build();
        assertThat(p.get("all").orElseThrow()).isEqualTo(System.getenv());
    }
}
