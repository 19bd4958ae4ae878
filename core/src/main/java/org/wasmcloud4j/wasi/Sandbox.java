package org.wasmcloud4j.wasi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One preopen: its root, its rights and how paths are resolved inside it.
 *
 * <p><b>Resolution</b> ({@link #resolve}) walks a guest path component by component from an open base directory,
 * holding each directory it enters open ({@link DirHandle}): {@code ..} returns to the directory it came from and
 * is refused above the base; each name is looked at with {@code fstatat(AT_SYMLINK_NOFOLLOW)} in the directory
 * held; a symbolic link is read and its (relative) target walked the same way from the link's directory (absolute
 * targets are refused, at most {@value #MAX_SYMLINKS} links per path); a directory is entered with
 * {@code openat(O_NOFOLLOW)}. So what is finally operated on is a name in a directory descriptor reached only
 * through the sandbox, and the OS never follows a link: a concurrent rename cannot redirect it.
 *
 * <p><b>Creating</b> directories, symbolic links and hard links, and setting a link's own times, have no
 * descriptor-relative form in Java. They are done inside a fresh staging directory directly below the root (a host
 * path with no component the guest controls, named at random and hidden from the guest), checked there, and then
 * renamed into place with {@code renameat} between directory descriptors.
 */
final class Sandbox {
    /** Most symbolic links followed while resolving one path (Linux's limit). */
    static final int MAX_SYMLINKS = 40;
    /** Prefix of staging directories below a root; hidden from listings and lookups at the root. */
    static final String STAGING_PREFIX = ".wasmcloud4j-stage-";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    final Path root;
    final boolean readOnly;
    final long maxFileSize;
    private final Object rootKey;

    Sandbox(Path root, boolean readOnly, long maxFileSize) {
        this.root = root;
        this.readOnly = readOnly;
        this.maxFileSize = maxFileSize;
        Object key;
        try {
            key = Files.readAttributes(root, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            key = null;
        }
        this.rootKey = key;
    }

    /** Opens the root directory (one descriptor per {@code get-directories} call). */
    DirHandle openRoot() {
        try {
            return DirHandle.openRoot(root);
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    boolean isRoot(DirHandle d) {
        return rootKey != null ? rootKey.equals(d.key) : d.path.equals(root);
    }

    /** Whether {@code name} in {@code dir} is hidden from the guest (a staging directory at the root). */
    boolean hidden(DirHandle dir, String name) {
        return name.startsWith(STAGING_PREFIX) && isRoot(dir);
    }

    void writable() {
        if (readOnly) {
            throw new FsError("not-permitted", "the preopen is read-only");
        }
    }

    // ------------------------------------------------------------------ resolution

    /**
     * A resolved path: {@code name} in the open directory {@code dir}, or {@code dir} itself when {@code name} is
     * {@code null} (paths such as {@code .} or {@code a/..}). {@code mustBeDir} when the path ended in {@code /}.
     * Closing it closes the directories opened on the way (never the base).
     */
    static final class Resolved implements Closeable {
        final DirHandle dir;
        final String name;
        final boolean mustBeDir;
        private final List<DirHandle> opened;

        Resolved(DirHandle dir, String name, boolean mustBeDir, List<DirHandle> opened) {
            this.dir = dir;
            this.name = name;
            this.mustBeDir = mustBeDir;
            this.opened = opened;
        }

        /** The attributes of the name (not following a link), or {@code null} if nothing has that name. */
        BasicFileAttributes attrsOrNull() {
            try {
                return name == null ? dir.attrs() : dir.attrs(name);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw FsError.of(e);
            }
        }

        /** The attributes of the name, which must exist. */
        BasicFileAttributes attrs() {
            BasicFileAttributes a = attrsOrNull();
            if (a == null) {
                throw new FsError("no-entry", String.valueOf(name));
            }
            return a;
        }

        /** The name, which must be a single component (not the base directory itself). */
        String requireName(String whatFor) {
            if (name == null) {
                throw new FsError("invalid", "cannot " + whatFor + " a directory named by . or ..");
            }
            return name;
        }

        @Override
        public void close() {
            for (DirHandle d : opened) {
                d.close();
            }
        }
    }

    /**
     * Resolves {@code path} below {@code base} (see the class comment).
     *
     * @param followFinal whether a symbolic link as the last component is followed (links before it always are)
     */
    Resolved resolve(DirHandle base, String path, boolean followFinal) {
        if (path.isEmpty()) {
            throw new FsError("no-entry", "empty path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new FsError("invalid", "path contains NUL");
        }
        if (path.startsWith("/")) {
            throw new FsError("not-permitted", "absolute path " + path);
        }
        Deque<DirHandle> stack = new ArrayDeque<>();
        List<DirHandle> opened = new ArrayList<>();
        stack.push(base);
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/", -1)));
        int links = 0;
        boolean ok = false;
        try {
            while (true) {
                String c = todo.pollFirst();
                if (c == null) {
                    ok = true;
                    return new Resolved(stack.peek(), null, false, opened);
                }
                if (c.isEmpty() || c.equals(".")) {
                    continue;
                }
                DirHandle top = stack.peek();
                if (c.equals("..")) {
                    if (stack.size() == 1) {
                        throw new FsError("not-permitted", "path " + path + " leads out of its directory");
                    }
                    stack.pop();
                    continue;
                }
                boolean last = onlySeparators(todo);
                boolean mustBeDir = last && !todo.isEmpty();
                if (hidden(top, c)) {
                    throw new FsError("no-entry", c);
                }
                if (!top.secure() && (c.indexOf('\\') >= 0 || c.indexOf(':') >= 0)) {
                    // host paths on Windows: a backslash separates and a colon names a drive or a stream
                    throw new FsError("invalid", "path component " + c + " holds \\ or :");
                }
                if (last && !followFinal) {
                    ok = true;
                    return new Resolved(top, c, mustBeDir, opened);
                }
                BasicFileAttributes a;
                try {
                    a = top.attrs(c);
                } catch (NoSuchFileException e) {
                    if (last) {
                        ok = true;
                        return new Resolved(top, c, mustBeDir, opened);
                    }
                    throw new FsError("no-entry", "no " + c + " in " + path);
                } catch (IOException e) {
                    throw FsError.of(e);
                }
                if (a.isSymbolicLink()) {
                    if (++links > MAX_SYMLINKS) {
                        throw new FsError("loop", "too many symbolic links in " + path);
                    }
                    String target = readLinkContent(top, c);
                    if (target.isEmpty()) {
                        throw new FsError("no-entry", "empty symbolic link " + c);
                    }
                    if (target.startsWith("/")) {
                        throw new FsError("not-permitted", "symbolic link " + c + " is absolute");
                    }
                    String[] parts = target.split("/", -1);
                    for (int i = parts.length - 1; i >= 0; i--) {
                        todo.addFirst(parts[i]);
                    }
                    continue;
                }
                if (last) {
                    ok = true;
                    return new Resolved(top, c, mustBeDir, opened);
                }
                if (!a.isDirectory()) {
                    throw new FsError("not-directory", c + " in " + path);
                }
                DirHandle next;
                try {
                    next = top.openDir(c);
                } catch (IOException e) {
                    throw FsError.of(e);
                }
                opened.add(next);
                stack.push(next);
            }
        } finally {
            if (!ok) {
                for (DirHandle d : opened) {
                    d.close();
                }
            }
        }
    }

    private static boolean onlySeparators(Deque<String> todo) {
        for (String s : todo) {
            if (!s.isEmpty() && !s.equals(".")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text of the link {@code name} in {@code dir}, read by host path: it is only ever walked inside the
     * sandbox, so reading it through a path a concurrent rename redirected cannot lead anywhere outside.
     */
    private static String readLinkContent(DirHandle dir, String name) {
        try {
            return Files.readSymbolicLink(dir.path.resolve(name)).toString();
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    /**
     * The text of the link {@code name} in {@code dir} for {@code readlink-at}: read by host path, and returned
     * only if the link read is, before and after, the object {@code fstatat} found in {@code dir}.
     */
    String readLink(DirHandle dir, String name, Object key) {
        Path p = dir.path.resolve(name);
        checkIdentity(p, key);
        String target = readLinkContent(dir, name);
        checkIdentity(p, key);
        return target;
    }

    private static void checkIdentity(Path p, Object key) {
        if (key == null) {
            return;
        }
        try {
            if (!key.equals(Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).fileKey())) {
                throw new FsError("busy", p.getFileName() + " changed while being read");
            }
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    // ------------------------------------------------------------------ creating through a staging directory

    private interface StageAction {
        /** Creates {@code name} in {@code stage} (a trusted host path) and returns nothing. */
        void create(Path stage, String name) throws IOException;
    }

    /** A fresh staging directory below the root; removed (with anything left in it) on close. */
    private final class Stage implements Closeable {
        final Path path;
        final DirHandle handle;

        Stage() throws IOException {
            byte[] b = new byte[12];
            RANDOM.nextBytes(b);
            path = Files.createDirectory(root.resolve(STAGING_PREFIX + HexFormat.of().formatHex(b)));
            DirHandle h;
            try {
                h = DirHandle.openRoot(path);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(path);
                throw e;
            }
            handle = h;
        }

        @Override
        public void close() {
            handle.close();
            try (var s = Files.newDirectoryStream(path)) {
                for (Path p : s) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // best effort: an empty staging directory is all that can be left
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // as above
            }
        }
    }

    /** Creates {@code name} in {@code dir} by {@code action}: in a staging directory, then renamed into place. */
    private void create(DirHandle dir, String name, StageAction action) {
        try {
            if (dir.attrs(name) != null) {
                throw new FsError("exist", name);
            }
        } catch (NoSuchFileException e) {
            // the name is free
        } catch (IOException e) {
            throw FsError.of(e);
        }
        if (!dir.secure()) {
            try {
                action.create(dir.path, name);
                return;
            } catch (IOException e) {
                throw FsError.of(e);
            }
        }
        try (Stage stage = new Stage()) {
            action.create(stage.path, "new");
            stage.handle.move("new", dir, name);
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    void createDirectory(DirHandle dir, String name) {
        create(dir, name, (stage, n) -> Files.createDirectory(stage.resolve(n)));
    }

    void createSymlink(DirHandle dir, String name, String target) {
        create(dir, name, (stage, n) -> Files.createSymbolicLink(stage.resolve(n), Path.of(target)));
    }

    /**
     * Creates the hard link {@code name} in {@code dir} to {@code srcName} in {@code srcDir}, whose identity
     * {@code fstatat} found to be {@code srcKey}: the staged link must have that identity, or nothing is linked.
     */
    void createLink(DirHandle srcDir, String srcName, Object srcKey, DirHandle dir, String name) {
        create(dir, name, (stage, n) -> {
            Path link = Files.createLink(stage.resolve(n), srcDir.path.resolve(srcName));
            Object got = Files.readAttributes(link, BasicFileAttributes.class, NOFOLLOW).fileKey();
            if (srcKey != null && !srcKey.equals(got)) {
                Files.delete(link);
                throw new FsError.AsIo(new FsError("busy", srcName + " changed while being linked"));
            }
        });
    }

    /**
     * Sets the times of the symbolic link {@code name} in {@code dir} itself (identity {@code key}): through a
     * staged hard link to it, checked to be that very link, so that no other link's times can change.
     */
    void setLinkTimes(DirHandle dir, String name, Object key, FileTime modified, FileTime accessed) {
        if (!dir.secure()) {
            try {
                Files.getFileAttributeView(dir.path.resolve(name), BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes(modified, accessed, null);
                return;
            } catch (IOException e) {
                throw FsError.of(e);
            }
        }
        try (Stage stage = new Stage()) {
            Path link = Files.createLink(stage.path.resolve("link"), dir.path.resolve(name));
            Object got = Files.readAttributes(link, BasicFileAttributes.class, NOFOLLOW).fileKey();
            if (!Objects.equals(key, got)) {
                throw new FsError("busy", name + " changed while its times were set");
            }
            Files.getFileAttributeView(link, BasicFileAttributeView.class, NOFOLLOW).setTimes(modified, accessed, null);
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }
}
