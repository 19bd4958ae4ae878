package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/** Filesystem and sandbox, through a real C program (c-fs.command) and directly through path resolution. */
class WasiFilesystemTest {
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void cProgramUsesPreopensAndCannotEscape(Engine.Mode mode, @TempDir Path tmp) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(ro.resolve("existing.txt"), "read only\n");
        Files.writeString(tmp.resolve("outside.txt"), "secret\n");
        Files.createSymbolicLink(data.resolve("link-out"), Path.of("/etc"));
        Files.createSymbolicLink(data.resolve("link-up"), Path.of("../.."));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Engine engine = Engine.builder().mode(mode).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("c-fs").stdout(out)
                .preopen(data, "/data", false).preopen(ro, "/ro", true).build());
        int code = Wasi.run(linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("c-fs.command")))
                .instantiate());
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.text("c-fs.command.expected-stdout.txt").orElseThrow());
        assertThat(code).isZero();
        // nothing changed outside the preopens; the read-only one is untouched
        assertThat(Files.readString(tmp.resolve("outside.txt"))).isEqualTo("secret\n");
        assertThat(Files.list(ro).map(p -> p.getFileName().toString()).toList()).containsExactly("existing.txt");
        assertThat(Files.exists(data.resolve("sub"))).isFalse();
    }

    @Test
    void pathResolutionStaysInsideThePreopen(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createDirectories(root.resolve("\u2024\u2024"));
        Sandbox box = new Sandbox(root.toRealPath(), false, 1 << 20);
        try (DirHandle base = box.openRoot()) {
            assertThat(resolved(box, base, "a/b/../b/./", true)).isEqualTo("a:b/");
            assertThat(resolved(box, base, "a/up/a/b", true)).isEqualTo("a:b");
            assertThat(resolved(box, base, "a/up", false)).isEqualTo("a:up");
            assertThat(resolved(box, base, "a/..", false)).isEqualTo("root:.");
            for (String bad : List.of("..", "a/../..", "/etc/passwd", "a/up/..", "a/up/../x")) {
                assertThatThrownBy(() -> box.resolve(base, bad, true)).as(bad).isInstanceOf(FsError.class)
                        .satisfies(e -> assertThat(((FsError) e).code()).isEqualTo("not-permitted"));
            }
            assertThatThrownBy(() -> box.resolve(base, "loop", true)).isInstanceOf(FsError.class)
                    .satisfies(e -> assertThat(((FsError) e).code()).isEqualTo("loop"));
            assertThatThrownBy(() -> box.resolve(base, "a\u0000b", true)).isInstanceOf(FsError.class)
                    .satisfies(e -> assertThat(((FsError) e).code()).isEqualTo("invalid"));
            // look-alike Unicode is just a name, not a separator or a parent reference
            assertThat(resolved(box, base, "\u2024\u2024/x", true)).isEqualTo("\u2024\u2024:x");
            assertThat(resolved(box, base, "a\u2215..\u2215..", true)).isEqualTo("root:a\u2215..\u2215..");
        }
    }

    /** "directory-name:name" of a resolved path ("/" appended when it must be a directory). */
    private static String resolved(Sandbox box, DirHandle base, String path, boolean follow) {
        try (Sandbox.Resolved r = box.resolve(base, path, follow)) {
            return r.dir.path.getFileName() + ":" + (r.name == null ? "." : r.name) + (r.mustBeDir ? "/" : "");
        }
    }
}
