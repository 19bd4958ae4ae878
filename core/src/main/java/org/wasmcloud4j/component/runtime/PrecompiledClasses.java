package org.wasmcloud4j.component.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled code an application ships on its class path, put there at build time (the {@code wasmcloud4j-maven-plugin}
 * goal {@code precompile}, or {@link Engine#precompile} into a directory that is packaged): entries of the
 * {@link CompileCache} format, read-only, as resources named {@value #PREFIX}{@code <entry file name>} — the same file
 * name as in a cache directory ({@code <sha256>-chicory-<version>-f<format>.classes}).
 *
 * <p>Resources are read as streams from the class loaders given, in order, the first that has the resource deciding;
 * never as files, so entries in a plain jar, a directory or a jar nested in another jar (a Spring Boot executable jar)
 * all work. An entry is read once into memory (at most {@link CompileCache#MAX_ENTRY_BYTES}: a longer resource is
 * read no further and not used) and verified by its
 * checksum, like a disk entry; one that fails (torn, tampered, for another module) is a miss, warned about once per
 * engine, and the module is looked up in the cache directory or compiled.
 *
 * <p>Trust: whoever can put resources on the class path can run code in the JVM anyway, so a class path entry is
 * trusted as much as the application's own classes (the checksum detects corruption, it does not authenticate).
 * Thread-safe.
 */
final class PrecompiledClasses {
    private static final Logger LOG = LoggerFactory.getLogger(PrecompiledClasses.class);

    /** Where entries are looked for: a resource folder, relative to the class path's roots. */
    static final String PREFIX = "META-INF/wasmcloud4j/compiled/";

    private final List<ClassLoader> loaders;
    /** Largest entry read; a larger resource is corrupt (its bytes beyond this are never read). */
    private final int maxEntryBytes;
    private final AtomicBoolean warnedCorrupt = new AtomicBoolean();
    /** What happened so far (tests, diagnostics): resources looked for, found and verified, found but corrupt. */
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger hits = new AtomicInteger();
    final AtomicInteger corrupt = new AtomicInteger();
    /** One-time warnings given (a corrupt entry). */
    final AtomicInteger warnings = new AtomicInteger();

    /** Entries from {@code loaders}, in order (duplicates are looked in once). */
    PrecompiledClasses(List<ClassLoader> loaders) {
        this(loaders, (int) CompileCache.MAX_ENTRY_BYTES);
    }

    /** As {@link #PrecompiledClasses(List)}, reading entries of at most {@code maxEntryBytes} (tests). */
    PrecompiledClasses(List<ClassLoader> loaders, int maxEntryBytes) {
        if (maxEntryBytes <= 0 || maxEntryBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxEntryBytes must be 1.." + (Integer.MAX_VALUE - 1));
        }
        this.maxEntryBytes = maxEntryBytes;
        this.loaders = loaders.stream().distinct().toList();
        if (this.loaders.isEmpty()) {
            throw new IllegalArgumentException("no class loader to look for precompiled classes in");
        }
    }

    /** Decodes and verifies an entry's bytes (the cache's own format and checks). */
    interface Decoder {
        CompileCache.Entry decode(byte[] bytes) throws CompileCache.CorruptEntry;
    }

    /** A found entry and where it was found (for log messages). */
    record Found(CompileCache.Entry entry, String where) {}

    /**
     * The verified entry named {@code fileName} on the class path; empty when no loader has it, it cannot be read, or
     * it is corrupt (warned once).
     */
    Optional<Found> load(String fileName, Decoder decoder) {
        lookups.incrementAndGet();
        String name = PREFIX + fileName;
        for (ClassLoader loader : loaders) {
            URL url;
            byte[] bytes;
            try {
                url = loader.getResource(name);
                if (url == null) {
                    continue;
                }
                try (InputStream in = url.openStream()) {
                    bytes = in.readNBytes(maxEntryBytes + 1);   // one more tells a larger resource
                }
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                LOG.debug("precompiled classes {} could not be read: {}", name, e.toString());
                return Optional.empty();
            }
            if (bytes.length > maxEntryBytes) {
                corrupt(url, "larger than " + maxEntryBytes + " bytes");
                return Optional.empty();
            }
            try {
                CompileCache.Entry e = decoder.decode(bytes);
                hits.incrementAndGet();
                return Optional.of(new Found(e, "class path resource " + url));
            } catch (CompileCache.CorruptEntry e) {
                corrupt(url, e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void corrupt(URL url, String why) {
        corrupt.incrementAndGet();
        if (warnedCorrupt.compareAndSet(false, true)) {
            warnings.incrementAndGet();
            LOG.warn("precompiled classes {} on the class path are corrupt ({}): not used, the module is taken from the "
                    + "compiled-code cache or compiled; rebuild the application", url, why);
        } else {
            LOG.debug("precompiled classes {} on the class path are corrupt ({})", url, why);
        }
    }
}
