package org.wasmcloud4j.host.capability;

import static org.wasmcloud4j.component.value.Value.ResultValue.ok;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.wasi.WasiHttp;

/**
 * {@code wasi:blobstore} ({@code 0.2.0-draft}: {@code blobstore}, {@code container} and {@code types}, as wasmCloud
 * 1.x components import them) on a directory: each container is a subdirectory of the root, each object a file in
 * it (names map to paths as {@link BlobNames} says, never outside the root). Values stream through the component's
 * own {@code wasi:io/streams}.
 *
 * <ul>
 *   <li>Writing: {@code outgoing-value-write-body} writes to a fresh file in the root's staging directory
 *       {@value #STAGING}; {@code container.write-data} says where the value goes (before or after the body is
 *       written), and {@code outgoing-value.finish} syncs the file to disk and renames it over the object in one
 *       atomic step, so a reader sees the old object or the new one, never part of one. A value dropped without
 *       {@code finish} is discarded; {@code finish} without {@code write-data} is an error and stores nothing.</li>
 *   <li>Reading: {@code get-data(name, start, end)} (inclusive offsets; {@code end} past the object is cut to its
 *       end) opens the file at once, so the bytes stay readable even if the object is replaced or deleted later
 *       (on POSIX file systems). {@code incoming-value-consume-sync} returns at most {@value #MAX_SYNC_BYTES} bytes
 *       (larger ranges are an error that suggests {@code incoming-value-consume-async}, which streams any
 *       size).</li>
 *   <li>{@code create-container} of an existing container returns it, as wasmCloud's filesystem provider does;
 *       {@code delete-container} and {@code delete-object} of one that does not exist succeed. A container is
 *       deleted by renaming it into the staging directory first, so it disappears at once and entirely.</li>
 *   <li>{@code list-objects} walks the container lazily, in no particular order; one
 *       {@code read-stream-object-names} returns at most {@value #MAX_NAMES_PER_READ} names (and at-end false when
 *       more follow).</li>
 *   <li>Symbolic links are never made by the blobstore; ones someone else placed under the root do not lead
 *       outside it: a container directory that is a link is no container, a link inside one is no object (and
 *       {@code clear} removes the link, not its target), and an object path through a link to outside its container
 *       is refused.</li>
 *   <li>Timestamps are the files' creation times (their modification times where the file system keeps no creation
 *       time) in seconds since the Unix epoch.</li>
 * </ul>
 *
 * Errors are the WIT's {@code error} strings, naming the container and object. Thread-safe: concurrent writers of
 * one object each commit whole, the last rename winning.
 */
