package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Compiled code on the class path ({@link PrecompiledClasses}): real entries made by {@link Engine#precompile} into a
 * real directory, packed into real jars (plain, and nested in another jar as in a Spring Boot executable jar), read
 * through real class loaders.
 */
class PrecompiledClassesTest {
    private static final String FIXTURE = "wat-hello.component";

    @TempDir
    Path tmp;

    /** The entry files {@link Engine#precompile} wrote for the fixture (one per core module). */
    private List<Path> entries;

    @BeforeEach
    void precompile() throws IOException {
        Path dir = tmp.resolve("built");
        try (Engine e = Engine.builder().mode(Engine.Mode.INTERPRETER).compileCache(dir).build()) {
            assertThat(e.precompile(Fixtures.bytes(FIXTURE)))
                    .allMatch(m -> m.outcome() == PrecompiledModule.Outcome.STORED);
        }
        try (var files = Files.list(dir)) {
            entries = files.sorted().toList();
        }
        assertThat(entries).isNotEmpty();
    }

    /** A jar holding {@code entries} under META-INF/wasmcloud4j/compiled/, bytes as they are or with one flipped. */
    private byte[] jar(boolean corrupt) throws IOException {
        ByteArrayOutputStream bout = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bout)) {
            for (Path p : entries) {
                byte[] b = Files.readAllBytes(p);
                if (corrupt) {
                    b[b.length / 2] ^= 0x40;
                }
                jar.putNextEntry(new JarEntry(PrecompiledClasses.PREFIX + p.getFileName()));
                jar.write(b);
                jar.closeEntry();
            }
        }
        return bout.toByteArray();
    }

    private Path jarFile(String name, boolean corrupt) throws IOException {
        return Files.write(tmp.resolve(name), jar(corrupt));
    }

    private static String greet(Engine engine) {
        Component c = Component.fromBytes(engine, Fixtures.bytes(FIXTURE));
        return (String) new Linker(engine).instantiatePre(c).instantiate().func("greet").orElseThrow().callJava("jar");
    }

    private static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "TIERED"})
    void entriesInAJarAreUsedWithoutCompilingOrReadingTheDirectory(Engine.Mode mode) throws Exception {
        Path dir = tmp.resolve("cache");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile("app.jar", false).toUri().toURL()}, null);
                Engine engine = Engine.builder().mode(mode).compileCache(dir).precompiledClassesFrom(loader).build()) {
            Component c = Component.fromBytes(engine, Fixtures.bytes(FIXTURE));
            // tiered: nothing left to compile in the background, the classes were there at once
            assertThat(c.codeSettled()).isDone();
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            CompileCache cache = engine.compileCache();
            assertThat(cache.classpath().hits.get()).isEqualTo(2 * entries.size());
            assertThat(cache.classpath().corrupt.get()).isZero();
            assertThat(cache.hits.get() + cache.misses.get() + cache.stored.get()).isZero();   // directory untouched
            assertThat(files(dir)).isZero();
        }
    }

    @Test
    void theDefaultLooksInTheContextClassLoaderWithoutConfiguration() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile("app.jar", false).toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            Engine engine;
            try {
                engine = Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache().build();
            } finally {
                Thread.currentThread().setContextClassLoader(before);
            }
            // the loaders are those of build(): loading after the context loader is restored still finds the entries
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            assertThat(engine.compileCache().classpath().hits.get()).isEqualTo(entries.size());
            assertThat(engine.compileCacheDirectory()).isEmpty();
        }
    }

    @Test
    void entriesInAJarNestedInAJarAreReadAsStreams() throws Exception {
        // an executable jar with the application's jar stored inside it, as Spring Boot packs BOOT-INF/lib/*.jar
        byte[] inner = jar(false);
        Path outer = tmp.resolve("boot.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(outer))) {
            JarEntry e = new JarEntry("BOOT-INF/lib/app.jar");
            e.setMethod(ZipEntry.STORED);
            e.setSize(inner.length);
            CRC32 crc = new CRC32();
            crc.update(inner);
            e.setCrc(crc.getValue());
            jar.putNextEntry(e);
            jar.write(inner);
            jar.closeEntry();
        }
        NestedJarLoader loader = new NestedJarLoader(outer, "BOOT-INF/lib/app.jar");
        try (Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache()
                .precompiledClassesFrom(loader).build()) {
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            assertThat(engine.compileCache().classpath().hits.get()).isEqualTo(entries.size());
            assertThat(loader.opened.get()).isEqualTo(entries.size());
        }
    }

    @Test
    void aCorruptEntryOnTheClassPathFallsThroughToTheDirectoryWithOneWarning() throws Exception {
        Path dir = tmp.resolve("cache");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile("bad.jar", true).toUri().toURL()}, null);
                Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(dir)
                        .precompiledClassesFrom(loader).build()) {
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            CompileCache cache = engine.compileCache();
            PrecompiledClasses cp = cache.classpath();
            assertThat(cp.corrupt.get()).isEqualTo(entries.size());
            assertThat(cp.hits.get()).isZero();
            // compiled and stored in the directory
            assertThat(cache.stored.get()).isEqualTo(entries.size());
            // the next load: corrupt again on the class path (still one warning), a hit in the directory
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            assertThat(cp.corrupt.get()).isEqualTo(2 * entries.size());
            assertThat(cp.warnings.get()).isEqualTo(1);
            assertThat(cache.hits.get()).isEqualTo(entries.size());
            assertThat(cache.stored.get()).isEqualTo(entries.size());
        }
    }

    @Test
    void anEntryForAnotherModuleIsCorruptNotUsed() throws Exception {
        // the right file name with another module's entry in it: the key inside the entry does not match
        byte[] other;
        Path otherDir = tmp.resolve("other");
        try (Engine e = Engine.builder().mode(Engine.Mode.INTERPRETER).compileCache(otherDir).build()) {
            e.precompile(Fixtures.bytes("wat-primitives.component"));
        }
        try (var s = Files.list(otherDir)) {
            other = Files.readAllBytes(s.findFirst().orElseThrow());
        }
        Path jar = tmp.resolve("swapped.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path p : entries) {
                out.putNextEntry(new JarEntry(PrecompiledClasses.PREFIX + p.getFileName()));
                out.write(other);
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache()
                        .precompiledClassesFrom(loader).build()) {
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            assertThat(engine.compileCache().classpath().corrupt.get()).isEqualTo(entries.size());
            assertThat(engine.compileCache().classpath().hits.get()).isZero();
        }
    }

    @Test
    void aResourceLargerThanTheBoundIsReadNoFurtherAndNotUsed() throws Exception {
        // an endless stream where an entry should be: reading stops one byte past the bound
        AtomicInteger served = new AtomicInteger();
        ClassLoader endless = new ClassLoader(null) {
            @Override
            protected URL findResource(String name) {
                try {
                    return new URL(null, "endless:" + name, new URLStreamHandler() {
                        @Override
                        protected URLConnection openConnection(URL u) {
                            return new URLConnection(u) {
                                @Override
                                public void connect() {}

                                @Override
                                public InputStream getInputStream() {
                                    return new InputStream() {
                                        @Override
                                        public int read() {
                                            served.incrementAndGet();
                                            return 0x5a;
                                        }
                                    };
                                }
                            };
                        }
                    });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        PrecompiledClasses cp = new PrecompiledClasses(List.of(endless), 4096);
        CompileCache cache = new CompileCache(null, CompileCache.chicoryCompilerVersion(), 1, cp);
        String sha = entries.get(0).getFileName().toString().substring(0, 64);
        assertThat(cache.load(sha)).isEmpty();
        assertThat(cp.corrupt.get()).isEqualTo(1);
        assertThat(served.get()).isEqualTo(4097);
        assertThat(cache.describe(sha)).contains(PrecompiledClasses.PREFIX);
    }

    @Test
    void turnedOffTheClassPathIsNotLookedAt() throws Exception {
        Path dir = tmp.resolve("cache");
        CountingLoader loader = new CountingLoader(new URLClassLoader(
                new URL[] {jarFile("app.jar", false).toUri().toURL()}, null));
        try (Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(dir)
                .precompiledClassesFrom(loader).noPrecompiledClasses().build()) {
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
            assertThat(engine.compileCache().classpath()).isNull();
            assertThat(engine.compileCache().stored.get()).isEqualTo(entries.size());   // compiled
        }
        assertThat(loader.asked.get()).isZero();
        // and on: the same loader is asked
        try (Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache()
                .precompiledClassesFrom(loader).build()) {
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
        }
        assertThat(loader.asked.get()).isEqualTo(entries.size());
    }

    /** The host passes its builder's choice on to its engine: a loader of its own, or none. */
    @Test
    void aHostLooksWhereItsBuilderSaysOrNowhere() throws Exception {
        CountingLoader loader = new CountingLoader(new URLClassLoader(
                new URL[] {jarFile("app.jar", false).toUri().toURL()}, null));
        try (org.wasmcloud4j.host.Host host = org.wasmcloud4j.host.Host.builder().engineMode(Engine.Mode.COMPILED)
                .noCompileCache().precompiledClassesFrom(loader).build()) {
            host.startComponent("hello", "classpath:org/wasmcloud4j/fixtures/" + FIXTURE + ".wasm", 1);
            assertThat(host.invoke("hello", "greet", new org.wasmcloud4j.component.value.Value.Str("jar")))
                    .contains(new org.wasmcloud4j.component.value.Value.Str("Hello, jar!"));
        }
        assertThat(loader.asked.get()).isEqualTo(entries.size());
        try (org.wasmcloud4j.host.Host host = org.wasmcloud4j.host.Host.builder().engineMode(Engine.Mode.COMPILED)
                .noCompileCache().precompiledClassesFrom(loader).noPrecompiledClasses().build()) {
            host.startComponent("hello", "classpath:org/wasmcloud4j/fixtures/" + FIXTURE + ".wasm", 1);
        }
        assertThat(loader.asked.get()).isEqualTo(entries.size());   // not asked again
    }

    @Test
    void theInterpreterDoesNotLookAtTheClassPath() throws Exception {
        CountingLoader loader = new CountingLoader(new URLClassLoader(
                new URL[] {jarFile("app.jar", false).toUri().toURL()}, null));
        try (Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).noCompileCache()
                .precompiledClassesFrom(loader).build()) {
            assertThat(greet(engine)).isEqualTo("Hello, jar!");
        }
        assertThat(loader.asked.get()).isZero();
    }

    @Test
    void precompileFillsTheDirectoryWhateverTheClassPathHas() throws Exception {
        Path dir = tmp.resolve("cache");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile("app.jar", false).toUri().toURL()}, null);
                Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(dir)
                        .precompiledClassesFrom(loader).build()) {
            assertThat(engine.precompile(Fixtures.bytes(FIXTURE)))
                    .allMatch(m -> m.outcome() == PrecompiledModule.Outcome.STORED);
            assertThat(engine.compileCache().classpath().lookups.get()).isZero();
        }
        assertThat(files(dir)).isEqualTo(entries.size());
        try (Engine onlyClassPath = Engine.builder().mode(Engine.Mode.COMPILED).noCompileCache().build()) {
            assertThatThrownBy(() -> onlyClassPath.precompile(Fixtures.bytes(FIXTURE)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no compiled-code cache");
        }
    }

    /** Counts the resources of the precompiled folder it is asked for. */
    private static final class CountingLoader extends ClassLoader {
        final AtomicInteger asked = new AtomicInteger();
        private final ClassLoader delegate;

        CountingLoader(ClassLoader delegate) {
            super(null);
            this.delegate = delegate;
        }

        @Override
        public URL getResource(String name) {
            if (name.startsWith(PrecompiledClasses.PREFIX)) {
                asked.incrementAndGet();
            }
            return delegate.getResource(name);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.startsWith(PrecompiledClasses.PREFIX)) {
                asked.incrementAndGet();
            }
            return delegate.getResourceAsStream(name);
        }
    }

    /**
     * Resources of a jar stored inside another jar, served as URLs of their own scheme whose streams read the inner jar
     * from the outer one: no file of the inner jar or of its entries exists (as with Spring Boot's launcher).
     */
    private static final class NestedJarLoader extends ClassLoader {
        final AtomicInteger opened = new AtomicInteger();
        private final Path outer;
        private final String innerName;

        NestedJarLoader(Path outer, String innerName) {
            super(null);
            this.outer = outer;
            this.innerName = innerName;
        }

        @Override
        protected URL findResource(String name) {
            try {
                if (read(name) == null) {
                    return null;
                }
                return new URL(null, "nested:" + outer + "!/" + innerName + "!/" + name, new URLStreamHandler() {
                    @Override
                    protected URLConnection openConnection(URL u) {
                        return new URLConnection(u) {
                            @Override
                            public void connect() {}

                            @Override
                            public InputStream getInputStream() throws IOException {
                                opened.incrementAndGet();
                                return new ByteArrayInputStream(read(name));
                            }
                        };
                    }
                });
            } catch (IOException e) {
                return null;
            }
        }

        private byte[] read(String name) throws IOException {
            try (JarFile jar = new JarFile(outer.toFile());
                    JarInputStream in = new JarInputStream(jar.getInputStream(jar.getEntry(innerName)))) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    if (e.getName().equals(name)) {
                        return in.readAllBytes();
                    }
                }
                return null;
            }
        }
    }
}
