package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.fixtures.Fixtures;

/** The compiled-code cache with real files, real Chicory output and, for concurrent writers, two real JVMs. */
class CompileCacheTest {
    private static final String FIXTURE = "wat-hello.component";

    @TempDir
    Path tmp;

    static List<Section.CoreModule> coreModules(DecodedComponent c) {
        List<Section.CoreModule> out = new ArrayList<>();
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                out.add(m);
            } else if (s instanceof Section.Component n) {
                out.addAll(coreModules(n.component()));
            }
        }
        return out;
    }

    private static Section.CoreModule firstModule(String fixture) {
        return coreModules(ComponentDecoder.decode(Fixtures.bytes(fixture))).get(0);
    }

    private static String greet(Engine engine) {
        Component c = Component.fromBytes(engine, Fixtures.bytes(FIXTURE));
        return (String) new Linker(engine).instantiatePre(c).instantiate().func("greet").orElseThrow().callJava("cache");
    }

    private static Engine compiled(Path dir) {
        return Engine.builder().mode(Engine.Mode.COMPILED).compileCache(dir).build();
    }

    @Test
    void aMissCompilesAndStoresAndTheNextEngineHits() throws IOException {
        Path dir = tmp.resolve("cache");
        Engine first = compiled(dir);
        assertThat(greet(first)).isEqualTo("Hello, cache!");
        CompileCache c1 = first.compileCache();
        assertThat(c1.misses.get()).isPositive();
        assertThat(c1.stored.get()).isEqualTo(c1.misses.get());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .allMatch(n -> n.matches("[0-9a-f]{64}-chicory-1\\.7\\.5-f3\\.classes"));
        }
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
        Engine second = compiled(dir);
        assertThat(greet(second)).isEqualTo("Hello, cache!");
        assertThat(second.compileCache().hits.get()).isEqualTo(c1.stored.get());
        assertThat(second.compileCache().misses.get()).isZero();
        assertThat(second.compileCache().warnings.get()).isZero();
    }

    @Test
    void aCorruptEntryIsRecompiledAndReplacedWithOneWarning() throws IOException {
        Path dir = tmp.resolve("cache");
        greet(compiled(dir));
        List<Path> entries;
        try (var files = Files.list(dir)) {
            entries = files.toList();
        }
        for (Path p : entries) {
            byte[] b = Files.readAllBytes(p);
            b[b.length / 2] ^= 0x5a;   // a flipped byte inside a class
            Files.write(p, b);
        }
        Engine e = compiled(dir);
        assertThat(greet(e)).isEqualTo("Hello, cache!");
        assertThat(e.compileCache().corrupt.get()).isEqualTo(entries.size());
        assertThat(e.compileCache().warnings.get()).isEqualTo(1);   // once, however many entries
        assertThat(e.compileCache().stored.get()).isEqualTo(entries.size());
        Engine again = compiled(dir);
        greet(again);
        assertThat(again.compileCache().hits.get()).isEqualTo(entries.size());
    }

    @Test
    void truncatedAndForeignEntriesAreMisses() throws IOException {
        Section.CoreModule m = firstModule(FIXTURE);
        WasmModule module = CoreModuleLoader.parse(m);
        CompileCache cache = new CompileCache(tmp, "1.7.5");
        CoreModuleLoader.compile(m, module, cache);
        String sha = CoreModuleLoader.cacheKey(m);
        Path p = cache.entryPath(sha);
        byte[] whole = Files.readAllBytes(p);
        for (int len : new int[] {0, 7, 39, whole.length / 2, whole.length - 1}) {
            Files.write(p, java.util.Arrays.copyOf(whole, len));
            assertThat(cache.load(sha)).as("truncated to %d", len).isEmpty();
        }
        Files.write(p, whole);
        assertThat(cache.load(sha)).isPresent();
        // a whole, checksummed entry under another module's name is refused by its key
        Path other = cache.entryPath("00".repeat(32));
        Files.write(other, whole);
        assertThat(cache.load("00".repeat(32))).isEmpty();
    }

    @Test
    void lengthFieldsBeyondTheEntryAreRefusedWithoutAllocating() throws Exception {
        CompileCache cache = new CompileCache(tmp, "1.7.5");
        java.util.Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
        classes.put("A", new byte[] {1, 2, 3});
        byte[] good = cache.encode(new CompileCache.Entry("A", classes, java.util.Set.of()), "ab");
        // the class count sits right after magic, format, key, main class and an empty interpreted list
        int at = 8 + 2 + ("sha256=ab;chicory=1.7.5").length() + 2 + 1 + 4;
        byte[] bad = good.clone();
        bad[at] = 0x7f;   // ~2 billion classes
        java.nio.ByteBuffer.wrap(bad, bad.length - 4, 4).putInt(CompileCache.crc32c(bad, bad.length - 4));   // valid
        assertThat(cache.decode(good, "ab").classes()).containsOnlyKeys("A");
        assertThatThrownBy(() -> cache.decode(bad, "ab")).isInstanceOf(CompileCache.CorruptEntry.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void anotherCompilerVersionIsAMiss() {
        Section.CoreModule m = firstModule(FIXTURE);
        WasmModule module = CoreModuleLoader.parse(m);
        CompileCache v1 = new CompileCache(tmp, "1.7.5");
        CoreModuleLoader.compile(m, module, v1);
        assertThat(v1.stored.get()).isEqualTo(1);
        CompileCache v2 = new CompileCache(tmp, "1.7.6");
        CoreModuleLoader.compile(m, module, v2);
        assertThat(v2.hits.get()).isZero();
        assertThat(v2.misses.get()).isEqualTo(1);
        assertThat(v2.stored.get()).isEqualTo(1);
        assertThat(v2.entryPath("x")).isNotEqualTo(v1.entryPath("x"));
        CompileCache v1again = new CompileCache(tmp, "1.7.5");
        CoreModuleLoader.compile(m, module, v1again);
        assertThat(v1again.hits.get()).isEqualTo(1);
    }

    @Test
    void theVersionComesFromChicorysJar() {
        assertThat(CompileCache.chicoryCompilerVersion()).isEqualTo("1.7.5");
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Engine e = compiled(dir);
        assertThat(greet(e)).isEqualTo("Hello, cache!");
        greet(e);
        assertThat(e.compileCache().warnings.get()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aDirectoryThatCannotBeCreatedMeansNoCaching() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Engine e = compiled(file.resolve("cache"));
        assertThat(greet(e)).isEqualTo("Hello, cache!");
        assertThat(greet(e)).isEqualTo("Hello, cache!");
        assertThat(e.compileCache().warnings.get()).isEqualTo(1);
        assertThat(e.compileCache().stored.get()).isZero();
    }

    @Test
    void aReadOnlyDirectoryIsReadButNotWritten() throws Exception {
        Path dir = tmp.resolve("cache");
        Engine filler = compiled(dir);
        greet(filler);
        int entries = filler.compileCache().stored.get();
        Path extra = tmp.resolve("other");
        boolean immutable = makeReadOnly(dir);
        try {
            Engine reader = compiled(dir);
            assertThat(greet(reader)).isEqualTo("Hello, cache!");
            assertThat(reader.compileCache().hits.get()).isEqualTo(entries);
            // a module that is not in the read-only cache: compiled, works, not stored, said once
            Files.createDirectory(extra);
            CompileCache ro = new CompileCache(dir, "1.7.5-other");
            Section.CoreModule m = firstModule(FIXTURE);
            WasmModule module = CoreModuleLoader.parse(m);
            CoreModuleLoader.compile(m, module, ro);
            CoreModuleLoader.compile(m, module, ro);
            assertThat(ro.stored.get()).isZero();
            assertThat(ro.warnings.get()).isEqualTo(1);
            try (var files = Files.list(dir)) {
                assertThat(files.count()).isEqualTo(entries);
            }
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", dir.toString()).inheritIO().start().waitFor();
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Makes {@code dir} unwritable, even for root (chattr +i); true if it had to be made immutable. */
    static boolean makeReadOnly(Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        if (!canCreateIn(dir)) {
            return false;
        }
        Process p = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
        boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(ok && !canCreateIn(dir), "cannot make a directory read-only here (root without chattr)");
        return true;
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void twoJvmsWritingTheSameEntryAtOnceBothWorkAndTheEntryIsWhole() throws Exception {
        Path dir = tmp.resolve("cache");
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jvms.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CompileCacheWriter.class.getName(), dir.toString(), FIXTURE)
                    .redirectErrorStream(true).start());
        }
        for (Process p : jvms) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("Hello, jvm!");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".tmp")).toList())
                    .isEmpty();
        }
        Engine e = compiled(dir);
        greet(e);
        assertThat(e.compileCache().hits.get()).isPositive();
        assertThat(e.compileCache().corrupt.get()).isZero();
        assertThat(e.compileCache().misses.get()).isZero();
    }

    @Test
    void precompileFillsTheCacheForALaterStart() {
        Path dir = tmp.resolve("shipped");
        try (Engine build = Engine.builder().mode(Engine.Mode.INTERPRETER).compileCache(dir).build()) {
            build.precompile(Fixtures.bytes(FIXTURE));
            assertThat(build.compileCache().stored.get()).isPositive();
        }
        Engine app = Engine.builder().compileCache(dir).build();   // tiered: everything comes from the cache
        Component c = Component.fromBytes(app, Fixtures.bytes(FIXTURE));
        assertThat(c.codeSettled()).isDone();
        assertThat(app.compileCache().hits.get()).isPositive();
        assertThatThrownBy(() -> Engine.builder().noCompileCache().build().precompile(Fixtures.bytes(FIXTURE)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void precompileReportsWhatHappenedToEachModuleInOrder() throws IOException {
        Path dir = tmp.resolve("cache");
        byte[] bytes = Fixtures.bytes("c-hello.command");
        List<String> shas = coreModules(ComponentDecoder.decode(bytes)).stream()
                .map(m -> CoreModuleLoader.cacheKey(m)).toList();
        try (Engine e = compiled(dir)) {
            List<PrecompiledModule> first = e.precompile(bytes);
            assertThat(first).extracting(PrecompiledModule::sha256).containsExactlyElementsOf(shas);
            assertThat(first).extracting(PrecompiledModule::outcome).containsOnly(PrecompiledModule.Outcome.STORED);
            assertThat(first).allMatch(m -> !m.time().isNegative());
            List<PrecompiledModule> second = e.precompile(bytes);
            assertThat(second).extracting(PrecompiledModule::sha256).containsExactlyElementsOf(shas);
            assertThat(second).extracting(PrecompiledModule::outcome).containsOnly(PrecompiledModule.Outcome.HIT);
        }
        Assumptions.assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));   // not used: not stored
        try (Engine e = compiled(shared)) {
            assertThat(e.precompile(bytes)).hasSameSizeAs(shas).extracting(PrecompiledModule::outcome)
                    .containsOnly(PrecompiledModule.Outcome.NOT_STORED);
        }
    }
}
