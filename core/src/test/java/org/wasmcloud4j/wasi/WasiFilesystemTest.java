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
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/** Filesystem and sandbox, through a real C program (c-fs.command) and directly through path resolution. */
class WasiFilesystemTest {
    @Test
    void cProgramUsesPreopensAndCannotEscape(@TempDir Path tmp) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(ro.resolve("existing.txt"), "read only\n");
        Files.writeString(tmp.resolve("outside.txt"), "secret\n");
        Files.createSymbolicLink(data.resolve("link-out"), Path.of("/etc"));
        Files.createSymbolicLink(data.resolve("link-up"), Path.of("../.."));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
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
        WasiFilesystem.Descriptor base = new WasiFilesystem.Descriptor(root.toRealPath(), List.of(), false, true, true);
        assertThat(WasiFilesystem.resolve(base, "a/b/../b/./", true)).containsExactly("a", "b");
        assertThat(WasiFilesystem.resolve(base, "a/up/a/b", true)).containsExactly("a", "b");
        assertThat(WasiFilesystem.resolve(base, "a/up", false)).containsExactly("a", "up");
        for (String bad : List.of("..", "a/../..", "/etc/passwd", "a/up/..", "a/up/../x")) {
            assertThatThrownBy(() -> WasiFilesystem.resolve(base, bad, true)).as(bad).isInstanceOf(FsError.class)
                    .satisfies(e -> assertThat(((FsError) e).code()).isEqualTo("not-permitted"));
        }
        assertThatThrownBy(() -> WasiFilesystem.resolve(base, "loop", true)).isInstanceOf(FsError.class)
                .satisfies(e -> assertThat(((FsError) e).code()).isEqualTo("loop"));
        assertThatThrownBy(() -> WasiFilesystem.resolve(base, "a\u0000b", true)).isInstanceOf(FsError.class)
                .satisfies(e -> assertThat(((FsError) e).code()).isEqualTo("invalid"));
        // look-alike Unicode is just a name, not a separator or a parent reference
        assertThat(WasiFilesystem.resolve(base, "\u2024\u2024/x", true)).containsExactly("\u2024\u2024", "x");
        assertThat(WasiFilesystem.resolve(base, "a\u2215..\u2215..", true)).containsExactly("a\u2215..\u2215..");
    }
}
