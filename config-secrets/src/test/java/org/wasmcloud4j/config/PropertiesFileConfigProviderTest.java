package org.wasmcloud4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileConfigProviderTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8AndReloadsOnRequest() throws IOException {
        Path a = dir.resolve("a.properties");
        Files.writeString(a, "url = jdbc:x\nname=Zoë\n# comment\n", StandardCharsets.UTF_8);
        PropertiesFileConfigProvider p = PropertiesFileConfigProvider.builder().file("a", a).build();
        assertThat(p.get("a")).contains(Map.of("url", "jdbc:x", "name", "Zoë"));
        List<ConfigChange> seen = new ArrayList<>();
        p.subscribe("a", seen::add);
        p.reload();
        assertThat(seen).isEmpty();
        Files.writeString(a, "url=jdbc:y\n");
        p.reload();
        assertThat(p.get("a")).contains(Map.of("url", "jdbc:y"));
        Files.delete(a);
        p.reload();
        assertThat(p.get("a")).isEmpty();
        Files.writeString(a, "back=1\n");
        p.reload();
        assertThat(seen).extracting(ConfigChange::value).containsExactly(java.util.Optional.of(Map.of("url",
                "jdbc:y")), java.util.Optional.empty(), java.util.Optional.of(Map.of("back", "1")));
    }

    @Test
    void missingOrMalformedFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> PropertiesFileConfigProvider.builder().file("x", dir.resolve("none")).build())
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.configName()).contains("x");
                    assertThat(e.getMessage()).contains("does not exist");
                });
        Path bad = Files.write(dir.resolve("bad"), new byte[] {'k', '=', (byte) 0xff});
        assertThatThrownBy(() -> PropertiesFileConfigProvider.builder().file("bad", bad).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("UTF-8");
        Path escape = Files.writeString(dir.resolve("escape"), "k=\\u12");
        assertThatThrownBy(() -> PropertiesFileConfigProvider.builder().file("e", escape).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'e'");
    }

    @Property(tries = 200)
    void whatPropertiesStoreWritesReadsBackEqual(@ForAll @Size(max = 6) Map<String, String> config)
            throws IOException {
        Properties props = new Properties();
        props.putAll(config);
        StringWriter text = new StringWriter();
        props.store(text, null);
        Path file = Files.createTempFile("config", ".properties");
        try {
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
            assertThat(PropertiesFileConfigProvider.builder().file("c", file).build().get("c")).contains(config);
        } finally {
            Files.delete(file);
        }
    }
}