public final class BlobstoreCapability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobstoreCapability.class);
    /** The most bytes one synchronous read or write moves. */
    public static final int MAX_SYNC_BYTES = 16 << 20;
    /** The most names one {@code read-stream-object-names} returns. */
    public static final int MAX_NAMES_PER_READ = 100_000;
    /** The staging directory's name under the root (hidden from containers). */
    public static final String STAGING = ".wasmcloud4j-staging";
    private static final String TYPES = "wasi:blobstore/types@0.2.0-draft";
    private static final String CONTAINER = "wasi:blobstore/container@0.2.0-draft";
    private static final String BLOBSTORE = "wasi:blobstore/blobstore@0.2.0-draft";


    /**
     * An {@code incoming-value}: a byte range of an open file, or bytes streaming from a blobstore elsewhere in the
     * lattice ({@link #remoteIncoming}, length unknown: -1); handed on once.
     */
    private static final class Incoming {
        final FileChannel ch;
        final java.io.InputStream stream;
        final long offset;
        final long length;
        final String what;
        boolean consumed;

        Incoming(FileChannel ch, long offset, long length, String what) {
            this.ch = ch;
            this.stream = null;
            this.offset = offset;
            this.length = length;
            this.what = what;
        }

        Incoming(java.io.InputStream stream, String what) {
            this.ch = null;
            this.stream = stream;
            this.offset = 0;
            this.length = -1;
            this.what = what;
        }
    }

    /**
     * Where a finished {@code outgoing-value} goes instead of a container of this blobstore: a blobstore elsewhere
     * in the lattice (the host's {@code wrpc:blobstore} mapping).
     */
    @FunctionalInterface
    public interface RemoteWrite {
        /**
         * Stores the value's bytes, read from {@code bytes} (the staged value, any size; read it to its end, never
         * whole into memory).
         *
         * @param length how many bytes {@code bytes} holds
         * @return {@code null} when stored, else the error the component gets from {@code outgoing-value.finish}
         */
        String store(java.io.InputStream bytes, long length);
    }

    /**
     * A seam for the host's lattice mapping: the object of an {@code incoming-value} whose bytes stream from a
     * blobstore elsewhere ({@code bytes}, read as they arrive; a failure to read is the transfer's error), to put
     * into the component's {@code incoming-value} resource. {@code incoming-value-consume-async} streams it (any
     * size), {@code incoming-value-consume-sync} gathers at most {@link #MAX_SYNC_BYTES} bytes, and {@code size}
     * traps as on a wasmCloud host (the size is not known before the end); {@code bytes} is closed when the value or
     * its stream is dropped.
     *
     * @param what names the object in errors
     */
    public static Object remoteIncoming(java.io.InputStream bytes, String what) {
        return new Incoming(bytes, what);
    }

    /**
     * A seam for the host's lattice mapping: {@code container.write-data} of a container reached over the lattice.
     * The {@code outgoing-value} (the object behind the component's handle) is staged on disk as a local one is, and
     * streamed to {@code dest} from there when it is finished (any size), instead of into a local container.
     *
     * @param outgoing the object behind the component's {@code outgoing-value} handle
     * @param what names the object in errors
     * @return {@code null}, or the error {@code write-data} returns (not an outgoing-value of this blobstore, already
     *         written or finished)
     */
    public static String writeRemotely(Object outgoing, String what, RemoteWrite dest) {
        if (!(outgoing instanceof Outgoing o)) {
            return what + ": the outgoing-value is not one of this host's blobstore";
        }
        synchronized (o) {
            if (o.done) {
                return "the outgoing-value is already finished";
            }
            if (o.dest != null || o.remote != null) {
                return "the outgoing-value is already written to "
                        + (o.remote != null ? o.remoteWhat : "object '" + BlobNames.printable(o.destName)
                                + "' in container '" + o.dest.name() + "'");
            }
            o.remote = dest;
            o.remoteWhat = what;
        }
        return null;
    }

    /** An {@code outgoing-value}: a staging file, its destination once {@code write-data} named it. */
    private static final class Outgoing {
        Path temp;
        FileChannel ch;
        boolean bodyTaken;
        BlobDirectory.Container dest;
        String destName;
        RemoteWrite remote;
        String remoteWhat;
        boolean done;
    }

    /** A {@code stream-object-names}: a lazy walk of a container. */
    private static final class Names {
        final BlobDirectory.Container c;
        final Stream<Path> walk;
        final Iterator<Path> it;
        boolean ended;

        Names(BlobDirectory.Container c, Stream<Path> walk) {
            this.c = c;
            this.walk = walk;
            this.it = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).iterator();
        }
    }

    /** A host function body that may fail with an I/O error. */
    private interface Body {
        Value call(List<Value> args) throws IOException;
    }

    private final BlobDirectory dir = new BlobDirectory(this::root);
    private final Path configuredRoot;
    private Path root;   // guarded by this; null until first use when no root was configured
    private volatile boolean closed;

    /**
     * @param root the root directory (created if missing), or {@code null} for a temporary directory created on
     *        first use and deleted by {@link #close()}
     * @throws IllegalArgumentException if {@code root} cannot be created or is not a directory
     */
    public BlobstoreCapability(Path root) {
        if (root != null) {
            Path r = root.toAbsolutePath().normalize();
            try {
                Files.createDirectories(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("blobstore root " + r + " cannot be created or is not a directory: "
                        + e, e);
            }
            this.configuredRoot = r;
            this.root = r;
        } else {
            this.configuredRoot = null;
        }
    }

    /** The root directory (creating the temporary one on first use). */
    /** The root directory. */
    public synchronized Path root() {
        if (root == null) {
            if (closed) {
                throw new IllegalStateException("the host is stopped: its temporary blobstore directory is gone");
            }
            try {
                root = Files.createTempDirectory("wasmcloud4j-blobstore-").toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("creating the temporary blobstore directory", e);
            }
        }
        return root;
    }

    /** Deletes the temporary root, if this capability made one; a configured root is left as it is. */
    @Override
    public void close() {
        Path r;
        synchronized (this) {
            closed = true;
            r = configuredRoot == null ? root : null;
        }
        if (r != null) {
            try {
                BlobDirectory.deleteTree(r);
            } catch (IOException e) {
                LOG.warn("could not delete the temporary blobstore directory {}", r, e);
            }
        }
    }

    /** Defines {@code wasi:blobstore} on {@code linker}; streams through {@code io}. */
    public void define(CapabilityLinker linker, WasiHttp io) {
        HostResource<BlobDirectory.Container> containers = linker.defineResource(CONTAINER, "container", c -> { });
        HostResource<Names> names = linker.defineResource(CONTAINER, "stream-object-names", n -> n.walk.close());
        HostResource<Incoming> incoming = linker.defineResource(TYPES, "incoming-value", v -> {
            if (!v.consumed && v.ch != null) {
                closeQuietly(v.ch);
            }
            if (!v.consumed && v.stream != null) {
                closeQuietly(v.stream);
            }
        });
        HostResource<Outgoing> outgoing = linker.defineResource(TYPES, "outgoing-value", this::discard);

        // ---- wasi:blobstore/blobstore
        fn(linker, BLOBSTORE, "create-container", a -> {
            dir.createContainer(str(a.get(0)));
            return ok(containers.create(container(str(a.get(0)), false)));
        });
        fn(linker, BLOBSTORE, "get-container", a -> ok(containers.create(container(str(a.get(0)), true))));
        fn(linker, BLOBSTORE, "delete-container", a -> {
            dir.deleteContainer(str(a.get(0)));
            return ok(null);
        });
        fn(linker, BLOBSTORE, "container-exists", a -> ok(new Value.Bool(dir.containerExists(str(a.get(0))))));
        fn(linker, BLOBSTORE, "copy-object", a -> {
            dir.copyObject(field(a.get(0), "container"), field(a.get(0), "object"), field(a.get(1), "container"),
                    field(a.get(1), "object"));
            return ok(null);
        });
        fn(linker, BLOBSTORE, "move-object", a -> {
            dir.moveObject(field(a.get(0), "container"), field(a.get(0), "object"), field(a.get(1), "container"),
                    field(a.get(1), "object"));
            return ok(null);
        });

        // ---- wasi:blobstore/container
        fn(linker, CONTAINER, "[method]container.name", a -> ok(new Value.Str(containers.get(a.get(0)).name())));
        fn(linker, CONTAINER, "[method]container.info", a -> {
            BlobDirectory.Container c = existing(containers.get(a.get(0)));
            Map<String, Value> m = new LinkedHashMap<>();
            m.put("name", new Value.Str(c.name()));
            m.put("created-at", u64(BlobDirectory.createdAt(c.dir())));
            return ok(new Value.RecordValue(m));
        });
        fn(linker, CONTAINER, "[method]container.get-data", a -> {
            BlobDirectory.Container c = existing(containers.get(a.get(0)));
            String name = str(a.get(1));
            BlobDirectory.Range r = dir.openRange(c, name, ((Value.Int) a.get(2)).value(),
                    ((Value.Int) a.get(3)).value());
            try {
                return ok(incoming.create(new Incoming(r.channel(), r.offset(), r.length(), r.what())));
            } catch (RuntimeException e) {
                closeQuietly(r.channel());
                throw e;
            }
        });
        fn(linker, CONTAINER, "[method]container.write-data", a -> {
            BlobDirectory.Container c = containers.get(a.get(0));
            String name = str(a.get(1));
            BlobNames.objectFile(c.dir(), c.name(), name);   // refuse a bad name now, not at finish
            Outgoing o = outgoing.get(a.get(2));
            synchronized (o) {
                if (o.done) {
                    throw new BlobDirectory.Refused("the outgoing-value is already finished");
                }
                if (o.remote != null) {
                    throw new BlobDirectory.Refused("the outgoing-value is already written to " + o.remoteWhat);
                }
                if (o.dest != null) {
                    throw new BlobDirectory.Refused("the outgoing-value is already written to object '"
                            + BlobNames.printable(o.destName) + "' in container '" + o.dest.name() + "'");
                }
                o.dest = c;
                o.destName = name;
            }
            return ok(null);
        });
        fn(linker, CONTAINER, "[method]container.list-objects", a -> {
            BlobDirectory.Container c = existing(containers.get(a.get(0)));
            return ok(names.create(new Names(c, Files.walk(c.dir()))));
        });
        fn(linker, CONTAINER, "[method]container.delete-object", a -> {
            BlobDirectory.Container c = containers.get(a.get(0));
            dir.delete(c, str(a.get(1)));
            return ok(null);
        });
        fn(linker, CONTAINER, "[method]container.delete-objects", a -> {
            BlobDirectory.Container c = containers.get(a.get(0));
            List<String> list = new ArrayList<>();
            ((Value.ListValue) a.get(1)).elements().forEach(v -> list.add(str(v)));
            dir.deleteObjects(c.name(), list);
            return ok(null);
        });
        fn(linker, CONTAINER, "[method]container.has-object", a -> {
            BlobDirectory.Container c = containers.get(a.get(0));
            return ok(new Value.Bool(dir.hasObject(c.name(), str(a.get(1)))));
        });
        fn(linker, CONTAINER, "[method]container.object-info", a -> {
            BlobDirectory.Container c = existing(containers.get(a.get(0)));
            String name = str(a.get(1));
            BlobDirectory.ObjectInfo info = dir.objectInfo(c.name(), name);
            Map<String, Value> m = new LinkedHashMap<>();
            m.put("name", new Value.Str(name));
            m.put("container", new Value.Str(c.name()));
            m.put("created-at", u64(info.createdAt()));
            m.put("size", u64(info.size()));
            return ok(new Value.RecordValue(m));
        });
        fn(linker, CONTAINER, "[method]container.clear", a -> {
            BlobDirectory.Container c = existing(containers.get(a.get(0)));
            dir.clear(c);
            return ok(null);
        });
        fn(linker, CONTAINER, "[method]stream-object-names.read-stream-object-names", a -> {
            Names n = names.get(a.get(0));
            long asked = ((Value.Int) a.get(1)).value();
            long len = Long.compareUnsigned(asked, MAX_NAMES_PER_READ) > 0 ? MAX_NAMES_PER_READ : asked;
            List<Value> out = new ArrayList<>();
            boolean end = walk(n, len, p -> out.add(new Value.Str(BlobNames.objectName(n.c.dir(), p))));
            return ok(new Value.TupleValue(List.of(new Value.ListValue(out), new Value.Bool(end))));
        });
        fn(linker, CONTAINER, "[method]stream-object-names.skip-stream-object-names", a -> {
            Names n = names.get(a.get(0));
            long[] skipped = new long[1];
            boolean end = walk(n, ((Value.Int) a.get(1)).value(), p -> skipped[0]++);
            return ok(new Value.TupleValue(List.of(u64(skipped[0]), new Value.Bool(end))));
        });

        // ---- wasi:blobstore/types
        linker.defineFunction(TYPES, "[static]outgoing-value.new-outgoing-value", a -> outgoing.create(new Outgoing()));
        linker.defineFunction(TYPES, "[method]outgoing-value.outgoing-value-write-body", a -> {
            Outgoing o = outgoing.get(a.get(0));
            synchronized (o) {
                if (o.bodyTaken || o.done) {
                    return Value.ResultValue.err(null);
                }
                try {
                    openStaging(o);
                } catch (IOException e) {
                    LOG.warn("blobstore: cannot open a staging file under {}", root(), e);
                    return Value.ResultValue.err(null);
                }
                o.bodyTaken = true;
                return ok(io.newOutputStream(Channels.newOutputStream(o.ch)));
            }
        });
        linker.defineFunction(TYPES, "[static]outgoing-value.finish", a -> {
            Outgoing o = outgoing.get(a.get(0));
            try {
                return guarded(x -> finish(o)).call(a);
            } finally {
                dropOwned(a.get(0));
            }
        });
        linker.defineFunction(TYPES, "[static]incoming-value.incoming-value-consume-sync", a -> {
            Incoming v = incoming.get(a.get(0));
            try {
                return guarded(x -> {
                    if (v.stream != null) {
                        return ok(Value.ListValue.ofBytes(gather(v)));
                    }
                    if (v.length > MAX_SYNC_BYTES) {
                        throw new BlobDirectory.Refused(v.what + ": " + v.length + " bytes are more than "
                                + "incoming-value-consume-sync returns (" + MAX_SYNC_BYTES
                                + "); read it with incoming-value-consume-async");
                    }
                    byte[] bytes = new byte[(int) v.length];
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        if (v.ch.read(buf, v.offset + buf.position()) < 0) {
                            throw new BlobDirectory.Refused(v.what + ": the file ended after " + buf.position() + " of "
                                    + v.length + " bytes (changed outside the blobstore?)");
                        }
                    }
                    return ok(Value.ListValue.ofBytes(bytes));
                }).call(a);
            } finally {
                dropOwned(a.get(0));   // closes the file
            }
        });
        linker.defineFunction(TYPES, "[static]incoming-value.incoming-value-consume-async", a -> {
            Incoming v = incoming.get(a.get(0));
            v.consumed = true;   // the stream owns the file now
            dropOwned(a.get(0));
            return ok(v.stream != null ? io.newBlockingInputStream(v.stream)
                    : io.newInputStream(new RangeInput(v.ch, v.offset, v.length)));
        });
        linker.defineFunction(TYPES, "[method]incoming-value.size", a -> {
            Incoming v = incoming.get(a.get(0));
            if (v.length < 0) {
                // as wasmCloud's host: the size of a value streaming from elsewhere is not known
                throw new org.wasmcloud4j.component.runtime.Trap(v.what + ": the size of a value read from a "
                        + "blobstore elsewhere in the lattice is unknown");
            }
            return u64(v.length);
        });
    }

    // ---------------------------------------------------------------- operations

    private Value finish(Outgoing o) throws IOException {
        synchronized (o) {
            if (o.done) {
                throw new BlobDirectory.Refused("the outgoing-value is already finished");
            }
            o.done = true;
            try {
                if (o.remote != null) {
                    return finishRemotely(o);
                }
                if (o.dest == null) {
                    throw new BlobDirectory.Refused("outgoing-value.finish without container.write-data: nothing was stored");
                }
                String what = "object '" + BlobNames.printable(o.destName) + "' in container '" + o.dest.name() + "'";
                if (o.ch == null) {
                    openStaging(o);   // no body written: an empty object
                }
                o.ch.force(true);
                o.ch.close();
                existing(o.dest);
                BlobDirectory.commit(o.temp, BlobDirectory.object(o.dest, o.destName), o.dest.dir(), what);
                return ok(null);
            } finally {
                if (o.ch != null) {
                    closeQuietly(o.ch);
                }
                if (o.temp != null) {
                    Files.deleteIfExists(o.temp);   // gone already when committed
                }
            }
        }
    }

    /**
     * Streams the staged bytes of {@code o} to its remote destination, from the staging file (caller holds o's lock,
     * closes and deletes).
     */
    private static Value finishRemotely(Outgoing o) throws IOException {
        String error;
        if (o.ch == null) {
            error = o.remote.store(java.io.InputStream.nullInputStream(), 0);
        } else {
            long size = o.ch.size();
            o.ch.close();
            try (java.io.InputStream in = Files.newInputStream(o.temp)) {
                error = o.remote.store(in, size);
            }
        }
        if (error != null) {
            throw new BlobDirectory.Refused(error);
        }
        return ok(null);
    }

    /**
     * The bytes of a value streaming from elsewhere, for {@code incoming-value-consume-sync}: at most
     * {@link #MAX_SYNC_BYTES} (more is an error, noticed as soon as byte {@code MAX_SYNC_BYTES + 1} arrives); a
     * failed transfer is its error. Closes the stream.
     */
    private static byte[] gather(Incoming v) throws IOException {
        try (java.io.InputStream in = v.stream) {
            byte[] bytes;
            try {
                bytes = in.readNBytes(MAX_SYNC_BYTES + 1);
            } catch (IOException e) {
                throw new BlobDirectory.Refused(v.what + ": " + e.getMessage());
            }
            if (bytes.length > MAX_SYNC_BYTES) {
                throw new BlobDirectory.Refused(v.what + ": more than " + MAX_SYNC_BYTES + " bytes, more than "
                        + "incoming-value-consume-sync returns; read it with incoming-value-consume-async");
            }
            return bytes;
        }
    }

    /** The outgoing-value was dropped: discard what was written unless it was finished. */
    private void discard(Outgoing o) {
        synchronized (o) {
            if (o.done) {
                return;
            }
            o.done = true;
            if (o.ch != null) {
                closeQuietly(o.ch);
            }
            if (o.temp != null) {
                try {
                    Files.deleteIfExists(o.temp);
                } catch (IOException e) {
                    LOG.warn("blobstore: could not delete the abandoned staging file {}", o.temp, e);
                }
            }
        }
    }

    private void openStaging(Outgoing o) throws IOException {
        o.temp = Files.createTempFile(dir.staging(), "value-", ".part");
        o.ch = FileChannel.open(o.temp, StandardOpenOption.WRITE);
    }

    /** Reads up to {@code len} names; whether the walk is at its end. */
    private static boolean walk(Names n, long len, java.util.function.Consumer<Path> each) {
        if (n.ended) {
            return true;
        }
        try {
            for (long i = 0; Long.compareUnsigned(i, len) < 0 && n.it.hasNext(); i++) {
                each.accept(n.it.next());
            }
            if (!n.it.hasNext()) {
                n.ended = true;
                n.walk.close();   // releases the directory handles before the component drops the stream
            }
            return n.ended;
        } catch (UncheckedIOException e) {
            throw new BlobDirectory.Refused("listing container '" + n.c.name() + "': " + e.getCause());
        }
    }

    /** Container {@code name}; with {@code mustExist}, an error when its directory is missing. */
    private BlobDirectory.Container container(String name, boolean mustExist) {
        return dir.container(name, mustExist);
    }

    private static BlobDirectory.Container existing(BlobDirectory.Container c) {
        return BlobDirectory.existing(c);
    }

    private static String field(Value record, String name) {
        return str(((Value.RecordValue) record).fields().get(name));
    }

    // ---------------------------------------------------------------- values

    /** Defines {@code name} so that refused names, {@link BlobError}s and I/O errors become error results. */
    private void fn(CapabilityLinker linker, String iface, String name, Body body) {
        linker.defineFunction(iface, name, guarded(body));
    }

    /** The body's result; refused names, {@link BlobError}s and I/O errors as error results. */
    private HostFunction guarded(Body body) {
        return a -> {
            try {
                return body.call(a);
            } catch (BlobDirectory.Refused | BlobNames.InvalidName e) {
                return err(e.getMessage());
            } catch (NoSuchFileException e) {
                return err(hideRoot("no such file or directory: " + e.getFile()));
            } catch (IOException | UncheckedIOException e) {
                return err(hideRoot(e.toString()));
            }
        };
    }

    /** {@code message} without the host's directory layout: the root's path is written {@code <root>}. */
    private String hideRoot(String message) {
        return dir.hideRoot(message);
    }

    private static void dropOwned(Value v) {
        if (v instanceof Value.Handle h && !h.resource().isBorrowed() && !h.resource().isGone()) {
            h.resource().drop();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to tell
        }
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }

    private static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }

    private static Value err(String message) {
        return Value.ResultValue.err(new Value.Str(message));
    }

    /** {@code length} bytes of a file from {@code offset}, by positional reads; closes the file. */
    static final class RangeInput extends InputStream {
        private final FileChannel ch;
        private long position;
        private long left;

        RangeInput(FileChannel ch, long offset, long length) {
            this.ch = ch;
            this.position = offset;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
            if (n < 0) {
                throw new IOException("the file ended " + left + " bytes early (changed outside the blobstore?)");
            }
            position += n;
            left -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
