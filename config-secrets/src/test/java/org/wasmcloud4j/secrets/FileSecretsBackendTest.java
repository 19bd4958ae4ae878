package org.wasmcloud4j.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileSecretsBackendTest {
    private Path root;
    private Path base;
    private FileSecretsBackend files;

    @BeforeEach
    @BeforeProperty
    void setUp() throws IOException {
        root = Files.createTempDirectory("file-secrets");
        base = Files.createDirectory(root.resolve("secrets"));
        Files.writeString(root.resolve("outside"), "OUTSIDE");
        Files.createDirectory(root.resolve("outdir"));
        Files.writeString(root.resolve("outdir/secret"), "OUTSIDE");
        Files.writeString(base.resolve("secret"), "inside\n");
        Files.createDirectory(base.resolve("db"));
        Files.writeString(base.resolve("db/password"), "pw");
        Files.write(base.resolve("binary"), new byte[] {(byte) 0xff, 0});
        Files.createSymbolicLink(base.resolve("link"), root.resolve("outside"));
        Files.createSymbolicLink(base.resolve("inlink"), base.resolve("secret"));
        Files.createSymbolicLink(base.resolve("dirlink"), root.resolve("outdir"));
        files = FileSecretsBackend.builder("files", base).build();
    }

    @AfterEach
    @AfterProperty
    void tearDown() throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private SecretValue get(String key) {
        return files.get(SecretRequest.builder(key).referenceName("ref").build());
    }

    private SecretException.Reason reason(String key) {
        try {
            get(key).close();
            throw new AssertionError("read " + key);
        } catch (SecretException e) {
            assertThat(e.getMessage()).doesNotContain("OUTSIDE").doesNotContain("inside");
            assertThat(e.backend()).isEqualTo("files");
            assertThat(e.reference()).contains("ref");
            return e.reason();
        }
    }

    @Test
    void readsFilesVerbatimAndNested() {
        assertThat(get("secret").asString()).isEqualTo("inside\n");
        assertThat(get("db/password").asString()).isEqualTo("pw");
        assertThat(get("secret").version()).isEmpty();
    }

    @Test
    void pathTricksAreRefused() {
        for (String key : List.of("../outside", "db/../../outside", "..", ".", "./secret", "/etc/passwd",
                root.resolve("outside").toString(), "db//password", "db/", "a\\b", "secret\0")) {
            assertThat(reason(key)).as(key).isEqualTo(SecretException.Reason.INVALID_REQUEST);
        }
    }

    @Test
    void symbolicLinksAreNeverFollowedEvenInsideTheDirectory() {
        assertThat(reason("link")).isEqualTo(SecretException.Reason.INVALID_REQUEST);
        assertThat(reason("inlink")).isEqualTo(SecretException.Reason.INVALID_REQUEST);
        assertThat(reason("dirlink/secret")).isEqualTo(SecretException.Reason.INVALID_REQUEST);
    }

    @Test
    void missingNamesAndDirectoriesAreNotFound() {
        assertThat(reason("nope")).isEqualTo(SecretException.Reason.SECRET_NOT_FOUND);
        assertThat(reason("db")).isEqualTo(SecretException.Reason.SECRET_NOT_FOUND);
        assertThat(reason("secret/x")).isEqualTo(SecretException.Reason.SECRET_NOT_FOUND);
        assertThat(reason("db/nope")).isEqualTo(SecretException.Reason.SECRET_NOT_FOUND);
    }

    @Test
    void contentKindSizeAndEncoding() throws IOException {
        assertThat(reason("binary")).isEqualTo(SecretException.Reason.UPSTREAM_ERROR);
        FileSecretsBackend bytes = FileSecretsBackend.builder("files", base)
                .content(FileSecretsBackend.Content.BYTES).maxBytes(2).build();
        assertThat(bytes.get(SecretRequest.builder("binary").build()).asBytes()).containsExactly(0xff, 0);
        assertThatThrownBy(() -> bytes.get(SecretRequest.builder("secret").build()))
                .isInstanceOf(SecretException.class).hasMessageContaining("larger than 2 bytes");
        assertThatThrownBy(() -> FileSecretsBackend.builder("f", root.resolve("outside")).build())
                .isInstanceOf(IOException.class);
    }

    @Test
    void fieldsAndVersionsAreRefused() {
        assertThatThrownBy(() -> files.get(SecretRequest.builder("secret").version("1").build()))
                .isInstanceOfSatisfying(SecretException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecretException.Reason.INVALID_REQUEST));
    }

    @Property(tries = 300)
    void noKeyReadsOutsideTheDirectory(@ForAll("keys") String key) {
        try (SecretValue v = get(key)) {
            assertThat(v.asString()).isIn("inside\n", "pw");
        } catch (SecretException expected) {
            assertThat(expected.getMessage()).doesNotContain("OUTSIDE");
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("..", ".", "", "secret", "db", "password", "outside", "outdir", "link", "dirlink",
                "secrets", "inlink", "~", root.toString().substring(1))
                .list().ofMinSize(1).ofMaxSize(6)
                .flatMap(parts -> Arbitraries.of("", "/").map(lead -> lead + String.join("/", parts)))
                .filter(k -> !k.isEmpty());
    }
}
