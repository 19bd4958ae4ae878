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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:filesystem} on preopened host directories. Every path is resolved component by component inside its
 * preopen: {@code ..} above the preopen, absolute paths and symbolic links that lead outside (or are absolute) are
 * refused with {@code not-permitted}; a read-only preopen refuses every change with {@code not-permitted}.
 */
final class WasiFilesystem {
    /** Most symbolic links followed while resolving one path. */
    static final int MAX_SYMLINKS = 40;

    /** An open file or directory: a preopen root and a path below it (no component escapes the root). */
    record Descriptor(Path root, List<String> rel, boolean readOnly, boolean read, boolean write) {
        Path host() {
            Path p = root;
            for (String c : rel) {
                p = p.resolve(c);
            }
            return p;
        }
    }

    /** The entries of a directory, handed out one by one. */
    static final class DirectoryStream {
        final Iterator<Value> entries;

        DirectoryStream(List<Value> entries) {
            this.entries = entries.iterator();
        }
    }

    private final HostResource<Descriptor> descriptors;
    private final HostResource<DirectoryStream> dirStreams;
    private final HostResource<InputSource> inputs;
    private final HostResource<OutputStream> outputs;

    private WasiFilesystem(Linker linker, String types, HostResource<InputSource> inputs,
            HostResource<OutputStream> outputs) {
        this.descriptors = linker.defineResource(types, "descriptor", d -> { });
        this.dirStreams = linker.defineResource(types, "directory-entry-stream", d -> { });
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static void define(Linker linker, WasiConfig config, String types, String preopens,
            HostResource<InputSource> inputs, HostResource<OutputStream> outputs, HostResource<Throwable> errors) {
        WasiFilesystem fs = new WasiFilesystem(linker, types, inputs, outputs);
        linker.defineFunction(preopens, "get-directories", a -> {
            List<Value> out = new ArrayList<>();
            for (WasiConfig.Preopen p : config.preopens()) {
                out.add(tuple(fs.descriptors.create(new Descriptor(p.hostDirectory(), List.of(), p.readOnly(), true,
                        !p.readOnly())), str(p.guestPath())));
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
        Map<String, Function<List<Value>, Value>> methods = new java.util.LinkedHashMap<>();
        methods.put("read-via-stream", a -> fs.readViaStream(fs.d(a), integer(a.get(1))));
        methods.put("write-via-stream", a -> fs.writeViaStream(fs.d(a), integer(a.get(1)), false));
        methods.put("append-via-stream", a -> fs.writeViaStream(fs.d(a), 0, true));
        methods.put("advise", a -> OK);
        methods.put("sync-data", a -> OK);
        methods.put("sync", a -> OK);
        methods.put("get-flags", a -> ok(fs.flags(fs.d(a))));
        methods.put("get-type", a -> ok(enumCase(type(fs.d(a).host()))));
        methods.put("set-size", a -> fs.setSize(fs.d(a), integer(a.get(1))));
        methods.put("set-times", a -> fs.setTimes(fs.d(a).host(), fs.d(a), a.get(1), a.get(2)));
        methods.put("read", a -> fs.read(fs.d(a), integer(a.get(1)), integer(a.get(2))));
        methods.put("write", a -> fs.write(fs.d(a), WasiValues.toBytes(a.get(1)), integer(a.get(2))));
        methods.put("read-directory", a -> fs.readDirectory(fs.d(a)));
        methods.put("create-directory-at", a -> fs.mutate(fs.d(a), a.get(1), false, p -> Files.createDirectory(p)));
        methods.put("stat", a -> ok(stat(fs.d(a).host())));
        methods.put("stat-at", a -> ok(stat(fs.at(fs.d(a), a.get(1), a.get(2)))));
        methods.put("set-times-at", a -> fs.setTimes(fs.at(fs.d(a), a.get(1), a.get(2)), fs.d(a), a.get(3),
                a.get(4)));
        methods.put("link-at", a -> fs.linkAt(fs.d(a), a.get(1), a.get(2), fs.descriptors.get(a.get(3)), a.get(4)));
        methods.put("open-at", a -> fs.openAt(fs.d(a), a.get(1), a.get(2), a.get(3), a.get(4)));
        methods.put("readlink-at", a -> fs.readlinkAt(fs.d(a), a.get(1)));
        methods.put("remove-directory-at", a -> fs.mutate(fs.d(a), a.get(1), false, p -> {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FsError("not-directory", p.toString());
            }
            Files.delete(p);
        }));
        methods.put("rename-at", a -> fs.renameAt(fs.d(a), a.get(1), fs.descriptors.get(a.get(2)), a.get(3)));
        methods.put("symlink-at", a -> fs.symlinkAt(fs.d(a), a.get(1), a.get(2)));
        methods.put("unlink-file-at", a -> fs.mutate(fs.d(a), a.get(1), false, p -> {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FsError("is-directory", p.toString());
            }
            Files.delete(p);
        }));
        methods.put("metadata-hash", a -> ok(hash(fs.d(a).host())));
        methods.put("metadata-hash-at", a -> ok(hash(fs.at(fs.d(a), a.get(1), a.get(2)))));
        methods.forEach((name, body) -> linker.defineFunction(types, "[method]descriptor." + name, guarded(body)));
        linker.defineFunction(types, "[method]descriptor.is-same-object", a -> {
            try {
                return new Value.Bool(Files.isSameFile(fs.d(a).host(), fs.descriptors.get(a.get(1)).host()));
            } catch (IOException e) {
                return new Value.Bool(false);
            }
        });
        linker.defineFunction(types, "[method]directory-entry-stream.read-directory-entry", a -> {
            DirectoryStream ds = fs.dirStreams.get(a.get(0));
            return ok(ds.entries.hasNext() ? some(ds.entries.next()) : none());
        });
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

    private Descriptor d(List<Value> args) {
        return descriptors.get(args.get(0));
    }

    private interface PathAction {
        void run(Path p) throws IOException;
    }

    // ------------------------------------------------------------------ path resolution (the sandbox)

    /**
     * Resolves {@code path} below {@code base}: the host path and its components relative to the preopen root.
     *
     * @param followFinal whether a symbolic link as the last component is followed
     */
    static List<String> resolve(Descriptor base, String path, boolean followFinal) {
        if (path.isEmpty()) {
            throw new FsError("no-entry", "empty path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new FsError("invalid", "path contains NUL");
        }
        if (path.startsWith("/")) {
            throw new FsError("not-permitted", "absolute path " + path);
        }
        Deque<String> stack = new ArrayDeque<>(base.rel());
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/", -1)));
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (stack.isEmpty()) {
                    throw new FsError("not-permitted", "path " + path + " leads out of its directory");
                }
                stack.removeLast();
                continue;
            }
            stack.addLast(c);
            Path p = hostOf(base.root(), stack);
            if (Files.isSymbolicLink(p) && (!todo.isEmpty() || followFinal)) {
                if (++links > MAX_SYMLINKS) {
                    throw new FsError("loop", "too many symbolic links in " + path);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    throw FsError.of(e);
                }
                if (target.startsWith("/")) {
                    throw new FsError("not-permitted", "symbolic link " + c + " is absolute");
                }
                stack.removeLast();
                List<String> parts = List.of(target.split("/", -1));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            }
        }
        return new ArrayList<>(stack);
    }

    private static Path hostOf(Path root, Iterable<String> rel) {
        Path p = root;
        for (String c : rel) {
            p = p.resolve(c);
        }
        return p;
    }

    private static boolean follow(Value pathFlags) {
        return ((Value.FlagsValue) pathFlags).set().contains("symlink-follow");
    }

    private Path at(Descriptor base, Value pathFlags, Value path) {
        return hostOf(base.root(), resolve(base, ((Value.Str) path).value(), follow(pathFlags)));
    }

    private Value mutate(Descriptor base, Value path, boolean followFinal, PathAction action) {
        writable(base);
        Path p = hostOf(base.root(), resolve(base, ((Value.Str) path).value(), followFinal));
        try {
            action.run(p);
        } catch (IOException e) {
            throw FsError.of(e);
        }
        return OK;
    }

    private static void writable(Descriptor d) {
        if (d.readOnly()) {
            throw new FsError("not-permitted", "the directory is read-only");
        }
    }

    // ------------------------------------------------------------------ operations

    private Value openAt(Descriptor base, Value pathFlags, Value pathValue, Value openFlags, Value flags) {
        Set<String> of = ((Value.FlagsValue) openFlags).set();
        Set<String> df = ((Value.FlagsValue) flags).set();
        boolean write = df.contains("write");
        boolean mutates = write || of.contains("create") || of.contains("truncate") || df.contains("mutate-directory");
        if (mutates && base.readOnly()) {
            throw new FsError("not-permitted", "the directory is read-only");
        }
        List<String> rel = resolve(base, ((Value.Str) pathValue).value(), follow(pathFlags));
        Path p = hostOf(base.root(), rel);
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        try {
            if (exists && of.contains("create") && of.contains("exclusive")) {
                throw new FsError("exist", p.toString());
            }
            if (!exists) {
                if (!of.contains("create")) {
                    throw new FsError("no-entry", p.toString());
                }
                if (of.contains("directory")) {
                    throw new FsError("invalid", "cannot create a directory with open-at");
                }
                Files.createFile(p);
            }
            boolean dir = Files.isDirectory(p);
            if (of.contains("directory") && !dir) {
                throw new FsError("not-directory", p.toString());
            }
            if (dir && write) {
                throw new FsError("is-directory", p.toString());
            }
            if (of.contains("truncate") && !dir) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
            }
        } catch (IOException e) {
            throw FsError.of(e);
        }
        return ok(descriptors.create(new Descriptor(base.root(), rel, base.readOnly(),
                df.contains("read") || !write, write)));
    }

    private Value readViaStream(Descriptor d, long offset) {
        try {
            FileChannel ch = FileChannel.open(d.host(), StandardOpenOption.READ);
            ch.position(offset);
            return ok(inputs.create(new InputSource.Direct(Channels.newInputStream(ch))));
        } catch (IOException e) {
            throw Files.isDirectory(d.host()) ? new FsError("is-directory", d.host().toString()) : FsError.of(e);
        }
    }

    private Value writeViaStream(Descriptor d, long offset, boolean append) {
        if (!d.write()) {
            throw new FsError("bad-descriptor", "not opened for writing");
        }
        try {
            FileChannel ch = append ? FileChannel.open(d.host(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : FileChannel.open(d.host(), StandardOpenOption.WRITE);
            if (!append) {
                ch.position(offset);
            }
            return ok(outputs.create(Channels.newOutputStream(ch)));
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value read(Descriptor d, long length, long offset) {
        try (FileChannel ch = FileChannel.open(d.host(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
            int n = Math.max(ch.read(buf, offset), 0);
            return ok(tuple(bytes(buf.array(), n), new Value.Bool(offset + n >= ch.size())));
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value write(Descriptor d, byte[] data, long offset) {
        if (!d.write()) {
            throw new FsError("bad-descriptor", "not opened for writing");
        }
        try (FileChannel ch = FileChannel.open(d.host(), StandardOpenOption.WRITE)) {
            return ok(u64(ch.write(ByteBuffer.wrap(data), offset)));
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value setSize(Descriptor d, long size) {
        if (!d.write()) {
            throw new FsError("bad-descriptor", "not opened for writing");
        }
        try (FileChannel ch = FileChannel.open(d.host(), StandardOpenOption.WRITE)) {
            if (size < ch.size()) {
                ch.truncate(size);
            } else if (size > ch.size()) {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value setTimes(Path p, Descriptor base, Value atime, Value mtime) {
        writable(base);
        try {
            Optional<FileTime> m = time(mtime);
            if (m.isPresent()) {
                Files.setLastModifiedTime(p, m.get());
            }
            Optional<FileTime> at = time(atime);
            if (at.isPresent()) {
                Files.setAttribute(p, "lastAccessTime", at.get());
            }
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private static Optional<FileTime> time(Value newTimestamp) {
        Value.VariantValue v = (Value.VariantValue) newTimestamp;
        switch (v.caseName()) {
            case "now":
                return Optional.of(FileTime.from(java.time.Instant.now()));
            case "timestamp": {
                Value.RecordValue r = (Value.RecordValue) v.payload().get();
                return Optional.of(FileTime.from(java.time.Instant.ofEpochSecond(integer(r.fields().get("seconds")),
                        integer(r.fields().get("nanoseconds")))));
            }
            default:
                return Optional.empty();
        }
    }

    private Value readDirectory(Descriptor d) {
        List<Value> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(d.host())) {
            s.sorted().forEach(p -> entries.add(record("type", enumCase(type(p)), "name",
                    str(p.getFileName().toString()))));
        } catch (IOException e) {
            throw FsError.of(e);
        }
        return ok(dirStreams.create(new DirectoryStream(entries)));
    }

    private Value linkAt(Descriptor base, Value pathFlags, Value oldPath, Descriptor newBase, Value newPath) {
        writable(newBase);
        Path from = at(base, pathFlags, oldPath);
        Path to = hostOf(newBase.root(), resolve(newBase, ((Value.Str) newPath).value(), false));
        try {
            Files.createLink(to, from);
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value readlinkAt(Descriptor base, Value path) {
        Path p = hostOf(base.root(), resolve(base, ((Value.Str) path).value(), false));
        try {
            return ok(str(Files.readSymbolicLink(p).toString()));
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value renameAt(Descriptor base, Value oldPath, Descriptor newBase, Value newPath) {
        writable(base);
        writable(newBase);
        Path from = hostOf(base.root(), resolve(base, ((Value.Str) oldPath).value(), false));
        Path to = hostOf(newBase.root(), resolve(newBase, ((Value.Str) newPath).value(), false));
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value symlinkAt(Descriptor base, Value oldPath, Value newPath) {
        writable(base);
        String target = ((Value.Str) oldPath).value();
        if (target.startsWith("/")) {
            throw new FsError("not-permitted", "absolute symbolic link target " + target);
        }
        Path link = hostOf(base.root(), resolve(base, ((Value.Str) newPath).value(), false));
        try {
            Files.createSymbolicLink(link, Path.of(target));
            return OK;
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private Value flags(Descriptor d) {
        Set<String> f = new java.util.LinkedHashSet<>();
        if (d.read()) {
            f.add("read");
        }
        if (d.write()) {
            f.add("write");
        }
        if (!d.readOnly() && Files.isDirectory(d.host())) {
            f.add("mutate-directory");
        }
        return new Value.FlagsValue(f);
    }

    static String type(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "symbolic-link";
        }
        if (Files.isDirectory(p)) {
            return "directory";
        }
        if (Files.isRegularFile(p)) {
            return "regular-file";
        }
        return "unknown";
    }

    static Value stat(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long links = 1;
            try {
                links = ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // not a Unix file system: one link
            }
            return record("type", enumCase(type(p)), "link-count", u64(links), "size", u64(a.size()),
                    "data-access-timestamp", some(datetime(a.lastAccessTime())),
                    "data-modification-timestamp", some(datetime(a.lastModifiedTime())),
                    "status-change-timestamp", none());
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }

    private static Value datetime(FileTime t) {
        java.time.Instant i = t.toInstant();
        return record("seconds", u64(i.getEpochSecond()), "nanoseconds", u32(i.getNano()));
    }

    static Value hash(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object key = a.fileKey() != null ? a.fileKey() : p.toAbsolutePath().toString();
            long lower = key.hashCode() * 0x9E3779B97F4A7C15L;
            long upper = a.lastModifiedTime().toMillis() ^ a.size();
            return record("lower", u64(lower), "upper", u64(upper));
        } catch (IOException e) {
            throw FsError.of(e);
        }
    }
}
