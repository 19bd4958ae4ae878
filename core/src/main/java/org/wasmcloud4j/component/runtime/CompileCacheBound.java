package org.wasmcloud4j.component.runtime;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size bound of a {@link CompileCache} directory: after a store, while the entries in the directory take more
 * than {@link #maxBytes} together, the least recently used (oldest last-modified time) are deleted.
 *
 * <p>Only files named like an entry ({@code <sha256>-chicory-<version>-f<format>.classes}, of any version or format:
 * an old version's entries are never hit again, so they age out first) and temporary files of the cache's own name
 * older than {@link #STALE_TEMP_AGE} (left by a writer that died) are counted and deleted; anything else in the
 * directory is neither. Younger temporary files may be another writer's, still being written: they are left alone
 * and counted by that writer once they are entries. The entry just stored is never deleted, even when it alone
 * exceeds the bound. Links and directories are never followed or deleted. Another process evicting in the same
 * directory at the same time is harmless (a file already gone is skipped). The first eviction is logged at INFO (or a
 * failure to delete at WARN), once per cache; the rest at DEBUG. Thread-safe: one eviction at a time per cache.
 */
final class CompileCacheBound {
    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);

    /** A temporary file younger than this may be another writer's, still being written: never deleted. */
    static final Duration STALE_TEMP_AGE = Duration.ofMinutes(1);
    /** The names of entries, of any compiler version and format. */
    private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}-chicory-[A-Za-z0-9._-]+-f[0-9]+\\.classes");
    /** The names of the temporary files {@link CompileCache#store} writes: an entry's name, a number, {@code .tmp}. */
    private static final Pattern TEMP_NAME =
            Pattern.compile("[0-9a-f]{64}-chicory-[A-Za-z0-9._-]+-f[0-9]+\\.classes\\.[0-9]+\\.tmp");

    private final Path dir;
    private final long maxBytes;
    private final AtomicInteger evicted;
    /** Whether the one INFO/WARN line about eviction has been given. */
    private final AtomicBoolean told = new AtomicBoolean();

    /** The bound of {@code dir}'s entries to {@code maxBytes}, counting deletions in {@code evicted}. */
    CompileCacheBound(Path dir, long maxBytes, AtomicInteger evicted) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the compiled-code cache's bound must be positive, got " + maxBytes);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.evicted = evicted;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** A file eviction counts, and may delete unless it is the one to keep. */
    private record Candidate(Path path, long size, long lastUsedMillis, boolean deletable) {}

    /** Deletes least recently used entries while they exceed the bound; never {@code keep}. Failures are logged only. */
    synchronized void evict(Path keep) {
        List<Candidate> files = new ArrayList<>();
        long total = 0;
        long staleBefore = System.currentTimeMillis() - STALE_TEMP_AGE.toMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean entry = ENTRY_NAME.matcher(name).matches();
                if (!entry && !TEMP_NAME.matcher(name).matches()) {
                    continue;   // not ours: never counted, never deleted
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException gone) {
                    continue;   // deleted since the listing (another process evicting), or unreadable
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                long used = a.lastModifiedTime().toMillis();
                if (!entry && used >= staleBefore) {
                    continue;   // another writer's, being written: it counts once it is an entry, by its writer
                }
                files.add(new Candidate(p, a.size(), used, !p.equals(keep)));
                total += a.size();
            }
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            LOG.debug("compiled-code cache directory {} could not be listed for eviction: {}", dir, e.toString());
            return;
        }
        if (total <= maxBytes) {
            return;
        }
        files.sort(Comparator.comparingLong(Candidate::lastUsedMillis).thenComparing(c -> c.path().getFileName().toString()));
        long before = total;
        int deleted = 0;
        for (Candidate c : files) {
            if (total <= maxBytes) {
                break;
            }
            if (!c.deletable()) {
                continue;
            }
            try {
                Files.delete(c.path());
                deleted++;
                evicted.incrementAndGet();
                LOG.debug("compiled-code cache entry {} evicted ({} bytes, last used {})", c.path(), c.size(),
                        Instant.ofEpochMilli(c.lastUsedMillis()));
            } catch (NoSuchFileException gone) {
                // another process evicted it first: its bytes are gone all the same
            } catch (IOException | SecurityException e) {
                tell(true, "compiled-code cache entry {} could not be evicted ({}): the cache may stay above its bound "
                        + "of {} bytes", c.path(), e.toString(), maxBytes);
                continue;
            }
            total -= c.size();
        }
        if (deleted > 0) {
            tell(false, "compiled-code cache directory {} took {} bytes, more than its bound of {}: least recently used "
                    + "entries deleted (now {} bytes; later evictions are logged at DEBUG)", dir, before, maxBytes, total);
        }
    }

    /** The one INFO (or WARN) line about eviction per cache; DEBUG after that. */
    private void tell(boolean warn, String format, Object... args) {
        if (told.compareAndSet(false, true)) {
            if (warn) {
                LOG.warn(format, args);
            } else {
                LOG.info(format, args);
            }
        } else {
            LOG.debug(format, args);
        }
    }
}
