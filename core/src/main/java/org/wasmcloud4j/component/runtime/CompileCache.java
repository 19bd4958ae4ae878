package org.wasmcloud4j.component.runtime;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chicory's compiler output for core modules, kept on disk between runs: one file per module, named by the module's
 * SHA-256, the Chicory compiler version and this format's version, so that another module, another compiler or
 * another format is simply a miss.
 *
 * <p>An entry is the generated classes and a CRC-32C checksum of everything before it (a checksum against torn and
 * corrupted files, cheap on a cold JVM where a SHA-256 of a 21 MB entry took 100 ms; the entry's name and the key
 * inside it carry the module's SHA-256). It is written to a temporary file in
 * the directory and moved over the entry atomically, so a reader sees a whole entry or none, and two processes
 * writing the same entry at once both succeed (the last move wins; both wrote the same classes). On load the file is
 * read once into memory, its checksum verified, and the classes are defined from those verified bytes — never from
 * the file again, so it cannot be swapped between the check and the use. A mismatch (a torn or tampered entry) is a
 * miss: the module is compiled again and the entry replaced, with one warning per cache.
 *
 * <p>Trust: whoever can write the directory can run code in this JVM (the checksum detects corruption, it does not
 * authenticate). The directory is created readable and writable by its owner only, and a directory that is not
 * owned by the current user or is writable by group or others is not used at all (POSIX file systems; said once).
 * A directory that cannot be written is used for reading only, said once; compilation then happens every run.
 *
 * <p>Size: after each store, if the entries in the directory take more than {@link #maxBytes()} together, the least
 * recently used ones are deleted until they fit ({@link CompileCacheBound}); "used" is the file's last-modified time,
 * which a load sets to now (when it can: a load from a read-only directory works the same, it only does not count as
 * use).
 * <p>Class path tier: a cache may also look for entries on the class path first ({@link PrecompiledClasses}: an
 * application's build-time compiled classes), read-only; a hit there does not read the directory. A cache may have
 * only that tier and no directory ({@link #directory()} {@code null}): then nothing is stored.
 * Thread-safe.
 */
final class CompileCache {
    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);

    /** Bumped whenever the entry layout or what goes into it changes: old entries become misses. */
    static final int FORMAT_VERSION = 3;
    private static final int MAGIC = 0x5734_4a43; // "W4JC"
    private static final int CHECKSUM_LENGTH = 4;
    /** Largest entry read back (the 12 MB SpiderMonkey module compiles to well under this). */
    static final long MAX_ENTRY_BYTES = 1L << 30;
    /** The default bound of the entries' total size: 1 GiB. */
    static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** {@code null} for a cache that only has the class path tier. */
    private final Path dir;
    private final String compilerVersion;
    /** {@code null} without a directory. */
    private final CompileCacheBound bound;
    /** Entries on the class path, looked at before the directory; {@code null} for none. */
    private final PrecompiledClasses classpath;
    /** Where the entries found on the class path came from, by module (log messages). */
    private final java.util.concurrent.ConcurrentHashMap<String, String> foundOnClassPath =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean warnedCorrupt = new AtomicBoolean();
    private final AtomicBoolean warnedUnwritable = new AtomicBoolean();
    private final AtomicBoolean warnedUnusable = new AtomicBoolean();
    private volatile boolean writable = true;
    /** What happened so far (tests, diagnostics). */
    final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger misses = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger corrupt = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger stored = new java.util.concurrent.atomic.AtomicInteger();
    /** Files deleted to keep the cache within its bound (by {@link CompileCacheBound}). */
    final java.util.concurrent.atomic.AtomicInteger evicted = new java.util.concurrent.atomic.AtomicInteger();
    /** One-time warnings given: a corrupt entry, an unwritable directory, an unusable directory. */
    final java.util.concurrent.atomic.AtomicInteger warnings = new java.util.concurrent.atomic.AtomicInteger();
    /** Null until the directory has been checked; then whether it may be used at all. */
    private volatile Boolean usable;

    CompileCache(Path dir, String compilerVersion) {
        this(dir, compilerVersion, DEFAULT_MAX_BYTES);
    }

    /**
     * A cache whose entries take at most {@code maxBytes} together (see the class comment).
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     */
    CompileCache(Path dir, String compilerVersion, long maxBytes) {
        this(dir, compilerVersion, maxBytes, null);
    }

    /**
     * A cache in {@code dir} ({@code null}: none) that first looks on the class path ({@code classpath}; {@code null}:
     * not).
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive, or there is neither a directory nor a
     *     class path tier
     */
    CompileCache(Path dir, String compilerVersion, long maxBytes, PrecompiledClasses classpath) {
        if (dir == null && classpath == null) {
            throw new IllegalArgumentException("a compiled-code cache needs a directory or the class path");
        }
        this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
        this.compilerVersion = compilerVersion;
        this.bound = dir == null ? null : new CompileCacheBound(this.dir, maxBytes, evicted);
        this.classpath = classpath;
    }

    /** A cache in {@code dir} for the Chicory compiler on the class path; empty if its version cannot be told. */
    static Optional<CompileCache> forCompilerOnClassPath(Path dir) {
        return forCompilerOnClassPath(dir, DEFAULT_MAX_BYTES);
    }

    /** As {@link #forCompilerOnClassPath(Path)}, with entries bounded to {@code maxBytes} together. */
    static Optional<CompileCache> forCompilerOnClassPath(Path dir, long maxBytes) {
        return forCompilerOnClassPath(dir, maxBytes, null);
    }

    /**
     * As {@link #forCompilerOnClassPath(Path)}, with entries bounded to {@code maxBytes} together and looked for on
     * the class path first; {@code dir} or {@code classpath} may be {@code null} (not both).
     */
    static Optional<CompileCache> forCompilerOnClassPath(Path dir, long maxBytes, PrecompiledClasses classpath) {
        String v = chicoryCompilerVersion();
        if (v == null) {
            LOG.warn("compiled-code cache disabled: the Chicory compiler's version cannot be read from its jar "
                    + "(META-INF/maven/com.dylibso.chicory/compiler/pom.properties), so entries could not be told "
                    + "apart from another version's");
            return Optional.empty();
        }
        return Optional.of(new CompileCache(dir, v, maxBytes, classpath));
    }

    /** {@code $XDG_CACHE_HOME/wasmcloud4j/compiled}, else {@code ~/.cache/wasmcloud4j/compiled}. */
    static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("wasmcloud4j").resolve("compiled");
    }

    static String chicoryCompilerVersion() {
        try (InputStream in = com.dylibso.chicory.compiler.MachineFactoryCompiler.class
                .getResourceAsStream("/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() ? null : v.trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** The cache directory; {@code null} for a cache that only looks on the class path. */
    Path directory() {
        return dir;
    }

    /** The class path tier; {@code null} when the class path is not looked at. */
    PrecompiledClasses classpath() {
        return classpath;
    }

    String compilerVersion() {
        return compilerVersion;
    }

    /** The most bytes the entries may take together before the least recently used are deleted. */
    long maxBytes() {
        return bound == null ? 0 : bound.maxBytes();
    }

    /**
     * The compiled classes of a module: the main class, all classes by binary name, the functions left interpreted,
     * and the module Chicory parses with those classes (split, compiled functions' bodies stubbed; empty when not
     * kept). Arrays are not copied: entries are made once and only read.
     */
    record Entry(String mainClass, Map<String, byte[]> classes, Set<Integer> interpreted, byte[] module) {
        Entry {
            classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
            interpreted = Collections.unmodifiableSet(new TreeSet<>(interpreted));
            java.util.Objects.requireNonNull(module, "module");
        }

        /** An entry that keeps no module. */
        Entry(String mainClass, Map<String, byte[]> classes, Set<Integer> interpreted) {
            this(mainClass, classes, interpreted, new byte[0]);
        }
    }

    /** The file holding the entry of the module whose SHA-256 is {@code sha256Hex} (requires a directory). */
    Path entryPath(String sha256Hex) {
        return dir.resolve(entryFileName(sha256Hex));
    }

    /**
     * The name of the entry file of the module whose SHA-256 is {@code sha256Hex}, in a directory and on the class
     * path alike.
     */
    String entryFileName(String sha256Hex) {
        return sha256Hex + "-chicory-" + safe(compilerVersion) + "-f" + FORMAT_VERSION + ".classes";
    }

    /** Where the entry of module {@code sha256Hex} was or would be read from, for log messages. */
    String describe(String sha256Hex) {
        String cp = foundOnClassPath.get(sha256Hex);
        return cp != null ? cp : dir != null ? entryPath(sha256Hex).toString()
                : PrecompiledClasses.PREFIX + entryFileName(sha256Hex) + " (class path)";
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The entry of module {@code sha256Hex}, verified; empty on a miss, a corrupt entry or an unusable directory. A hit
     * sets the entry's last-modified time to now, marking it used (see the class comment).
     */
    Optional<Entry> load(String sha256Hex) {
        long start = System.nanoTime();
        Optional<Entry> e = read(sha256Hex);
        Recording r = RECORDING.get();
        if (r != null) {
            r.loaded(sha256Hex, e.isPresent(), start);
        }
        return e;
    }

    private Optional<Entry> read(String sha256Hex) {
        // precompile fills the directory: it does not take modules from the class path
        if (classpath != null && RECORDING.get() == null) {
            Optional<PrecompiledClasses.Found> f = classpath.load(entryFileName(sha256Hex), b -> decode(b, sha256Hex));
            if (f.isPresent()) {
                foundOnClassPath.put(sha256Hex, f.get().where());
                return Optional.of(f.get().entry());
            }
        }
        if (!usable()) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        Path p = entryPath(sha256Hex);
        byte[] bytes;
        try {
            if (Files.size(p) > MAX_ENTRY_BYTES) {
                corrupt(p, "larger than " + MAX_ENTRY_BYTES + " bytes");
                return Optional.empty();
            }
            bytes = Files.readAllBytes(p);   // read once: everything below works on these bytes only
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException | OutOfMemoryError e) {
            LOG.debug("compiled-code cache entry {} could not be read: {}", p, e.toString());
            misses.incrementAndGet();
            return Optional.empty();
        }
        try {
            Entry e = decode(bytes, sha256Hex);
            hits.incrementAndGet();
            touch(p);
            return Optional.of(e);
        } catch (CorruptEntry e) {
            corrupt(p, e.getMessage());
            return Optional.empty();
        }
    }

    /** Marks an entry used for eviction; a file or directory that cannot be changed only loses that mark. */
    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            LOG.debug("compiled-code cache entry {} could not be marked used: {}", p, e.toString());
        }
    }

    private void corrupt(Path p, String why) {
        corrupt.incrementAndGet();
        misses.incrementAndGet();
        if (warnedCorrupt.compareAndSet(false, true)) {
            warnings.incrementAndGet();
            LOG.warn("compiled-code cache entry {} is corrupt ({}): compiling the module again and replacing it", p, why);
        } else {
            LOG.debug("compiled-code cache entry {} is corrupt ({})", p, why);
        }
    }

    /**
     * Stores {@code entry} for module {@code sha256Hex}, atomically, then deletes least recently used entries while
     * the cache exceeds its bound; failures only make later runs compile again.
     */
    void store(String sha256Hex, Entry entry) {
        boolean done = write(sha256Hex, entry);
        Recording r = RECORDING.get();
        if (r != null) {
            r.stored(sha256Hex, done);
        }
        if (done && bound != null) {
            bound.evict(entryPath(sha256Hex));
        }
    }

    private boolean write(String sha256Hex, Entry entry) {
        if (!usable() || !writable) {
            return false;
        }
        byte[] bytes = encode(entry, sha256Hex);
        Path target = entryPath(sha256Hex);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                unwritable("the file system cannot replace files atomically");
                return false;
            }
            tmp = null;
            stored.incrementAndGet();
            return true;
        } catch (IOException e) {
            unwritable(e.toString());
            return false;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file only takes space; it is never read as an entry
                }
            }
        }
    }

    // ------------------------------------------------------------ what happened to each module (Engine.precompile)

    private static final ThreadLocal<Recording> RECORDING = new ThreadLocal<>();

    /**
     * Runs {@code action} on this thread and returns what this cache did for each module it was asked for meanwhile,
     * in order: found, or compiled and stored (or not). Calls on other threads are not recorded.
     */
    java.util.List<PrecompiledModule> recording(Runnable action) {
        Recording r = new Recording();
        Recording outer = RECORDING.get();
        RECORDING.set(r);
        try {
            action.run();
        } finally {
            RECORDING.set(outer);
        }
        return r.result();
    }

    /** The modules of one {@link #recording} call: a miss waits for its store, which ends its time. */
    private static final class Recording {
        private final java.util.List<PrecompiledModule> done = new java.util.ArrayList<>();
        private String lastSha;
        private long lastStart;

        void loaded(String sha, boolean hit, long start) {
            lastSha = sha;
            lastStart = start;
            if (hit) {
                done.add(new PrecompiledModule(sha, PrecompiledModule.Outcome.HIT, since(start)));
            }
        }

        void stored(String sha, boolean ok) {
            if (!sha.equals(lastSha)) {
                return;   // not a store following a lookup (not how the loader works; nothing to attribute it to)
            }
            int last = done.size() - 1;
            if (last >= 0 && done.get(last).sha256().equals(sha) && done.get(last).outcome() == PrecompiledModule.Outcome.HIT) {
                done.remove(last);   // a hit whose classes could not be defined, compiled again: the store replaces it
            }
            done.add(new PrecompiledModule(sha, ok ? PrecompiledModule.Outcome.STORED : PrecompiledModule.Outcome.NOT_STORED,
                    since(lastStart)));
            lastSha = null;
        }

        java.util.List<PrecompiledModule> result() {
            return java.util.List.copyOf(done);
        }

        private static java.time.Duration since(long start) {
            return java.time.Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private void unwritable(String why) {
        writable = false;
        if (warnedUnwritable.compareAndSet(false, true)) {
            warnings.incrementAndGet();
            LOG.warn("compiled-code cache directory {} cannot be written ({}): running without storing compiled code, "
                    + "modules are compiled on every start", dir, why);
        }
    }

    /** Whether the directory exists (creating it owner-only if not) and only its owner, the current user, can write it. */
    private boolean usable() {
        if (dir == null) {
            return false;
        }
        Boolean u = usable;
        if (u == null) {
            synchronized (this) {
                u = usable;
                if (u == null) {
                    String why = check();
                    u = why == null;
                    if (why != null && warnedUnusable.compareAndSet(false, true)) {
                        warnings.incrementAndGet();
                        LOG.warn("compiled-code cache directory {} is not used ({}): running without caching", dir, why);
                    }
                    usable = u;
                }
            }
        }
        return u;
    }

    private String check() {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    createOwnerOnly(dir);
                } catch (IOException e) {
                    if (!Files.isDirectory(dir)) {
                        return "it cannot be created: " + e;
                    }
                }
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            if (view != null) {
                PosixFileAttributes a = view.readAttributes();
                String me = System.getProperty("user.name");
                if (me != null && !a.owner().getName().equals(me)) {
                    return "it is owned by " + a.owner().getName() + ", not by the current user " + me
                            + ": whoever can write it can run code in this JVM";
                }
                Set<PosixFilePermission> perms = a.permissions();
                if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return "it is writable by group or others (" + PosixFilePermissions.toString(perms)
                            + "): whoever can write it can run code in this JVM; make it owner-only (chmod 700)";
                }
            }
            if (!Files.isWritable(dir)) {
                writable = false;
                if (warnedUnwritable.compareAndSet(false, true)) {
                    warnings.incrementAndGet();
                    LOG.warn("compiled-code cache directory {} is read-only: entries in it are used, new ones are not "
                            + "stored", dir);
                }
            }
            return null;
        } catch (IOException | SecurityException e) {
            return e.toString();
        }
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        if (Files.getFileStore(parent == null ? dir.getRoot() : parent).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

    // ------------------------------------------------------------ the entry format

    /*
     * magic u32, format u32, key (UTF: "sha256=<hex>;chicory=<version>"), main class (UTF), interpreted count u32 and
     * indices u32, class count u32 and per class: name (UTF), length u32, bytes; the module's length u32 and bytes;
     * then the CRC-32C of all the above (u32).
     */
    byte[] encode(Entry e, String sha256Hex) {
        try {
            ByteArrayOutputStream bout = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bout);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(key(sha256Hex));
            out.writeUTF(e.mainClass());
            out.writeInt(e.interpreted().size());
            for (int i : e.interpreted()) {
                out.writeInt(i);
            }
            out.writeInt(e.classes().size());
            for (Map.Entry<String, byte[]> c : e.classes().entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
            out.writeInt(e.module().length);
            out.write(e.module());
            out.flush();
            out.writeInt(crc32c(bout.toByteArray(), bout.size()));
            return bout.toByteArray();
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);   // a ByteArrayOutputStream does not fail
        }
    }

    private String key(String sha256Hex) {
        return "sha256=" + sha256Hex + ";chicory=" + compilerVersion;
    }

    Entry decode(byte[] bytes, String sha256Hex) throws CorruptEntry {
        if (bytes.length < 8 + CHECKSUM_LENGTH) {
            throw new CorruptEntry("truncated: " + bytes.length + " bytes");
        }
        int body = bytes.length - CHECKSUM_LENGTH;
        if (crc32c(bytes, body) != ByteBuffer.wrap(bytes, body, CHECKSUM_LENGTH).getInt()) {
            throw new CorruptEntry("checksum mismatch");
        }
        Cursor c = new Cursor(bytes, body);
        if (c.u32() != MAGIC) {
            throw new CorruptEntry("not a compiled-code cache entry");
        }
        int format = c.u32();
        if (format != FORMAT_VERSION) {
            throw new CorruptEntry("format " + format + ", expected " + FORMAT_VERSION);
        }
        String key = c.utf();
        if (!key.equals(key(sha256Hex))) {
            throw new CorruptEntry("entry is for " + key + ", expected " + key(sha256Hex));
        }
        String main = c.utf();
        int nInterp = c.count(4);
        Set<Integer> interpreted = new TreeSet<>();
        for (int i = 0; i < nInterp; i++) {
            interpreted.add(c.u32());
        }
        int nClasses = c.count(6);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < nClasses; i++) {
            String name = c.utf();
            int len = c.count(1);
            if (classes.put(name, c.bytes(len)) != null) {
                throw new CorruptEntry("class " + name + " twice");
            }
        }
        byte[] module = c.bytes(c.count(1));
        if (c.pos != body) {
            throw new CorruptEntry((body - c.pos) + " bytes after the module");
        }
        if (!classes.containsKey(main)) {
            throw new CorruptEntry("main class " + main + " missing");
        }
        return new Entry(main, classes, interpreted, module);
    }

    /** The CRC-32C of {@code b}'s first {@code len} bytes. */
    static int crc32c(byte[] b, int len) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, 0, len);
        return (int) crc.getValue();
    }

    /** Why an entry's bytes are not a valid entry. */
    static final class CorruptEntry extends Exception {
        CorruptEntry(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads within {@code limit}; every overrun, negative length or length beyond what remains is a CorruptEntry. */
    private static final class Cursor {
        private final byte[] b;
        private final int limit;
        private int pos;

        Cursor(byte[] b, int limit) {
            this.b = b;
            this.limit = limit;
        }

        int u32() throws CorruptEntry {
            need(4);
            int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        /** A count or length whose items take at least {@code minBytesEach} bytes each. */
        int count(int minBytesEach) throws CorruptEntry {
            int n = u32();
            if (n < 0 || (long) n * minBytesEach > limit - pos) {
                throw new CorruptEntry("count " + Integer.toUnsignedString(n) + " at byte " + (pos - 4)
                        + " exceeds the " + (limit - pos) + " bytes that remain");
            }
            return n;
        }

        String utf() throws CorruptEntry {
            need(2);
            int len = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            pos += 2;
            need(len);
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        byte[] bytes(int len) throws CorruptEntry {
            need(len);
            byte[] out = Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        private void need(int n) throws CorruptEntry {
            if (n > limit - pos) {
                throw new CorruptEntry("truncated at byte " + pos);
            }
        }
    }
}
