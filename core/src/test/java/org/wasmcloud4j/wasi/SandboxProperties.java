package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Path resolution never leaves the base directory, whatever the guest writes: paths made of names, {@code .},
 * {@code ..}, empty components and links that lead around inside, up, out (relative and absolute), into loops and
 * nowhere.
 */
class SandboxProperties {
    private static Path tmp;
    private static Path base;

    @BeforeContainer
    static void layout() throws IOException {
        tmp = Files.createTempDirectory("sandbox-properties");
        Path root = Files.createDirectories(tmp.resolve("root"));
        base = Files.createDirectories(root.resolve("base"));
        Files.createDirectories(base.resolve("a/b"));
        Files.writeString(base.resolve("a/b/f"), "f");
        Files.writeString(tmp.resolve("outside"), "outside");
        Files.createSymbolicLink(base.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(base.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(base.resolve("a/b/upup"), Path.of("../.."));
        Files.createSymbolicLink(base.resolve("out"), Path.of("../../outside"));
        Files.createSymbolicLink(base.resolve("abs"), tmp);
        Files.createSymbolicLink(base.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(base.resolve("a/dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(base.resolve("a/b/in"), Path.of("../b/f"));
        base = base.toRealPath();
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("a", "b", "f", ".", "..", "", "up", "out", "abs", "loop", "dangling", "upup", "in", "x")
                .list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("/", l));
    }

    @Property(tries = 2000)
    void whatResolvesIsInsideTheBase(@ForAll("paths") String path, @ForAll boolean follow) throws IOException {
        Sandbox box = new Sandbox(base, false, 1 << 20);
        try (DirHandle d = box.openRoot()) {
            try (Sandbox.Resolved r = box.resolve(d, path, follow)) {
                Path dir = r.dir.path.toRealPath();
                assertThat(dir.startsWith(base)).as(path + " -> " + dir).isTrue();
                if (r.name != null) {
                    assertThat(r.name).isNotEqualTo("..").isNotEqualTo(".").doesNotContain("/").isNotEmpty();
                }
                if (r.name != null && Files.exists(dir.resolve(r.name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // a link as the final name is only left unfollowed when asked
                    assertThat(!follow || !Files.isSymbolicLink(dir.resolve(r.name))).as(path).isTrue();
                }
            } catch (FsError e) {
                assertThat(List.of("not-permitted", "no-entry", "not-directory", "loop")).contains(e.code());
            }
        }
    }
}
