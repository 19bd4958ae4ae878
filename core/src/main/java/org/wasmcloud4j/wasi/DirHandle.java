package org.wasmcloud4j.wasi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An open directory of a preopen. Where the platform has a {@link SecureDirectoryStream} (Linux, macOS) this holds an
 * open directory descriptor and every operation is relative to it ({@code openat}, {@code fstatat},
 * {@code unlinkat}, {@code renameat} with {@code O_NOFOLLOW} / {@code AT_SYMLINK_NOFOLLOW}): a name is looked up
 * in this very directory, whatever happened to the path it was reached by, and a symbolic link as the name is never
 * followed by the OS. Names passed here are single path components (never {@code /}, {@code .} or {@code ..}).
 *
 * <p>Without a secure directory stream (Windows) the same operations run on host paths with
 * {@link LinkOption#NOFOLLOW_LINKS}: the sandbox's component-wise resolution still holds, but a concurrent rename of
 * a directory on the path can redirect an operation (see {@link #secure()}).
 */
final class DirHandle implements Closeable {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final SecureDirectoryStream<Path> sds;
    /** The host path the directory had when it was opened (stale after a rename; only used where checked). */
    final Path path;
    /** The directory's identity ({@link BasicFileAttributes#fileKey()}), {@code null} where the platform has none. */
    final Object key;

    private DirHandle(SecureDirectoryStream<Path> sds, Path path) throws IOException {
        this.sds = sds;
        this.path = path;
        this.key = attrs().fileKey();
    }

    /** Opens the preopen's root directory (a trusted host path). */
    static DirHandle openRoot(Path root) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (ds instanceof SecureDirectoryStream<Path> s) {
            return new DirHandle(s, root);
        }
        ds.close();
        if (!Files.isDirectory(root, NOFOLLOW)) {
            throw new java.nio.file.NotDirectoryException(root.toString());
        }
        return new DirHandle(null, root);
    }

    /** Whether operations are relative to an open directory descriptor (race-free), not to host paths. */
    boolean secure() {
        return sds != null;
    }

    private static Path name(String name) {
        return Path.of(name);
    }

    /** The sub-directory {@code name}, opened without following a link ({@code ELOOP} on one). */
    DirHandle openDir(String name) throws IOException {
        if (sds != null) {
            SecureDirectoryStream<Path> sub = sds.newDirectoryStream(name(name), LinkOption.NOFOLLOW_LINKS);
            try {
                return new DirHandle(sub, path.resolve(name));
            } catch (IOException | RuntimeException e) {
                sub.close();
                throw e;
            }
        }
        Path p = path.resolve(name);
        if (!Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(p.toString());
        }
        return new DirHandle(null, p);
    }

    /** This directory once more (a new descriptor of the same directory). */
    DirHandle reopen() throws IOException {
        if (sds != null) {
            SecureDirectoryStream<Path> again = sds.newDirectoryStream(name("."), LinkOption.NOFOLLOW_LINKS);
            return new DirHandle(again, path);
        }
        return new DirHandle(null, path);
    }

    /** Opens the file {@code name} with {@code options} plus {@code NOFOLLOW_LINKS} ({@code ELOOP} on a link). */
    FileChannel openFile(String name, Set<OpenOption> options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(options);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (sds != null) {
            return (FileChannel) sds.newByteChannel(name(name), opts);
        }
        return FileChannel.open(path.resolve(name), opts);
    }

    /** The attributes of {@code name} itself (a link is not followed). */
    BasicFileAttributes attrs(String name) throws IOException {
        if (sds != null) {
            return sds.getFileAttributeView(name(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }
        return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NOFOLLOW);
    }

    /** The attributes of this directory. */
    BasicFileAttributes attrs() throws IOException {
        if (sds != null) {
            return sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
        }
        return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    }

    /**
     * Unix attributes ({@code nlink}, {@code ctime}) of {@code name} ({@code null} for this directory), read by host
     * path and kept only if the object read is the one with identity {@code expectedKey}; else {@code null}.
     */
    Map<String, Object> unixAttrs(String name, Object expectedKey) {
        if (expectedKey == null) {
            return null;
        }
        try {
            Map<String, Object> m = Files.readAttributes(name == null ? path : path.resolve(name),
                    "unix:fileKey,nlink,ctime", NOFOLLOW);
            return expectedKey.equals(m.get("fileKey")) ? m : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Sets the times of {@code name} (a regular file or directory; a link is not followed: {@code ELOOP}). */
    void setTimes(String name, FileTime modified, FileTime accessed) throws IOException {
        if (sds != null) {
            sds.getFileAttributeView(name(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, accessed, null);
            return;
        }
        Files.getFileAttributeView(path.resolve(name), BasicFileAttributeView.class, NOFOLLOW)
                .setTimes(modified, accessed, null);
    }

    /** Sets this directory's times. */
    void setTimes(FileTime modified, FileTime accessed) throws IOException {
        if (sds != null) {
            sds.getFileAttributeView(BasicFileAttributeView.class).setTimes(modified, accessed, null);
            return;
        }
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(modified, accessed, null);
    }

    /** Removes the file or link {@code name} ({@code unlinkat}). */
    void deleteFile(String name) throws IOException {
        if (sds != null) {
            sds.deleteFile(name(name));
            return;
        }
        if (Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
            throw new java.nio.file.FileSystemException(path.resolve(name).toString(), null, "Is a directory");
        }
        Files.delete(path.resolve(name));
    }

    /** Removes the empty directory {@code name} ({@code unlinkat(AT_REMOVEDIR)}). */
    void deleteDirectory(String name) throws IOException {
        if (sds != null) {
            sds.deleteDirectory(name(name));
            return;
        }
        if (!Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(path.resolve(name).toString());
        }
        Files.delete(path.resolve(name));
    }

    /** Renames {@code name} to {@code toName} in {@code to} ({@code renameat}; an existing target is replaced). */
    void move(String name, DirHandle to, String toName) throws IOException {
        if (sds != null && to.sds != null) {
            sds.move(name(name), to.sds, name(toName));
            return;
        }
        Files.move(path.resolve(name), to.path.resolve(toName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The names in this directory, without {@code .} and {@code ..}, read from a new descriptor of it. */
    Entries entries() throws IOException {
        if (sds != null) {
            return new Entries(sds.newDirectoryStream(name("."), LinkOption.NOFOLLOW_LINKS), this);
        }
        return new Entries(Files.newDirectoryStream(path), this);
    }

    /** A listing of a directory, name by name; close it when done. */
    static final class Entries implements Closeable {
        private final DirectoryStream<Path> stream;
        private final Iterator<Path> it;
        final DirHandle dir;

        Entries(DirectoryStream<Path> stream, DirHandle dir) {
            this.stream = stream;
            this.it = stream.iterator();
            this.dir = dir;
        }

        /** The next name, or {@code null} at the end. */
        String next() throws IOException {
            try {
                return it.hasNext() ? it.next().getFileName().toString() : null;
            } catch (java.nio.file.DirectoryIteratorException e) {
                throw e.getCause();
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    @Override
    public void close() {
        if (sds != null) {
            try {
                sds.close();
            } catch (IOException e) {
                // closing a directory descriptor does not fail in a way anyone could act on
            }
        }
    }

    /** Whether this is the directory with identity {@code other} (by file key; by real path without keys). */
    boolean isSame(DirHandle other) {
        return key != null ? Objects.equals(key, other.key) : path.equals(other.path);
    }
}
