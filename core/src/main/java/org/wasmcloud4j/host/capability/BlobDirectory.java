package org.wasmcloud4j.host.capability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.host.HostException;

/**
 * A blobstore on a directory: each container is a subdirectory of the root, each object a file in it. This is the
 * storage under the host's {@code wasi:blobstore} ({@link BlobstoreCapability}) and under a blobstore served to the
 * lattice over wRPC; every name comes from a guest or a peer, so none can reach outside the root:
 *
 * <ul>
 *   <li>Names map to paths as {@link BlobNames} says (one segment per container; {@code /} separates folders of an
 *       object name; empty, {@code .} and {@code ..} segments, NUL, {@code \} and over-long names are refused with an
 *       {@link IllegalArgumentException} naming the name and the reason).</li>
 *   <li>Symbolic links are never made here; ones someone else placed under the root do not lead outside it: a
 *       container directory that is a link is no container, a link inside one is no object, and an object path
 *       through a link to outside its container is refused.</li>
 *   <li>A value is written to a fresh file in the staging directory {@value BlobstoreCapability#STAGING}, synced, and
 *       renamed over the object in one atomic step: readers see the old object or the new one, never part of one;
 *       a write that fails stores nothing.</li>
 *   <li>Reads open the file at once, so the bytes stay readable if the object is replaced or deleted later (on POSIX
 *       file systems). Offsets are inclusive, as in {@code wasi:blobstore}; an end past the object is cut to it.</li>
 *   <li>Deleting a container renames it into the staging directory first, so it disappears at once and whole;
 *       deleting a container or an object that does not exist succeeds, creating one that exists too.</li>
 * </ul>
 *
 * Failures are {@link HostException}s whose messages name the container and object (and never the root's path) or
 * {@link IOException}s of the file system. Thread-safe.
 */
