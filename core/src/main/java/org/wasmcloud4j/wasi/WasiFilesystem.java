package org.wasmcloud4j.wasi;

import static org.wasmcloud4j.wasi.WasiValues.OK;
import static org.wasmcloud4j.wasi.WasiValues.bytes;
import static org.wasmcloud4j.wasi.WasiValues.enumCase;
import static org.wasmcloud4j.wasi.WasiValues.err;
import static org.wasmcloud4j.wasi.WasiValues.integer;
import static org.wasmcloud4j.wasi.WasiValues.list;
import static org.wasmcloud4j.wasi.WasiValues.none;
import static org.wasmcloud4j.wasi.WasiValues.ok;
import static org.wasmcloud4j.wasi.WasiValues.record;
import static org.wasmcloud4j.wasi.WasiValues.some;
import static org.wasmcloud4j.wasi.WasiValues.str;
import static org.wasmcloud4j.wasi.WasiValues.tuple;
import static org.wasmcloud4j.wasi.WasiValues.u32;
import static org.wasmcloud4j.wasi.WasiValues.u64;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:filesystem} on preopened host directories, with wasmtime's semantics. Every descriptor holds what it
 * opened — a directory descriptor ({@link DirHandle}) or a file channel — and is never re-resolved by host path;
 * every path is resolved by {@link Sandbox#resolve} inside the descriptor it is relative to: {@code ..} above it,
 * absolute paths and absolute symbolic links are {@code not-permitted}, a read-only preopen refuses every change
 * with {@code not-permitted}, and no write makes a file larger than the preopen's
 * {@link WasiConfig.Preopen#maxFileSize() limit} ({@code file-too-large}).
 *
 * <p>The operations take Java values and throw {@link FsError}; {@link #define} puts them on a linker.
 */
final class WasiFilesystem {
    /** Most bytes one {@code read} returns. */
    static final int MAX_READ = 1 << 20;

    /** A descriptor: an open directory or an open file of a preopen. */
    abstract static sealed class Descriptor permits Dir, File {
        final Sandbox box;
        /** The instance's count of open descriptors this one is part of ({@code null} when not counted). */
        AtomicInteger counted;

        Descriptor(Sandbox box) {
            this.box = box;
        }

        final void close() {
            release();
            if (counted != null) {
                counted.decrementAndGet();
                counted = null;
            }
        }

        abstract void release();
    }

    /** An open directory; {@code mutate} reports {@code mutate-directory}. */
    static final class Dir extends Descriptor {
        final DirHandle handle;
        final boolean mutate;

        Dir(Sandbox box, DirHandle handle, boolean mutate) {
            super(box);
            this.handle = handle;
            this.mutate = mutate;
        }

        @Override
        void release() {
            handle.close();
        }
    }

    /**
     * An open file: the channel, and the directory it was opened in with its name and identity there (for the
     * metadata a channel cannot give: times, link count, identity).
     */
    static final class File extends Descriptor {
        final FileChannel ch;
        final DirHandle parent;
        final String name;
        final Object key;
        final String type;
        final boolean read;
        final boolean write;
        final Set<String> flags;

        File(Sandbox box, FileChannel ch, DirHandle parent, String name, Object key, String type, boolean read,
                boolean write, Set<String> flags) {
            super(box);
            this.ch = ch;
            this.parent = parent;
            this.name = name;
            this.key = key;
            this.type = type;
            this.read = read;
            this.write = write;
            this.flags = flags;
        }

        @Override
        void release() {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to tell a guest that dropped the descriptor
            }
            parent.close();
        }

        /** The attributes of the file if its name still names it, else {@code null}. */
        BasicFileAttributes currentAttrs() {
            try {
                BasicFileAttributes a = parent.attrs(name);
                return key != null && key.equals(a.fileKey()) ? a : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** The entries of a directory, handed out one by one (holding a directory descriptor until dropped). */
    static final class Listing {
        final DirHandle.Entries entries;
        final Sandbox box;
        AtomicInteger counted;

        Listing(DirHandle.Entries entries, Sandbox box) {
            this.entries = entries;
            this.box = box;
        }

        /** The next entry ({@code type}, {@code name}), or {@code null} at the end. */
        String[] next() throws IOException {
            while (true) {
                String name = entries.next();
                if (name == null) {
                    return null;
                }
                if (box.hidden(entries.dir, name)) {
                    continue;
                }
                try {
                    return new String[] {type(entries.dir.attrs(name)), name};
                } catch (NoSuchFileException e) {
                    // removed since the listing was read
                }
            }
        }

        void close() {
            try {
                entries.close();
            } catch (IOException e) {
                // dropped by the guest; nobody to tell
            }
            if (counted != null) {
                counted.decrementAndGet();
                counted = null;
            }
        }
    }

    private final List<Sandbox> sandboxes = new ArrayList<>();
    private final List<String> guestPaths = new ArrayList<>();
    private final int maxOpen;
    /** The key of each instance's count of open descriptors (one count per instance, as an attachment). */
    private final Object countKey = new Object();

    WasiFilesystem(WasiConfig config) {
        this.maxOpen = config.maxOpenDescriptors();
        for (WasiConfig.Preopen p : config.preopens()) {
            sandboxes.add(new Sandbox(p.hostDirectory(), p.readOnly(), p.maxFileSize()));
            guestPaths.add(p.guestPath());
        }
    }

    // ------------------------------------------------------------------ the linker

    static void define(Linker linker, WasiConfig config, String types, String preopens,
            HostResource<InputSource> inputs, HostResource<OutputStream> outputs, HostResource<Throwable> errors) {
        WasiFilesystem fs = new WasiFilesystem(config);
        HostResource<Descriptor> descriptors = linker.defineResource(types, "descriptor", Descriptor::close);
        HostResource<Listing> listings = linker.defineResource(types, "directory-entry-stream", Listing::close);
        linker.defineFunction(preopens, "get-directories", a -> {
            List<Value> out = new ArrayList<>();
            AtomicInteger count = fs.count();
            if (count != null && count.get() + fs.sandboxes.size() > fs.maxOpen) {
                throw new org.wasmcloud4j.component.runtime.Trap("get-directories: the instance holds "
                        + count.get() + " open descriptors, the most allowed is " + fs.maxOpen);
            }
            List<Dir> dirs = fs.preopens();
            for (int i = 0; i < dirs.size(); i++) {
                out.add(tuple(descriptors.create(fs.counted(dirs.get(i), count)), str(fs.guestPaths.get(i))));
            }
            return list(out);
        });
        linker.defineFunction(types, "filesystem-error-code", a -> {
            Throwable t = errors.get(a.get(0));
            if (t instanceof FsError f) {
                return some(enumCase(f.code()));
            }
            return t instanceof IOException io ? some(enumCase(FsError.of(io).code())) : none();
        });
        Map<String, Function<List<Value>, Value>> m = new LinkedHashMap<>();
        Function<List<Value>, Descriptor> d = a -> descriptors.get(a.get(0));
        m.put("read-via-stream", a -> ok(inputs.create(fs.readViaStream(d.apply(a), integer(a.get(1))))));
        m.put("write-via-stream", a -> ok(outputs.create(fs.writeViaStream(d.apply(a), integer(a.get(1)), false))));
        m.put("append-via-stream", a -> ok(outputs.create(fs.writeViaStream(d.apply(a), 0, true))));
        m.put("advise", a -> {
            file(d.apply(a));
            return OK;
        });
        m.put("sync-data", a -> fs.sync(d.apply(a), false));
        m.put("sync", a -> fs.sync(d.apply(a), true));
        m.put("get-flags", a -> ok(new Value.FlagsValue(flags(d.apply(a)))));
        m.put("get-type", a -> ok(enumCase(fs.type(d.apply(a)))));
        m.put("set-size", a -> fs.setSize(d.apply(a), integer(a.get(1))));
        m.put("set-times", a -> fs.setTimes(d.apply(a), time(a.get(1)), time(a.get(2))));
        m.put("read", a -> {
            byte[][] r = new byte[1][];
            boolean end = fs.read(d.apply(a), integer(a.get(1)), integer(a.get(2)), r);
            return ok(tuple(bytes(r[0], r[0].length), new Value.Bool(end)));
        });
        m.put("write", a -> ok(u64(fs.write(d.apply(a), WasiValues.toBytes(a.get(1)), integer(a.get(2))))));
        m.put("read-directory", a -> {
            AtomicInteger count = fs.admit();
            Listing l;
            try {
                l = fs.readDirectory(d.apply(a));
            } catch (RuntimeException e) {
                if (count != null) {
                    count.decrementAndGet();
                }
                throw e;
            }
            l.counted = count;
            return ok(listings.create(l));
        });
        m.put("create-directory-at", a -> fs.createDirectoryAt(d.apply(a), string(a.get(1))));
        m.put("stat", a -> ok(fs.stat(d.apply(a))));
        m.put("stat-at", a -> ok(fs.statAt(d.apply(a), follow(a.get(1)), string(a.get(2)))));
        m.put("set-times-at", a -> fs.setTimesAt(d.apply(a), follow(a.get(1)), string(a.get(2)), time(a.get(3)),
                time(a.get(4))));
        m.put("link-at", a -> fs.linkAt(d.apply(a), follow(a.get(1)), string(a.get(2)), descriptors.get(a.get(3)),
                string(a.get(4))));
        m.put("open-at", a -> {
            AtomicInteger count = fs.admit();
            Descriptor o;
            try {
                o = fs.openAt(d.apply(a), follow(a.get(1)), string(a.get(2)), flagSet(a.get(3)), flagSet(a.get(4)));
            } catch (RuntimeException e) {
                if (count != null) {
                    count.decrementAndGet();
                }
                throw e;
            }
            o.counted = count;
            return ok(descriptors.create(o));
        });
        m.put("readlink-at", a -> ok(str(fs.readlinkAt(d.apply(a), string(a.get(1))))));
        m.put("remove-directory-at", a -> fs.removeDirectoryAt(d.apply(a), string(a.get(1))));
        m.put("rename-at", a -> fs.renameAt(d.apply(a), string(a.get(1)), descriptors.get(a.get(2)),
                string(a.get(3))));
        m.put("symlink-at", a -> fs.symlinkAt(d.apply(a), string(a.get(1)), string(a.get(2))));
        m.put("unlink-file-at", a -> fs.unlinkFileAt(d.apply(a), string(a.get(1))));
        m.put("metadata-hash", a -> ok(hash(identity(d.apply(a)))));
        m.put("metadata-hash-at", a -> ok(hash(fs.identityAt(d.apply(a), follow(a.get(1)), string(a.get(2))))));
        m.forEach((name, body) -> linker.defineFunction(types, "[method]descriptor." + name, guarded(body)));
        linker.defineFunction(types, "[method]descriptor.is-same-object",
                a -> new Value.Bool(isSameObject(d.apply(a), descriptors.get(a.get(1)))));
        linker.defineFunction(types, "[method]directory-entry-stream.read-directory-entry", guarded(a -> {
            String[] e = next(listings.get(a.get(0)));
            return ok(e == null ? none() : some(record("type", enumCase(e[0]), "name", str(e[1]))));
        }));
    }

    /** Runs a method body; a filesystem error becomes {@code err(error-code)}. */
    private static HostFunction guarded(Function<List<Value>, Value> body) {
        return a -> {
            try {
                return body.apply(a);
            } catch (FsError e) {
                return err(enumCase(e.code()));
            } catch (java.io.UncheckedIOException e) {
                return err(enumCase(FsError.of(e.getCause()).code()));
            }
        };
    }

    private static String string(Value v) {
        return ((Value.Str) v).value();
    }

    private static Set<String> flagSet(Value v) {
        return ((Value.FlagsValue) v).set();
    }

    private static boolean follow(Value pathFlags) {
        return flagSet(pathFlags).contains("symlink-follow");
    }

    /** The calling instance's count of open descriptors ({@code null} outside a call from an instance). */
    private AtomicInteger count() {
        return org.wasmcloud4j.component.runtime.CallContext.current()
                .map(c -> c.attachment(countKey, AtomicInteger::new)).orElse(null);
    }

    /** Counts one more open descriptor for the calling instance, refusing beyond the limit. */
    private AtomicInteger admit() {
        AtomicInteger count = count();
        if (count != null && count.incrementAndGet() > maxOpen) {
            count.decrementAndGet();
            throw new FsError("insufficient-memory", "the instance holds " + maxOpen
                    + " open descriptors, the most allowed");
        }
        return count;
    }

    private Dir counted(Dir d, AtomicInteger count) {
        if (count != null) {
            count.incrementAndGet();
            d.counted = count;
        }
        return d;
    }

    private static String[] next(Listing l) {
        try {
            return l.next();
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    // ------------------------------------------------------------------ descriptors

    /** A new descriptor of each preopen's root, in order. */
    List<Dir> preopens() {
        List<Dir> out = new ArrayList<>();
        for (Sandbox s : sandboxes) {
            out.add(new Dir(s, s.openRoot(), !s.readOnly));
        }
        return out;
    }

    static Dir dir(Descriptor d) {
        if (d instanceof Dir dir) {
            return dir;
        }
        throw new FsError("not-directory", "the descriptor is a file");
    }

    static File file(Descriptor d) {
        if (d instanceof File f) {
            return f;
        }
        throw new FsError("bad-descriptor", "the descriptor is a directory");
    }

    private static File readable(Descriptor d) {
        if (d instanceof Dir) {
            throw new FsError("is-directory", "cannot read a directory");
        }
        File f = (File) d;
        if (!f.read) {
            throw new FsError("bad-descriptor", "not opened for reading");
        }
        return f;
    }

    private static File writable(Descriptor d) {
        if (d instanceof Dir) {
            throw new FsError("bad-descriptor", "cannot write a directory");
        }
        File f = (File) d;
        f.box.writable();
        if (!f.write) {
            throw new FsError("bad-descriptor", "not opened for writing");
        }
        return f;
    }

    static Set<String> flags(Descriptor d) {
        Set<String> f = new LinkedHashSet<>();
        if (d instanceof Dir dir) {
            f.add("read");
            if (dir.mutate) {
                f.add("mutate-directory");
            }
            return f;
        }
        File file = (File) d;
        if (file.read) {
            f.add("read");
        }
        if (file.write) {
            f.add("write");
        }
        for (String s : List.of("file-integrity-sync", "data-integrity-sync", "requested-write-sync")) {
            if (file.flags.contains(s)) {
                f.add(s);
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ open-at

    Descriptor openAt(Descriptor base, boolean follow, String path, Set<String> openFlags, Set<String> flags) {
        Dir dir = dir(base);
        Sandbox box = dir.box;
        boolean create = openFlags.contains("create");
        boolean exclusive = openFlags.contains("exclusive");
        boolean truncate = openFlags.contains("truncate");
        boolean directory = openFlags.contains("directory");
        boolean write = flags.contains("write") || create || truncate;
        boolean read = flags.contains("read") || !flags.contains("write");
        if (directory && (create || exclusive || truncate)) {
            throw new FsError("invalid", "directory cannot be combined with create, exclusive or truncate");
        }
        if (write && box.readOnly) {
            throw new FsError("not-permitted", "the preopen is read-only");
        }
        try (Sandbox.Resolved r = box.resolve(dir.handle, path, follow)) {
            BasicFileAttributes a = r.attrsOrNull();
            if (a == null) {
                if (!create) {
                    throw new FsError("no-entry", path);
                }
                if (r.mustBeDir) {
                    throw new FsError("is-directory", "cannot create a file named " + path);
                }
                return openFile(box, r, options(read, true, true, exclusive, truncate, flags), "regular-file", read,
                        flags);
            }
            if (create && exclusive) {
                throw new FsError("exist", path);
            }
            if (a.isSymbolicLink()) {
                throw new FsError("loop", path + " is a symbolic link and symlink-follow is not set");
            }
            if (a.isDirectory()) {
                if (write) {
                    throw new FsError("is-directory", path);
                }
                DirHandle h = r.name == null ? r.dir.reopen() : r.dir.openDir(r.name);
                return new Dir(box, h, !box.readOnly && flags.contains("mutate-directory"));
            }
            if (directory || r.mustBeDir) {
                throw new FsError("not-directory", path);
            }
            if (a.isOther()) {
                // fifos, sockets and devices: opening one could block the thread or reach a device
                throw new FsError("unsupported", path + " is not a regular file or directory");
            }
            return openFile(box, r, options(read, write, create, false, truncate, flags), "regular-file", read, flags);
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private static Set<OpenOption> options(boolean read, boolean write, boolean create, boolean createNew,
            boolean truncate, Set<String> flags) {
        Set<OpenOption> o = new HashSet<>();
        if (read) {
            o.add(StandardOpenOption.READ);
        }
        if (write) {
            o.add(StandardOpenOption.WRITE);
        }
        if (create) {
            o.add(createNew ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if (truncate) {
            o.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (flags.contains("file-integrity-sync")) {
            o.add(StandardOpenOption.SYNC);
        }
        if (flags.contains("data-integrity-sync")) {
            o.add(StandardOpenOption.DSYNC);
        }
        return o;
    }

    /** Opens {@code r.name} in {@code r.dir} (never following a link) and records where it was opened. */
    private static File openFile(Sandbox box, Sandbox.Resolved r, Set<OpenOption> o, String type, boolean read,
            Set<String> flags) throws IOException {
        boolean write = o.contains(StandardOpenOption.WRITE);
        FileChannel ch = r.dir.openFile(r.name, o);
        DirHandle parent = null;
        try {
            Object key = r.dir.attrs(r.name).fileKey();
            parent = r.dir.reopen();
            return new File(box, ch, parent, r.name, key, type, read, write, Set.copyOf(flags));
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (parent != null) {
                parent.close();
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ file contents

    InputSource readViaStream(Descriptor d, long offset) {
        File f = readable(d);
        if (offset < 0) {
            throw new FsError("invalid", "offset " + Long.toUnsignedString(offset) + " is beyond any file");
        }
        return new FileStreams.Input(f.ch, offset);
    }

    OutputStream writeViaStream(Descriptor d, long offset, boolean append) {
        File f = writable(d);
        if (offset < 0 || offset > f.box.maxFileSize) {
            throw new FsError("file-too-large", "offset " + Long.toUnsignedString(offset)
                    + " is beyond the preopen's limit of " + f.box.maxFileSize + " bytes");
        }
        return new FileStreams.Output(f.ch, offset, append, f.box.maxFileSize);
    }

    /** Reads up to {@code length} bytes at {@code offset} into {@code out[0]}; whether the end was reached. */
    boolean read(Descriptor d, long length, long offset, byte[][] out) {
        File f = readable(d);
        if (offset < 0) {
            throw new FsError("invalid", "offset " + Long.toUnsignedString(offset) + " is beyond any file");
        }
        int n = Long.compareUnsigned(length, MAX_READ) > 0 ? MAX_READ : (int) length;
        try {
            ByteBuffer buf = ByteBuffer.allocate(n);
            int got = 0;
            while (buf.hasRemaining()) {
                int k = f.ch.read(buf, offset + got);
                if (k <= 0) {
                    break;
                }
                got += k;
            }
            out[0] = java.util.Arrays.copyOf(buf.array(), got);
            return got < n || offset + got >= f.ch.size();
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    long write(Descriptor d, byte[] data, long offset) {
        File f = writable(d);
        if (offset < 0 || offset > f.box.maxFileSize - data.length) {
            throw new FsError("file-too-large", "writing " + data.length + " bytes at "
                    + Long.toUnsignedString(offset) + " passes the preopen's limit of " + f.box.maxFileSize + " bytes");
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(data);
            long at = offset;
            while (buf.hasRemaining()) {
                at += f.ch.write(buf, at);
            }
            return data.length;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value setSize(Descriptor d, long size) {
        File f = writable(d);
        if (size < 0 || size > f.box.maxFileSize) {
            throw new FsError("file-too-large", "size " + Long.toUnsignedString(size)
                    + " passes the preopen's limit of " + f.box.maxFileSize + " bytes");
        }
        try {
            long now = f.ch.size();
            if (size < now) {
                f.ch.truncate(size);
            } else if (size > now) {
                f.ch.write(ByteBuffer.allocate(1), size - 1);
            }
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value sync(Descriptor d, boolean metadata) {
        if (d instanceof File f) {
            try {
                f.ch.force(metadata);
            } catch (IOException e) {
                throw FsError.of(e);
            }
        }
        return OK;
    }

    // ------------------------------------------------------------------ metadata

    String type(Descriptor d) {
        return d instanceof Dir ? "directory" : ((File) d).type;
    }

    static String type(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "symbolic-link";
        }
        if (a.isDirectory()) {
            return "directory";
        }
        if (a.isRegularFile()) {
            return "regular-file";
        }
        return "unknown";
    }

    Value stat(Descriptor d) {
        try {
            if (d instanceof Dir dir) {
                BasicFileAttributes a = dir.handle.attrs();
                return stat(a, dir.handle.unixAttrs(null, a.fileKey()));
            }
            File f = (File) d;
            BasicFileAttributes a = f.currentAttrs();
            if (a == null) {
                // renamed or replaced since it was opened: what the channel itself knows
                return record("type", enumCase(f.type), "link-count", u64(1), "size", u64(f.ch.size()),
                        "data-access-timestamp", none(), "data-modification-timestamp", none(),
                        "status-change-timestamp", none());
            }
            return stat(a, f.parent.unixAttrs(f.name, f.key));
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value statAt(Descriptor base, boolean follow, String path) {
        Dir dir = dir(base);
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, follow)) {
            BasicFileAttributes a = r.attrs();
            if (r.mustBeDir && !a.isDirectory()) {
                throw new FsError("not-directory", path);
            }
            return stat(a, r.dir.unixAttrs(r.name, a.fileKey()));
        }
    }

    private static Value stat(BasicFileAttributes a, Map<String, Object> unix) {
        long links = unix != null && unix.get("nlink") instanceof Number n ? n.longValue() : 1;
        Value ctime = unix != null && unix.get("ctime") instanceof FileTime t ? datetime(t) : none();
        return record("type", enumCase(type(a)), "link-count", u64(links), "size", u64(a.size()),
                "data-access-timestamp", datetime(a.lastAccessTime()),
                "data-modification-timestamp", datetime(a.lastModifiedTime()),
                "status-change-timestamp", ctime);
    }

    /** {@code some(datetime)}, or {@code none} for a time before 1970 (a {@code datetime} is unsigned). */
    private static Value datetime(FileTime t) {
        Instant i = t.toInstant();
        if (i.getEpochSecond() < 0) {
            return none();
        }
        return some(record("seconds", u64(i.getEpochSecond()), "nanoseconds", u32(i.getNano())));
    }

    static Object identity(Descriptor d) {
        if (d instanceof Dir dir) {
            return dir.handle.key != null ? dir.handle.key : dir.handle.path;
        }
        File f = (File) d;
        return f.key != null ? f.key : f.parent.path.resolve(f.name);
    }

    Object identityAt(Descriptor base, boolean follow, String path) {
        Dir dir = dir(base);
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, follow)) {
            Object key = r.attrs().fileKey();
            return key != null ? key : r.name == null ? r.dir.path : r.dir.path.resolve(r.name);
        }
    }

    static boolean isSameObject(Descriptor a, Descriptor b) {
        return identity(a).equals(identity(b));
    }

    /** A 128-bit hash of an object's identity: equal for the same object, and only for it in practice. */
    static Value hash(Object identity) {
        long h = identity.toString().hashCode() * 0x9E3779B97F4A7C15L;
        long x = identity.hashCode();
        long lower = h ^ (x << 32 | (x & 0xffff_ffffL));
        lower = (lower ^ (lower >>> 31)) * 0xBF58476D1CE4E5B9L;
        lower ^= lower >>> 29;
        return record("lower", u64(lower), "upper", u64(lower ^ 0x400921FB54442D18L));
    }

    // ------------------------------------------------------------------ times

    /** A new timestamp: {@code null} for no change. */
    static FileTime time(Value newTimestamp) {
        Value.VariantValue v = (Value.VariantValue) newTimestamp;
        switch (v.caseName()) {
            case "now":
                return FileTime.from(Instant.now());
            case "timestamp": {
                Value.RecordValue r = (Value.RecordValue) v.payload().get();
                long seconds = integer(r.fields().get("seconds"));
                long nanos = integer(r.fields().get("nanoseconds"));
                if (nanos < 0 || nanos > 999_999_999) {
                    throw new FsError("invalid", "nanoseconds " + nanos + " out of range");
                }
                try {
                    if (seconds < 0) {
                        throw new DateTimeException("beyond u63");
                    }
                    return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
                } catch (DateTimeException e) {
                    throw new FsError("overflow", "timestamp " + Long.toUnsignedString(seconds) + " s");
                }
            }
            default:
                return null;
        }
    }

    Value setTimes(Descriptor d, FileTime accessed, FileTime modified) {
        d.box.writable();
        try {
            if (d instanceof Dir dir) {
                dir.handle.setTimes(modified, accessed);
                return OK;
            }
            File f = (File) d;
            if (f.currentAttrs() == null) {
                throw new FsError("busy", "the file was renamed or replaced since it was opened");
            }
            f.parent.setTimes(f.name, modified, accessed);
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value setTimesAt(Descriptor base, boolean follow, String path, FileTime accessed, FileTime modified) {
        Dir dir = dir(base);
        dir.box.writable();
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, follow)) {
            BasicFileAttributes a = r.attrs();
            if (r.mustBeDir && !a.isDirectory()) {
                throw new FsError("not-directory", path);
            }
            if (r.name == null) {
                r.dir.setTimes(modified, accessed);
            } else if (a.isSymbolicLink()) {
                dir.box.setLinkTimes(r.dir, r.name, a.fileKey(), modified, accessed);
            } else {
                r.dir.setTimes(r.name, modified, accessed);
            }
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    // ------------------------------------------------------------------ directories

    Listing readDirectory(Descriptor d) {
        Dir dir = dir(d);
        try {
            return new Listing(dir.handle.entries(), dir.box);
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value createDirectoryAt(Descriptor base, String path) {
        Dir dir = dir(base);
        dir.box.writable();
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, false)) {
            dir.box.createDirectory(r.dir, nameOrExist(r));
            return OK;
        }
    }

    /** The name to create; {@code .} and friends name an existing directory. */
    private static String nameOrExist(Sandbox.Resolved r) {
        if (r.name == null) {
            throw new FsError("exist", "the directory itself");
        }
        return r.name;
    }

    Value removeDirectoryAt(Descriptor base, String path) {
        Dir dir = dir(base);
        dir.box.writable();
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, false)) {
            String name = r.requireName("remove");
            BasicFileAttributes a = r.attrs();
            if (!a.isDirectory()) {
                throw new FsError("not-directory", path);
            }
            r.dir.deleteDirectory(name);
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value unlinkFileAt(Descriptor base, String path) {
        Dir dir = dir(base);
        dir.box.writable();
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, false)) {
            if (r.name == null) {
                throw new FsError("is-directory", path);
            }
            BasicFileAttributes a = r.attrs();
            if (a.isDirectory()) {
                throw new FsError("is-directory", path);
            }
            if (r.mustBeDir) {
                throw new FsError("not-directory", path);
            }
            r.dir.deleteFile(r.name);
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value renameAt(Descriptor base, String oldPath, Descriptor newBase, String newPath) {
        Dir from = dir(base);
        Dir to = dir(newBase);
        from.box.writable();
        to.box.writable();
        try (Sandbox.Resolved src = from.box.resolve(from.handle, oldPath, false);
                Sandbox.Resolved dst = to.box.resolve(to.handle, newPath, false)) {
            String name = src.requireName("rename");
            String newName = dst.requireName("rename onto");
            BasicFileAttributes a = src.attrs();
            if ((src.mustBeDir || dst.mustBeDir) && !a.isDirectory()) {
                throw new FsError("not-directory", src.mustBeDir ? oldPath : newPath);
            }
            src.dir.move(name, dst.dir, newName);
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    Value symlinkAt(Descriptor base, String target, String linkPath) {
        Dir dir = dir(base);
        dir.box.writable();
        if (target.isEmpty()) {
            throw new FsError("no-entry", "empty symbolic link target");
        }
        if (target.indexOf('\0') >= 0) {
            throw new FsError("invalid", "symbolic link target contains NUL");
        }
        if (target.startsWith("/")) {
            throw new FsError("not-permitted", "absolute symbolic link target " + target);
        }
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, linkPath, false)) {
            String name = nameOrExist(r);
            if (r.mustBeDir) {
                BasicFileAttributes a = r.attrsOrNull();
                if (a == null) {
                    throw new FsError("no-entry", linkPath + " ends in / but a link is not a directory");
                }
                throw new FsError(a.isDirectory() ? "exist" : "not-directory", linkPath);
            }
            dir.box.createSymlink(r.dir, name, target);
            return OK;
        }
    }

    Value linkAt(Descriptor base, boolean follow, String oldPath, Descriptor newBase, String newPath) {
        Dir from = dir(base);
        Dir to = dir(newBase);
        // wasmtime's rights: both directories writable (so both of the same rights), no symlink-follow
        from.box.writable();
        to.box.writable();
        if (follow) {
            throw new FsError("invalid", "link-at with symlink-follow");
        }
        try (Sandbox.Resolved src = from.box.resolve(from.handle, oldPath, false);
                Sandbox.Resolved dst = to.box.resolve(to.handle, newPath, false)) {
            BasicFileAttributes a = src.attrs();
            if (a.isDirectory()) {
                throw new FsError("not-permitted", "cannot hard-link the directory " + oldPath);
            }
            if (src.mustBeDir) {
                throw new FsError("not-directory", oldPath);
            }
            String name = nameOrExist(dst);
            if (dst.mustBeDir) {
                throw new FsError(dst.attrsOrNull() == null ? "no-entry" : "exist", newPath);
            }
            to.box.createLink(src.dir, src.name, a.fileKey(), dst.dir, name);
            return OK;
        }
    }

    String readlinkAt(Descriptor base, String path) {
        Dir dir = dir(base);
        try (Sandbox.Resolved r = dir.box.resolve(dir.handle, path, false)) {
            BasicFileAttributes a = r.attrs();
            if (!a.isSymbolicLink() || r.mustBeDir) {
                throw new FsError("invalid", path + " is not a symbolic link");
            }
            return dir.box.readLink(r.dir, r.name, a.fileKey());
        }
    }
}
