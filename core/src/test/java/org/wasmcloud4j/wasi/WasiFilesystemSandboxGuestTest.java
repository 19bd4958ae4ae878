package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * The sandbox under attack from a real guest (c-fs-sandbox.command, C on wasi-libc through the preview1 adapter):
 * every escape of issue 11 and the wasmtime semantics of issue 12, each a line of its expected output; and what the
 * host sees afterwards (nothing outside changed, no descriptor left open). Both engine modes.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class WasiFilesystemSandboxGuestTest {
    private static final FileTime OUTSIDE_TIME = FileTime.fromMillis(1_500_000_000_000L);

    private record Layout(Path data, Path ro, Path outside, Path outsideDir) {}

    private static Layout layout(Path tmp) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(ro.resolve("existing.txt"), "read only\n");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "secret\n");
        Files.setLastModifiedTime(outside, OUTSIDE_TIME);
        Path outsideDir = Files.createDirectories(tmp.resolve("outside-dir"));
        Files.writeString(outsideDir.resolve("secret.txt"), "secret\n");
        return new Layout(data, ro, outside, outsideDir);
    }

    private static int run(Engine.Mode mode, Layout l, ByteArrayOutputStream out, String... args) {
        return run(mode, l, WasiConfig.DEFAULT_MAX_OPEN_DESCRIPTORS, out, args);
    }

    private static int run(Engine.Mode mode, Layout l, int maxOpen, ByteArrayOutputStream out, String... args) {
        Engine engine = Engine.builder().mode(mode).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args(args).stdout(out).stderr(out).maxOpenDescriptors(maxOpen)
                .preopen(l.data(), "/data", false).preopen(l.ro(), "/ro", true).build());
        try (Instance instance = linker.instantiatePre(
                Component.fromBytes(engine, Fixtures.bytes("c-fs-sandbox.command"))).instantiate()) {
            return Wasi.run(instance);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void theGuestNeitherEscapesNorSeesWrongSemantics(Engine.Mode mode, @TempDir Path tmp) throws IOException {
        Layout l = layout(tmp);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = run(mode, l, out, "c-fs-sandbox");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.text("c-fs-sandbox.command.expected-stdout.txt").orElseThrow());
        assertThat(code).isZero();
        // outside: unchanged content, times and entries
        assertThat(Files.readString(l.outside())).isEqualTo("secret\n");
        assertThat(Files.getLastModifiedTime(l.outside())).isEqualTo(OUTSIDE_TIME);
        assertThat(names(l.outsideDir())).containsExactly("secret.txt");
        assertThat(names(tmp)).containsExactlyInAnyOrder("data", "ro", "outside.txt", "outside-dir");
        // the read-only preopen is untouched; the link made by the guest has its own times
        assertThat(names(l.ro())).containsExactly("existing.txt");
        assertThat(Files.readString(l.ro().resolve("existing.txt"))).isEqualTo("read only\n");
        assertThat(Files.getLastModifiedTime(l.data().resolve("esc"), LinkOption.NOFOLLOW_LINKS).toMillis())
                .isEqualTo(1_000_000_000L);
        assertThat(names(l.data())).noneMatch(n -> n.startsWith(Sandbox.STAGING_PREFIX));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    @EnabledOnOs(OS.LINUX)
    void readViaStreamLeavesNoFileOpen(Engine.Mode mode, @TempDir Path tmp) throws IOException {
        Layout l = layout(tmp);
        long before = openFiles();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(mode, l, out, "c-fs-sandbox", "leak", "2000")).as(out.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("leak: 2000 rounds\n");
        assertThat(openFiles() - before).as("files left open by 2000 open/read/close rounds").isLessThan(10);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    @EnabledOnOs(OS.LINUX)
    void aGuestHoardingDescriptorsIsStoppedAtItsLimitAndReleasedOnClose(Engine.Mode mode, @TempDir Path tmp)
            throws IOException {
        Layout l = layout(tmp);
        long before = openFiles();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(mode, l, 50, out, "c-fs-sandbox", "hoard", "1000")).as(out.toString()).isZero();
        // the two preopens count too
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hoard: 48 opened, then ENOMEM\n");
        assertThat(openFiles() - before).as("files left open once the instance is closed").isLessThan(10);
    }

    static long openFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