public final class BlobDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(BlobDirectory.class);

    /** Metadata of an object: its size in bytes and its creation time in seconds since the Unix epoch. */
    public record ObjectInfo(long size, long createdAt) {}

    /** A container: its name and directory. */
    record Container(String name, Path dir) {}

    /** A refusal whose message is the blobstore's error text. */
    static final class Refused extends HostException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final Supplier<Path> root;

    BlobDirectory(Supplier<Path> root) {
        this.root = root;
    }

    /**
     * The blobstore on directory {@code root}, which is created if missing.
     *
     * @throws IllegalArgumentException if it cannot be created or is not a directory
     */
    public static BlobDirectory of(Path root) {
        Path r = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        try {
            Files.createDirectories(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("blobstore root " + r + " cannot be created or is not a directory: "
                    + e, e);
        }
        return new BlobDirectory(() -> r);
    }

    /** The root directory. */
    public Path root() {
        return root.get();
    }

    // ---------------------------------------------------------------------------------------- containers

    /**
     * Creates container {@code name}; one that exists is left as it is. A symbolic link of that name that someone
     * placed under the root is refused (it is no container).
     */
    public void createContainer(String name) throws IOException {
        Path dir = container(name, false).dir();
        if (Files.isSymbolicLink(dir)) {
            throw new Refused("container '" + name + "' is a symbolic link, not a container");
        }
        Files.createDirectories(dir);
    }

    /** Deletes container {@code name} and all its objects at once; one that does not exist is no error. */
    public void deleteContainer(String name) throws IOException {
        Container c = container(name, false);
        Path trash = staging().resolve("deleted-" + UUID.randomUUID());
        try {
            Files.move(c.dir(), trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        deleteTree(trash);
    }

    /** Whether container {@code name} exists. */
    public boolean containerExists(String name) {
        return Files.isDirectory(container(name, false).dir(), LinkOption.NOFOLLOW_LINKS);
    }

    /** The creation time of container {@code name}, in seconds since the Unix epoch. */
    public long containerCreatedAt(String name) throws IOException {
        return createdAt(container(name, true).dir());
    }

    /** Deletes every object of container {@code name}; the container stays. */
    public void clearContainer(String name) throws IOException {
        clear(container(name, true));
    }

    /**
     * The names of the objects in container {@code name}, walked lazily in no particular order; close the stream
     * (it holds directory handles).
     */
    public Stream<String> listObjects(String name) throws IOException {
        Container c = container(name, true);
        return Files.walk(c.dir()).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .map(p -> BlobNames.objectName(c.dir(), p));
    }

    // ------------------------------------------------------------------------------------------- objects

    /** Whether object {@code object} of container {@code container} exists. */
    public boolean hasObject(String container, String object) throws IOException {
        return Files.isRegularFile(object(container(container, false), object), LinkOption.NOFOLLOW_LINKS);
    }

    /** The size and creation time of an object. */
    public ObjectInfo objectInfo(String container, String object) throws IOException {
        Container c = container(container, true);
        BasicFileAttributes a = attributes(object(c, object), c, object);
        return new ObjectInfo(a.size(), a.creationTime().to(TimeUnit.SECONDS));
    }

    /** Deletes the objects; every name is checked before anything is deleted; missing ones are no error. */
    public void deleteObjects(String container, List<String> objects) throws IOException {
        Container c = container(container, false);
        for (String o : objects) {
            BlobNames.objectFile(c.dir(), c.name(), o);
        }
        for (String o : objects) {
            delete(c, o);
        }
    }

    /** Copies an object (atomically replacing the destination). */
    public void copyObject(String srcContainer, String srcObject, String destContainer, String destObject)
            throws IOException {
        Transfer t = transfer(srcContainer, srcObject, destContainer, destObject);
        if (!t.src().equals(t.dest())) {
            Path temp = Files.createTempFile(staging(), "copy-", ".part");
            try {
                Files.copy(t.src(), temp, StandardCopyOption.REPLACE_EXISTING);
                commit(temp, t.dest(), t.destDir().dir(), what(destContainer, destObject));
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Moves an object (atomically replacing the destination). */
    public void moveObject(String srcContainer, String srcObject, String destContainer, String destObject)
            throws IOException {
        Transfer t = transfer(srcContainer, srcObject, destContainer, destObject);
        if (!t.src().equals(t.dest())) {
            commit(t.src(), t.dest(), t.destDir().dir(), what(destContainer, destObject));
            pruneEmptyParents(t.src(), t.srcDir().dir());
        }
    }

    /** The files and containers of a copy or move: both containers exist, the source object too. */
    private record Transfer(Container srcDir, Path src, Container destDir, Path dest) {}

    private Transfer transfer(String srcContainer, String srcObject, String destContainer, String destObject)
            throws IOException {
        Container sc = container(srcContainer, true);
        Container dc = container(destContainer, true);
        return new Transfer(sc, existingObject(sc, srcObject), dc, object(dc, destObject));
    }

    /**
     * The bytes {@code start} to {@code end} (inclusive; an end past the object is cut to its end) of an object. The
     * file is open when this returns; close the stream.
     */
    public InputStream read(String container, String object, long start, long end) throws IOException {
        Range r = openRange(container(container, true), object, start, end);
        return new BlobstoreCapability.RangeInput(r.channel(), r.offset(), r.length());
    }

    /** An open file and the byte range of it asked for; {@code what} names the object in errors. */
    record Range(FileChannel channel, long offset, long length, String what) {}

    /** Opens bytes {@code start} to {@code end} (inclusive, cut to the object) of {@code object} in {@code c}. */
    Range openRange(Container c, String object, long start, long end) throws IOException {
        String what = what(c.name(), object);
        if (Long.compareUnsigned(start, end) > 0) {
            throw new Refused(what + ": start " + Long.toUnsignedString(start) + " is after end "
                    + Long.toUnsignedString(end));
        }
        FileChannel ch = open(c, object);
        try {
            long size = ch.size();
            if (Long.compareUnsigned(start, size) > 0) {
                throw new Refused(what + ": start " + Long.toUnsignedString(start) + " is past its end (" + size
                        + " bytes)");
            }
            long stop = Long.compareUnsigned(end, size) >= 0 ? size : end + 1;   // [start, min(end, size - 1)]
            return new Range(ch, start, stop - start, what);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Stores the bytes of {@code data}, read to its end, as an object, replacing any object of that name in one
     * atomic step. When reading {@code data} fails, nothing is stored and the failure is thrown.
     */
    public void write(String container, String object, InputStream data) throws IOException {
        Container c = container(container, false);
        Path dest = object(c, object);   // refuse a bad name before reading anything
        Path temp = Files.createTempFile(staging(), "value-", ".part");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                data.transferTo(java.nio.channels.Channels.newOutputStream(ch));
                ch.force(true);
            }
            existing(c);
            commit(temp, dest, c.dir(), what(c.name(), object));
        } finally {
            Files.deleteIfExists(temp);   // gone already when committed
        }
    }

    // ---------------------------------------------------------------------------------- shared internals

    /** Container {@code name}; with {@code mustExist}, a refusal when its directory is missing. */
    Container container(String name, boolean mustExist) {
        Container c = new Container(name, BlobNames.containerDir(root(), name));
        return mustExist ? existing(c) : c;
    }

    static Container existing(Container c) {
        if (!Files.isDirectory(c.dir(), LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("container '" + c.name() + "' does not exist");
        }
        return c;
    }

    Path staging() throws IOException {
        return Files.createDirectories(root().resolve(BlobstoreCapability.STAGING));
    }

    static String what(String container, String object) {
        return "object '" + BlobNames.printable(object) + "' in container '" + BlobNames.printable(container) + "'";
    }

    void clear(Container c) throws IOException {
        try (Stream<Path> children = Files.list(c.dir())) {
            for (Path p : (Iterable<Path>) children::iterator) {
                deleteTree(p);
            }
        }
    }

    private static Path existingObject(Container c, String name) throws IOException {
        Path file = object(c, name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(what(c.name(), name) + " does not exist");
        }
        return file;
    }

    /** Renames {@code from} over {@code to} (in container directory {@code dir}) in one step, creating folders. */
    static void commit(Path from, Path to, Path dir, String what) throws IOException {
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(what + ": the name is a folder of other objects");
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createDirectories(to.getParent());
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (FileAlreadyExistsException e) {
                String file = e.getFile() == null ? "a parent" : "'" + BlobNames.objectName(dir, Path.of(e.getFile()))
                        + "'";
                throw new Refused(what + ": " + file + " is an object, not a folder");
            } catch (NoSuchFileException e) {
                if (attempt == 2 || !Files.exists(from)) {
                    throw e;   // a concurrent delete kept removing the parent, or the source is gone
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new Refused(what + ": the blobstore root spans file systems (" + e.getMessage() + ")");
            }
        }
    }

    void delete(Container c, String name) throws IOException {
        Path file = object(c, name);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(file);
            pruneEmptyParents(file, c.dir());
        }
    }

    /** Removes the now empty subdirectories between {@code file} and the container directory {@code dir}. */
    static void pruneEmptyParents(Path file, Path dir) {
        for (Path p = file.getParent(); p != null && p.startsWith(dir) && !p.equals(dir); p = p.getParent()) {
            try {
                Files.delete(p);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                LOG.debug("blobstore: could not remove the empty directory {}", p, e);
                return;
            }
        }
    }

    FileChannel open(Container c, String name) throws IOException {
        Path file = existingObject(c, name);
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new Refused(what(c.name(), name) + " does not exist");
        }
    }

    /**
     * The file of object {@code name} in {@code c} ({@link BlobNames#objectFile}), also refused when a symbolic link
     * someone placed in the container's directory would lead it outside.
     */
    static Path object(Container c, String name) throws IOException {
        Path file = BlobNames.objectFile(c.dir(), c.name(), name);
        Path existing = file.getParent();
        while (existing != null && !existing.equals(c.dir()) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && !existing.equals(c.dir()) && Files.exists(c.dir(), LinkOption.NOFOLLOW_LINKS)
                && !existing.toRealPath().startsWith(c.dir().toRealPath())) {
            throw new Refused(what(c.name(), name) + ": a symbolic link in its path leads outside the container");
        }
        return file;
    }

    static BasicFileAttributes attributes(Path file, Container c, String name) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attrs.isRegularFile()) {
                return attrs;
            }
        } catch (NoSuchFileException e) {
            // reported below
        }
        throw new Refused(what(c.name(), name) + " does not exist");
    }

    static long createdAt(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).creationTime().to(TimeUnit.SECONDS);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * {@code message} with the root's path written {@code <root>}: for file-system errors that leave this host (a
     * guest or a peer learns nothing of its directory layout).
     */
    public String hideRoot(String message) {
        return message.replace(root().toString(), "<root>");
    }
}
