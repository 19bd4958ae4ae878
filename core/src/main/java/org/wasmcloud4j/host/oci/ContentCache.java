package org.wasmcloud4j.host.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCI content (manifests and blobs) on disk by digest: {@code <root>/sha256/<hex>}. Files are written to a temporary
 * file in the same folder and moved into place, so a reader never sees half a file; every read is hashed again, and
 * a file that does not match its name (or is larger than the caller accepts) is deleted and reported as missing.
 * Failing to write is logged, never fatal: the cache only saves downloads. Safe for concurrent use by several
 * threads and processes.
 */
final class ContentCache {
    private static final Logger LOG = LoggerFactory.getLogger(ContentCache.class);
    private final Path root;

    ContentCache(Path root) {
        this.root = root;
    }

    /** Where the content of {@code digest} ({@code sha256:<hex>}) lives. */
    Path path(String digest) {
        return root.resolve("sha256").resolve(hex(digest));
    }

    /** The content of {@code digest} if it is cached, verified and at most {@code maxSize} bytes. */
    Optional<byte[]> get(String digest, long maxSize) {
        Path file = path(digest);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
            if (b.length > maxSize) {
                LOG.warn("cached {} is over {} bytes; ignored", file, maxSize);
                return Optional.empty();
            }
            String actual = sha256(b);
            if (!actual.equals(digest)) {
                LOG.warn("cached {} hashes to {}, not {}; deleted", file, actual, digest);
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            return Optional.of(b);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read cached {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Stores {@code bytes}, which the caller has verified to hash to {@code digest}. */
    void put(String digest, byte[] bytes) {
        Path file = path(digest);
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), ".partial-", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            LOG.warn("cannot cache {} at {}: {}", digest, file, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** {@code sha256:<hex>} of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String hex(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }
}
