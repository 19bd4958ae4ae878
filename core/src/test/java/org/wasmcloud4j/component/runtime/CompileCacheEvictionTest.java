package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.fixtures.Fixtures;

/** The compiled-code cache's size bound, on real files: least recently used entries go, nothing else does. */
class CompileCacheEvictionTest {
    /** Class bytes per synthetic entry: the entry file is this plus a little framing. */
    private static final int CLASS_BYTES = 10_000;

    @TempDir
    Path tmp;

    private static String sha(int i) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(new byte[] {(byte) i, (byte) (i >> 8), 7}));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompileCache.Entry entry(int i) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        byte[] b = new byte[CLASS_BYTES];
        java.util.Arrays.fill(b, (byte) i);
        classes.put("Main" + i, b);
        return new CompileCache.Entry("Main" + i, classes, Set.of());
    }

    /** The size of one synthetic entry's file. */
    private long entrySize() {
        return new CompileCache(tmp, "1.7.5").encode(entry(0), sha(0)).length;
    }

    private static void age(Path p, Duration ago) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(ago)));
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUsedGoAndALoadCountsAsUse() throws IOException {
        Path dir = tmp.resolve("cache");
        CompileCache cache = new CompileCache(dir, "1.7.5", entrySize() * 7 / 2);   // room for three and a half
        for (int i = 0; i < 3; i++) {
            cache.store(sha(i), entry(i));
        }
        age(cache.entryPath(sha(0)), Duration.ofHours(3));
        age(cache.entryPath(sha(1)), Duration.ofHours(2));
        age(cache.entryPath(sha(2)), Duration.ofHours(1));
        assertThat(cache.evicted.get()).isZero();
        assertThat(cache.load(sha(0))).isPresent();   // the oldest, used again: now the most recent
        cache.store(sha(3), entry(3));
        assertThat(cache.evicted.get()).isEqualTo(1);
        assertThat(cache.entryPath(sha(1))).doesNotExist();   // the least recently used
        assertThat(cache.entryPath(sha(0))).exists();
        assertThat(cache.entryPath(sha(2))).exists();
        assertThat(cache.entryPath(sha(3))).exists();
        assertThat(cache.load(sha(1))).isEmpty();
        assertThat(cache.warnings.get()).isZero();
    }

    @Test
    void entriesOfOtherVersionsCountAndGoFirstWhenOlder() throws IOException {
        Path dir = tmp.resolve("cache");
        CompileCache old = new CompileCache(dir, "1.7.4", Long.MAX_VALUE);
        old.store(sha(0), entry(0));
        age(old.entryPath(sha(0)), Duration.ofDays(30));
        CompileCache cache = new CompileCache(dir, "1.7.5", entrySize() * 3 / 2);
        cache.store(sha(1), entry(1));
        assertThat(old.entryPath(sha(0))).doesNotExist();
        assertThat(cache.entryPath(sha(1))).exists();
    }

    @Test
    void filesThatAreNotEntriesAreNeitherCountedNorDeleted() throws IOException {
        Path dir = tmp.resolve("cache");
        CompileCache cache = new CompileCache(dir, "1.7.5", entrySize() * 5 / 2);   // room for two and a half
        cache.store(sha(0), entry(0));
        byte[] big = new byte[(int) entrySize() * 4];
        List<Path> foreign = new ArrayList<>();
        foreign.add(Files.write(dir.resolve("notes.txt"), big));
        foreign.add(Files.write(dir.resolve(sha(9).toUpperCase() + "-chicory-1.7.5-f1.classes"), big));
        foreign.add(Files.write(dir.resolve(sha(9) + "-chicory-1.7.5-f1.classes.bak"), big));
        foreign.add(Files.write(dir.resolve("x.classes"), big));
        foreign.add(Files.createDirectory(dir.resolve(sha(8) + "-chicory-1.7.5-f1.classes")));
        Path outside = Files.write(tmp.resolve("outside"), big);
        foreign.add(Files.createSymbolicLink(dir.resolve(sha(7) + "-chicory-1.7.5-f1.classes"), outside));
        for (Path p : foreign) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(400))));
        }
        cache.store(sha(1), entry(1));   // two entries: within the bound, whatever else the directory holds
        assertThat(cache.evicted.get()).isZero();
        assertThat(cache.entryPath(sha(0))).exists();

        cache.store(sha(2), entry(2));   // three: the oldest entry goes, and only it
        assertThat(cache.evicted.get()).isEqualTo(1);
        assertThat(foreign).allMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
        assertThat(outside).exists();
        assertThat(Files.readAllBytes(outside)).hasSize(big.length);
    }

    @Test
    void anotherWritersYoungTemporaryFileIsKeptAndAStaleOneIsDeleted() throws IOException {
        Path dir = tmp.resolve("cache");
        CompileCache cache = new CompileCache(dir, "1.7.5", entrySize() * 3 / 2);
        cache.store(sha(0), entry(0));
        byte[] partial = new byte[(int) entrySize()];
        Path young = Files.write(dir.resolve(cache.entryPath(sha(5)).getFileName() + ".123456789.tmp"), partial);
        Path stale = Files.write(dir.resolve(cache.entryPath(sha(6)).getFileName() + ".987654321.tmp"), partial);
        age(young, Duration.ofSeconds(5));
        age(stale, CompileCacheBound.STALE_TEMP_AGE.plusMinutes(1));
        cache.store(sha(1), entry(1));
        assertThat(young).exists();
        assertThat(stale).doesNotExist();
        assertThat(cache.entryPath(sha(0))).doesNotExist();
        assertThat(cache.entryPath(sha(1))).exists();
    }

    @Test
    void theEntryJustStoredIsKeptEvenWhenItAloneExceedsTheBound() {
        Path dir = tmp.resolve("cache");
        CompileCache cache = new CompileCache(dir, "1.7.5", 100);
        cache.store(sha(0), entry(0));
        assertThat(cache.entryPath(sha(0))).exists();
        assertThat(cache.load(sha(0))).isPresent();
        cache.store(sha(1), entry(1));
        assertThat(cache.entryPath(sha(0))).doesNotExist();
        assertThat(cache.entryPath(sha(1))).exists();
        assertThat(cache.load(sha(1))).isPresent();
    }

    @Test
    void twoCachesEvictingInOneDirectoryAtOnceNeitherFailNorOverrun() throws Exception {
        Path dir = tmp.resolve("cache");
        long bound = entrySize() * 3;
        CompileCache a = new CompileCache(dir, "1.7.5", bound);
        CompileCache b = new CompileCache(dir, "1.7.5", bound);
        int perThread = 40;
        CyclicBarrier start = new CyclicBarrier(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                CompileCache c = t % 2 == 0 ? a : b;
                int base = t * perThread;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // half the modules are shared between threads: the same entry written and evicted by both
                        int m = i % 2 == 0 ? i : base + i;
                        c.store(sha(m), entry(m));
                        c.load(sha(m));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);   // rethrows whatever a thread threw
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.evicted.get() + b.evicted.get()).isPositive();
        assertThat(a.warnings.get() + b.warnings.get()).isZero();
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                assertThat(p.getFileName().toString()).doesNotEndWith(".tmp");
                total += Files.size(p);
            }
        }
        assertThat(total).isLessThanOrEqualTo(bound);
    }

    @Test
    void aReadOnlyDirectoryWithEntriesThatCannotBeTouchedStillServesThem() throws Exception {
        Path dir = tmp.resolve("cache");
        CompileCache filler = new CompileCache(dir, "1.7.5", entrySize() * 2);
        filler.store(sha(0), entry(0));
        filler.store(sha(1), entry(1));
        Path e0 = filler.entryPath(sha(0));
        FileTime before = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(e0, before);
        Files.setPosixFilePermissions(e0, PosixFilePermissions.fromString("r--------"));
        boolean immutable = CompileCacheTest.makeReadOnly(dir);
        boolean fileImmutable = immutable && chattr("+i", e0);
        try {
            CompileCache reader = new CompileCache(dir, "1.7.5", 1);   // over its bound already: nothing to do on loads
            assertThat(reader.load(sha(0))).isPresent();
            assertThat(reader.load(sha(1))).isPresent();
            reader.store(sha(2), entry(2));   // read-only: not stored, nothing evicted
            assertThat(reader.load(sha(2))).isEmpty();
            assertThat(reader.hits.get()).isEqualTo(2);
            assertThat(reader.evicted.get()).isZero();
            assertThat(reader.warnings.get()).isEqualTo(1);   // "read-only", once
            assertThat(e0).exists();
            assertThat(filler.entryPath(sha(1))).exists();
            if (fileImmutable || !isRoot()) {
                assertThat(Files.getLastModifiedTime(e0)).isEqualTo(before);   // the touch failed, the load did not
            }
        } finally {
            if (fileImmutable) {
                chattr("-i", e0);
            }
            if (immutable) {
                chattr("-i", dir);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean chattr(String flag, Path p) throws Exception {
        Process pr = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
        return pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0;
    }

    @Test
    void anEngineWithATinyBoundKeepsOnlyItsLatestModuleAndWorks() throws IOException {
        Path dir = tmp.resolve("cache");
        try (Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(dir).compileCacheMaxBytes(1).build()) {
            List<PrecompiledModule> modules = engine.precompile(Fixtures.bytes("c-hello.command"));
            Assumptions.assumeTrue(modules.size() > 1, "the fixture has one core module");
            assertThat(engine.compileCache().evicted.get()).isEqualTo(modules.size() - 1);
            try (var files = Files.list(dir)) {
                assertThat(files.toList()).containsExactly(engine.compileCache().entryPath(modules.get(modules.size() - 1).sha256()));
            }
        }
    }

    @Test
    void theBoundMustBePositive() {
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> Engine.builder().compileCacheMaxBytes(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("compileCacheMaxBytes").hasMessageContaining(Long.toString(bad));
            assertThatThrownBy(() -> new CompileCache(tmp, "1.7.5", bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> org.wasmcloud4j.host.Host.builder().compileCacheMaxBytes(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Long.toString(bad));
        }
        assertThat(new CompileCache(tmp, "1.7.5").maxBytes()).isEqualTo(1L << 30);
        try (Engine e = Engine.builder().compileCache(tmp).compileCacheMaxBytes(5).build()) {
            assertThat(e.compileCache().maxBytes()).isEqualTo(5);
        }
    }
}
