package org.wasmcloud4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/** The goal {@code precompile} run as Maven runs it (parameters set, then {@code execute()}) on committed fixtures. */
class PrecompileMojoTest {
    @TempDir
    Path tmp;

    private Path classes;
    private Path src;
    private final List<String> info = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void project() throws IOException {
        classes = tmp.resolve("target/classes");
        src = Files.createDirectories(tmp.resolve("src/main/components"));
        Files.write(src.resolve("hello.wasm"), Fixtures.bytes("wat-hello.component"));
        Files.write(Files.createDirectories(src.resolve("nested")).resolve("primitives.wasm"),
                Fixtures.bytes("wat-primitives.component"));
        Files.writeString(src.resolve("README.txt"), "not a component, not included");
    }

    /** A mojo as Maven configures it: the output directory is its default under the project's classes. */
    private PrecompileMojo mojo() {
        PrecompileMojo m = new PrecompileMojo();
        m.outputDirectory = classes.resolve(PrecompileMojo.RESOURCE_FOLDER).toFile();
        m.manifestDirectory = tmp.resolve("target/wasmcloud4j-precompile").toFile();
        m.executionId = "default";
        m.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                info.add(content.toString());
            }

            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return m;
    }

    private Map<String, byte[]> entries() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Path dir = classes.resolve(PrecompileMojo.RESOURCE_FOLDER);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void aDirectoryOfComponentsBecomesEntriesUnderTheClassesThatEnginesFind() throws Exception {
        PrecompileMojo m = mojo();
        m.componentDirectory = src.toFile();
        m.execute();
        Map<String, byte[]> entries = entries();
        assertThat(entries).isNotEmpty();
        assertThat(entries.keySet()).allMatch(n -> n.matches("[0-9a-f]{64}-chicory-[0-9A-Za-z._-]+-f\\d+\\.classes"));
        assertThat(info).anyMatch(l -> l.contains("2 components") && l.contains("compiled, 0 up to date"));
        // the entries are what the engine's class path tier reads: a compiled engine with no cache directory runs
        // the component from them (the core tests count the hits; here: it works from the packaged folder)
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                null); Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache()
                        .precompiledClassesFrom(loader).build()) {
            Component c = Component.fromBytes(engine, Fixtures.bytes("wat-hello.component"));
            assertThat(new Linker(engine).instantiatePre(c).instantiate().func("greet").orElseThrow().callJava("mojo"))
                    .isEqualTo("Hello, mojo!");
        }
    }

    @Test
    void aSecondRunCompilesNothingAndRewritesNothing() throws Exception {
        PrecompileMojo first = mojo();
        first.components = List.of(src.resolve("hello.wasm").toFile());
        first.execute();
        Map<String, byte[]> before = entries();
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Path dir = classes.resolve(PrecompileMojo.RESOURCE_FOLDER);
        for (String n : before.keySet()) {
            Files.setLastModifiedTime(dir.resolve(n), old);
        }
        info.clear();
        PrecompileMojo second = mojo();
        second.components = List.of(src.resolve("hello.wasm").toFile());
        second.execute();
        assertThat(info).anyMatch(l -> l.contains("0 core modules compiled, " + before.size() + " up to date"));
        Map<String, byte[]> after = entries();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((n, b) -> assertThat(b).isEqualTo(before.get(n)));
    }

    @Test
    void includesAndExcludesSelectFilesOfTheDirectory() throws Exception {
        PrecompileMojo m = mojo();
        m.componentDirectory = src.toFile();
        m.includes = List.of("**/*.wasm");
        m.excludes = List.of("nested/**");
        m.execute();
        assertThat(info).anyMatch(l -> l.startsWith(src.resolve("hello.wasm").toString()));
        assertThat(info).noneMatch(l -> l.contains("primitives.wasm"));
        assertThat(info).anyMatch(l -> l.contains("1 components"));
    }

    @Test
    void aFileThatIsNotAComponentFailsTheBuildNamingIt() throws IOException {
        Path bad = Files.write(tmp.resolve("broken.wasm"), new byte[] {0, 'a', 's', 'm', 13, 0, 1, 0, 0x7f});
        PrecompileMojo m = mojo();
        m.components = List.of(src.resolve("hello.wasm").toFile(), bad.toFile());
        assertThatThrownBy(m::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("is not a valid component");
        Path invalid = Files.write(tmp.resolve("invalid.wasm"), Fixtures.bytes("invalid/type-index-out-of-bounds"));
        PrecompileMojo v = mojo();
        v.components = List.of(invalid.toFile());
        assertThatThrownBy(v::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(invalid.toString()).hasMessageContaining("is not a valid component");
    }

    @Test
    void aMissingFileOrDirectoryOrNothingConfiguredFailsTheBuild() {
        PrecompileMojo missing = mojo();
        missing.components = List.of(tmp.resolve("nope.wasm").toFile());
        assertThatThrownBy(missing::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(tmp.resolve("nope.wasm").toString()).hasMessageContaining("no such file");
        PrecompileMojo noDir = mojo();
        noDir.componentDirectory = tmp.resolve("nodir").toFile();
        assertThatThrownBy(noDir::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("nodir").hasMessageContaining("not a directory");
        assertThatThrownBy(mojo()::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no components configured");
        PrecompileMojo badGlob = mojo();
        badGlob.componentDirectory = src.toFile();
        badGlob.includes = List.of("[*.wasm");
        assertThatThrownBy(badGlob::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("[*.wasm");
    }

    @Test
    void anOutputDirectoryOthersCanWriteFailsTheBuildInsteadOfShippingNothing() throws IOException {
        Path out = classes.resolve(PrecompileMojo.RESOURCE_FOLDER);
        Files.createDirectories(out);
        Assumptions.assumeTrue(Files.getFileStore(out).supportsFileAttributeView("posix"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrecompileMojo m = mojo();
        m.components = List.of(src.resolve("hello.wasm").toFile());
        assertThatThrownBy(m::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(src.resolve("hello.wasm").toString())
                .hasMessageContaining("could not be written to " + out);
        assertThat(entries()).isEmpty();
    }

    @Test
    void skipWritesNothingAndAnEmptySelectionWarns() throws Exception {
        PrecompileMojo s = mojo();
        s.componentDirectory = src.toFile();
        s.skip = true;
        s.execute();
        assertThat(entries()).isEmpty();
        PrecompileMojo none = mojo();
        none.componentDirectory = src.toFile();
        none.includes = List.of("**/*.component");
        none.execute();
        assertThat(entries()).isEmpty();
        assertThat(warnings).anyMatch(w -> w.contains("no component files"));
    }

    /**
     * A component removed from the configuration has its entries deleted at the next run; entries another execution
     * wrote to the same directory, files nobody listed, and names outside the directory in a tampered list are left.
     */
    @Test
    void entriesNoLongerProducedAreDeletedAndNothingElse() throws Exception {
        PrecompileMojo both = mojo();
        both.componentDirectory = src.toFile();
        both.execute();
        Map<String, byte[]> first = entries();
        assertThat(first).hasSizeGreaterThanOrEqualTo(2);

        PrecompileMojo other = mojo();   // a second execution, into the same directory
        other.executionId = "other";
        other.components = List.of(src.resolve("hello.wasm").toFile());
        other.execute();

        Path dir = classes.resolve(PrecompileMojo.RESOURCE_FOLDER);
        Path foreign = Files.write(dir.resolve("0000-chicory-x-f3.classes"), new byte[] {1});
        Path outside = Files.write(tmp.resolve("target/classes/keep.classes"), new byte[] {2});
        Files.write(tmp.resolve("target/wasmcloud4j-precompile/default.entries"),
                List.of(Files.readAllLines(tmp.resolve("target/wasmcloud4j-precompile/default.entries")).get(0),
                        Files.readAllLines(tmp.resolve("target/wasmcloud4j-precompile/default.entries")).get(1),
                        "../keep.classes"));

        PrecompileMojo fewer = mojo();   // the first execution again, without the nested component
        fewer.components = List.of(src.resolve("hello.wasm").toFile());
        fewer.execute();
        Map<String, byte[]> after = entries();
        List<String> hello = Files.readAllLines(tmp.resolve("target/wasmcloud4j-precompile/other.entries"));
        assertThat(hello).hasSize(1);
        assertThat(after.keySet()).as("the removed component's entries are gone, the kept one and the foreign file stay")
                .containsExactlyInAnyOrder(hello.get(0), foreign.getFileName().toString());
        assertThat(foreign).exists();
        assertThat(outside).exists();
        assertThat(info).anyMatch(l -> l.contains("deleted stale entry"));

        // the other execution still finds its entry
        info.clear();
        other.execute();
        assertThat(info).anyMatch(l -> l.contains("1 up to date"));
    }
}
