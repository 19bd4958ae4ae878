package org.wasmcloud4j.lattice.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.capability.BlobDirectory;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.ElementWriter;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcException;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;
import org.wasmcloud4j.lattice.wrpc.WrpcServerCall;

/**
 * A blobstore on a directory served to the lattice as a wasmCloud blobstore provider: every function of
 * {@code wrpc:blobstore/blobstore@0.2.0} (what wasmCloud 1.9 hosts call) and of {@code @0.1.0} (what they fall back to,
 * and older hosts call) under the provider's id, in its queue group, so a component on any host of the lattice whose
 * {@code wasi:blobstore} link targets that id stores its objects here. The storage is a {@link BlobDirectory}: the
 * same sandbox, atomic writes and error texts as the host's own {@code wasi:blobstore}; names that come over the
 * wire never reach outside its root, and errors never show the root's path.
 *
 * <ul>
 *   <li>{@code write-container-data} reads the value as it streams in (any size; a value sent whole in the params is
 *       taken as it is) to a staging file, and commits it when the stream ended; a stream that breaks off or fails
 *       stores nothing. {@code @0.2.0} answers with its status future pending and then completes it.</li>
 *   <li>{@code get-container-data(id, start, end)}: offsets inclusive, as in {@code wasi:blobstore}, an end past the
 *       object cut to it; the bytes stream out in chunks as the reader takes them, so memory stays bounded by the
 *       transport's chunking, not the object. {@code @0.2.0}'s status future reports a read that failed after the
 *       stream began; {@code @0.1.0} aborts the stream.</li>
 *   <li>{@code list-container-objects(name, limit, offset)}: the names (in no particular order) after skipping
 *       {@code offset}, at most {@code limit}, streamed as they are read from the directory: a pending
 *       {@code stream<string>} in chunks of about one message (a streaming reader never holds the listing whole; a
 *       caller that gathers it, as {@code invoke} does, within its byte bound). {@code @0.2.0}'s status future
 *       reports a listing that failed after the stream began; {@code @0.1.0} aborts the stream.</li>
 * </ul>
 *
 * Closing withdraws every function from the wire; the directory stays.
 */
public final class BlobstoreFsProvider implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobstoreFsProvider.class);

    /** The instance wasmCloud 1.9 hosts call first. */
    public static final String INSTANCE = "wrpc:blobstore/blobstore@0.2.0";
    /** The instance older hosts call, and wasmCloud 1.9 hosts when nothing serves {@link #INSTANCE}. */
    public static final String FALLBACK = "wrpc:blobstore/blobstore@0.1.0";

    /** The WIT of {@link #FALLBACK} ({@code wrpc:blobstore@0.1.0}, as wasmCloud's providers serve it). */
    public static final String WIT_0_1_0 = """
            package wrpc:blobstore@0.1.0;
            interface types {
              record object-id { container: string, object: string }
              record container-metadata { created-at: u64 }
              record object-metadata { created-at: u64, size: u64 }
            }
            interface blobstore {
              use types.{object-id, container-metadata, object-metadata};
              clear-container: func(name: string) -> result<_, string>;
              container-exists: func(name: string) -> result<bool, string>;
              create-container: func(name: string) -> result<_, string>;
              delete-container: func(name: string) -> result<_, string>;
              get-container-info: func(name: string) -> result<container-metadata, string>;
              list-container-objects: func(name: string, limit: option<u64>, offset: option<u64>) -> result<stream<string>, string>;
              copy-object: func(src: object-id, dest: object-id) -> result<_, string>;
              delete-object: func(id: object-id) -> result<_, string>;
              delete-objects: func(container: string, objects: list<string>) -> result<_, string>;
              get-container-data: func(id: object-id, start: u64, end: u64) -> result<stream<u8>, string>;
              get-object-info: func(id: object-id) -> result<object-metadata, string>;
              has-object: func(id: object-id) -> result<bool, string>;
              move-object: func(src: object-id, dest: object-id) -> result<_, string>;
              write-container-data: func(id: object-id, data: stream<u8>) -> result<_, string>;
            }
            """;
    /** The WIT of {@link #INSTANCE}: the three transfers carry a status future; the rest as in {@code @0.1.0}. */
    public static final String WIT_0_2_0 = WIT_0_1_0.replace("@0.1.0;", "@0.2.0;")
            .replace("-> result<stream<string>, string>;",
                    "-> result<tuple<stream<string>, future<result<_, string>>>, string>;")
            .replace("-> result<stream<u8>, string>;",
                    "-> result<tuple<stream<u8>, future<result<_, string>>>, string>;")
            .replace("data: stream<u8>) -> result<_, string>;",
                    "data: stream<u8>) -> result<future<result<_, string>>, string>;");

    /** The bytes one chunk of {@code get-container-data} carries to the transport. */
    private static final int CHUNK = 64 << 10;

    /** A function body: a result value from the caller's store, failing with a refusal or an I/O error. */
    private interface Body {
        Value call(BlobDirectory store, List<Value> params) throws IOException;
    }

    /** The store a call uses, from its headers ({@code source-id}, {@code link-name}). */
    private interface Stores {
        BlobDirectory forCall(Map<String, String> headers);
    }

    private final BlobDirectory store;
    private final Stores stores;
    private final List<AutoCloseable> registrations = new ArrayList<>();

    private BlobstoreFsProvider(BlobDirectory store, Stores stores) {
        this.store = store;
        this.stores = stores;
    }

    /**
     * Serves {@code store} under provider id {@code id} on {@code server}, both versions, until closed.
     *
     * @throws WrpcException if a function cannot be registered (nothing stays registered)
     */
    public static BlobstoreFsProvider serve(WrpcServer server, String id, BlobDirectory store) {
        Objects.requireNonNull(store, "store");
        return register(server, id, new BlobstoreFsProvider(store, headers -> store));
    }

    /**
     * Serves a directory per link, as wasmCloud's filesystem provider does: a call's {@code source-id} and
     * {@code link-name} headers name its link in {@code lattice} (a {@code wasi:blobstore} link from that source to
     * {@code id}), and the link's target config key {@code ROOT} (any case; its named configs merged left to right)
     * is the caller's directory. Unlike wasmCloud's, every root lies inside {@code base}: a relative {@code ROOT} is
     * resolved against it, one that leads outside it is refused, and a link without {@code ROOT} uses {@code base}
     * itself. A call whose source has no such link is refused, as wasmCloud's provider refuses it, and so is one whose
     * link names a config the lattice does not have (rather than using the base). The headers are
     * the caller's word: NATS permissions decide who may call at all.
     *
     * @throws WrpcException if a function cannot be registered (nothing stays registered)
     */
    public static BlobstoreFsProvider servePerLink(WrpcServer server, String id, Lattice lattice, Path base) {
        Objects.requireNonNull(lattice, "lattice");
        BlobDirectory baseStore = BlobDirectory.of(Objects.requireNonNull(base, "base"));
        Path root = baseStore.root();
        Map<Path, BlobDirectory> byRoot = new ConcurrentHashMap<>();
        byRoot.put(root, baseStore);
        return register(server, id, new BlobstoreFsProvider(baseStore,
                headers -> byRoot.computeIfAbsent(linkRoot(lattice, id, root, headers), BlobDirectory::of)));
    }

    /** The directory of the caller's link: see {@link #servePerLink}. */
    static Path linkRoot(Lattice lattice, String id, Path base, Map<String, String> headers) {
        String source = headers.get("source-id");
        if (source == null || source.isEmpty()) {
            throw new HostException("the call names no source (no source-id header): only a linked component may "
                    + "use blobstore provider " + id);
        }
        String linkName = headers.getOrDefault("link-name", "default");
        Link link = lattice.links().stream()
                .filter(l -> l.sourceId().equals(source) && l.target().equals(id) && l.name().equals(linkName)
                        && l.witNamespace().equals("wasi") && l.witPackage().equals("blobstore"))
                .findFirst()
                .orElseThrow(() -> new HostException("no wasi:blobstore link '" + linkName + "' from " + source
                        + " to blobstore provider " + id));
        String configured = null;
        for (String name : link.targetConfig()) {
            // a missing config is an error, not "no ROOT": the objects would land in the wrong directory
            Map<String, String> values = lattice.config(name).orElseThrow(() -> new HostException("config '" + name
                    + "' of link '" + linkName + "' from " + source + " does not exist"));
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getKey().equalsIgnoreCase("ROOT")) {
                    configured = e.getValue();   // rightmost wins
                }
            }
        }
        if (configured == null || configured.isEmpty()) {
            return base;
        }
        Path dir;
        try {
            dir = base.resolve(configured).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new HostException("the ROOT of link '" + linkName + "' from " + source + " is not a path");
        }
        if (!dir.startsWith(base)) {
            throw new HostException("the ROOT of link '" + linkName + "' from " + source + " leads outside the "
                    + "provider's base directory");
        }
        return dir;
    }

    private static BlobstoreFsProvider register(WrpcServer server, String id, BlobstoreFsProvider p) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(id, "id");
        try {
            p.register(server, id, INSTANCE, WIT_0_2_0, true);
            p.register(server, id, FALLBACK, WIT_0_1_0, false);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** The directory served (with {@link #servePerLink}: the base directory). */
    public BlobDirectory store() {
        return store;
    }

    private void register(WrpcServer server, String id, String instance, String wit, boolean current) {
        Function<String, FuncType> type = f -> WitFunctions.function(wit, instance, f);
        value(server, id, instance, type, "create-container", (store, p) -> {
            store.createContainer(str(p.get(0)));
            return ok(null);
        });
        value(server, id, instance, type, "delete-container", (store, p) -> {
            store.deleteContainer(str(p.get(0)));
            return ok(null);
        });
        value(server, id, instance, type, "container-exists",
                (store, p) -> ok(new Value.Bool(store.containerExists(str(p.get(0))))));
        value(server, id, instance, type, "clear-container", (store, p) -> {
            store.clearContainer(str(p.get(0)));
            return ok(null);
        });
        value(server, id, instance, type, "get-container-info",
                (store, p) -> ok(record(List.of("created-at"), List.of(u64(store.containerCreatedAt(str(p.get(0))))))));
        registrations.add(server.serveStreaming(id, instance, "list-container-objects",
                type.apply("list-container-objects"), call -> list(call, current)));
        value(server, id, instance, type, "copy-object", (store, p) -> {
            store.copyObject(container(p.get(0)), object(p.get(0)), container(p.get(1)), object(p.get(1)));
            return ok(null);
        });
        value(server, id, instance, type, "move-object", (store, p) -> {
            store.moveObject(container(p.get(0)), object(p.get(0)), container(p.get(1)), object(p.get(1)));
            return ok(null);
        });
        value(server, id, instance, type, "delete-object", (store, p) -> {
            store.deleteObjects(container(p.get(0)), List.of(object(p.get(0))));
            return ok(null);
        });
        value(server, id, instance, type, "delete-objects", (store, p) -> {
            List<String> objects = new ArrayList<>();
            ((Value.ListValue) p.get(1)).elements().forEach(v -> objects.add(str(v)));
            store.deleteObjects(str(p.get(0)), objects);
            return ok(null);
        });
        value(server, id, instance, type, "has-object",
                (store, p) -> ok(new Value.Bool(store.hasObject(container(p.get(0)), object(p.get(0))))));
        value(server, id, instance, type, "get-object-info", (store, p) -> {
            BlobDirectory.ObjectInfo info = store.objectInfo(container(p.get(0)), object(p.get(0)));
            return ok(record(List.of("created-at", "size"), List.of(u64(info.createdAt()), u64(info.size()))));
        });
        registrations.add(server.serveStreaming(id, instance, "get-container-data", type.apply("get-container-data"),
                call -> get(call, current)));
        registrations.add(server.serveStreaming(id, instance, "write-container-data",
                type.apply("write-container-data"), call -> write(call, current)));
    }

    private void value(WrpcServer server, String id, String instance, Function<String, FuncType> type,
            String function, Body body) {
        registrations.add(server.serve(id, instance, function, type.apply(function),
                (params, headers) -> List.of(answer(body, params, headers))));
    }

    /** The body's result; refusals and I/O errors as the WIT's error string. */
    private Value answer(Body body, List<Value> params, Map<String, String> headers) {
        try {
            return body.call(stores.forCall(headers), params);
        } catch (IOException | UncheckedIOException | HostException | IllegalArgumentException e) {
            return err(message(e));
        }
    }

    private String message(Exception e) {
        String m = e instanceof HostException || e instanceof IllegalArgumentException ? e.getMessage()
                : e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
        return store.hideRoot(m);
    }

    /**
     * {@code list-container-objects}: the names go out as a pending {@code stream<string>} as the directory is read,
     * in chunks of about one message, so neither side holds a large container's listing whole; a directory that fails
     * mid-listing aborts the stream (and, at 0.2.0, says why in the status future).
     */
    private void list(WrpcServerCall call, boolean current) throws Exception {
        List<Value> p = call.params();
        Stream<String> all;
        try {
            all = stores.forCall(call.headers()).listObjects(str(p.get(0)));
        } catch (IOException | UncheckedIOException | HostException | IllegalArgumentException e) {
            call.sendResults(List.of(err(message(e))));
            return;
        }
        try (Stream<String> names = all.skip(count(p.get(2), 0)).limit(count(p.get(1), Long.MAX_VALUE))) {
            Value pending = new Value.ListValue(List.of());
            call.sendResults(List.of(ok(current ? new Value.TupleValue(List.of(pending, pendingStatus())) : pending)));
            ElementWriter out = call.resultElements(current ? IndexPath.of(0, 0) : IndexPath.of(0));
            try {
                names.forEach(n -> out.write(new Value.Str(n)));
            } catch (UncheckedIOException e) {
                failedMidStream(call, current, "list-container-objects of " + str(p.get(0)), e);
                throw e;   // the stream is aborted: never ended short as if it were complete
            }
            out.close();
            if (current) {
                call.resultFuture(IndexPath.of(0, 1), ok(null));
            }
        }
    }

    /**
     * A transfer ({@code what}) that failed after its stream began: logged, and at {@code @0.2.0} ({@code current})
     * told in the status future at {@code [0, 1]}; the caller then throws, which aborts the stream.
     */
    private void failedMidStream(WrpcServerCall call, boolean current, String what, Exception e) {
        LOG.debug("{} failed after the stream began: {}", what, e.toString());
        if (current) {
            try {
                call.resultFuture(IndexPath.of(0, 1), err(message(e)));   // 0.2.0: the status says why
            } catch (RuntimeException gone) {
                // the caller is gone: nothing to tell
            }
        }
    }

    private void get(WrpcServerCall call, boolean current) throws Exception {
        List<Value> p = call.params();
        InputStream in;
        try {
            in = stores.forCall(call.headers()).read(container(p.get(0)), object(p.get(0)), u64(p.get(1)),
                    u64(p.get(2)));
        } catch (IOException | HostException | IllegalArgumentException e) {
            call.sendResults(List.of(err(message(e))));
            return;
        }
        try (InputStream bytes = in) {
            Value pending = Value.ListValue.ofBytes(new byte[0]);
            call.sendResults(List.of(ok(current ? new Value.TupleValue(List.of(pending, pendingStatus())) : pending)));
            OutputStream out = call.resultBytes(current ? IndexPath.of(0, 0) : IndexPath.of(0));
            byte[] buf = new byte[CHUNK];
            try {
                for (int n; (n = bytes.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                failedMidStream(call, current, "get-container-data of " + object(p.get(0)), e);
                throw e;   // and the stream is aborted: never ended short as if it were complete
            }
            out.close();
            if (current) {
                call.resultFuture(IndexPath.of(0, 1), ok(null));
            }
        }
    }

    private void write(WrpcServerCall call, boolean current) throws Exception {
        List<Value> p = call.params();
        byte[] whole = ((Value.ListValue) p.get(1)).toByteArray();
        String error = null;
        try (InputStream data = whole.length > 0 ? new java.io.ByteArrayInputStream(whole) : pendingOrEmpty(call)) {
            stores.forCall(call.headers()).write(container(p.get(0)), object(p.get(0)), data);
        } catch (IOException | HostException | IllegalArgumentException e) {
            error = message(e);
        }
        if (error != null) {
            call.sendResults(List.of(err(error)));
        } else if (current) {
            call.sendResults(List.of(ok(pendingStatus())));
            call.resultFuture(IndexPath.of(0), ok(null));
        } else {
            call.sendResults(List.of(ok(null)));
        }
    }

    /** The pending {@code data} stream, or nothing when it came whole and empty. */
    private static InputStream pendingOrEmpty(WrpcServerCall call) {
        try {
            return call.paramBytes(IndexPath.of(1));
        } catch (WrpcException notPending) {
            return InputStream.nullInputStream();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable r : registrations) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.debug("withdrawing a blobstore function: {}", e.toString());
            }
        }
        registrations.clear();
    }

    // ---------------------------------------------------------------- values

    private static Value pendingStatus() {
        return new Value.OptionValue(Optional.empty());
    }

    /** An {@code option<u64>} count: none is {@code absent}; a u64 past Long.MAX_VALUE counts as that. */
    private static long count(Value v, long absent) {
        Optional<Value> o = ((Value.OptionValue) v).value();
        return o.map(x -> u64(x) < 0 ? Long.MAX_VALUE : u64(x)).orElse(absent);   // unsigned past 2^63
    }

    private static String container(Value id) {
        return str(((Value.RecordValue) id).fields().get("container"));
    }

    private static String object(Value id) {
        return str(((Value.RecordValue) id).fields().get("object"));
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }

    private static long u64(Value v) {
        return ((Value.Int) v).value();
    }

    private static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }

    private static Value record(List<String> names, List<Value> values) {
        java.util.Map<String, Value> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), values.get(i));
        }
        return new Value.RecordValue(m);
    }

    private static Value ok(Value v) {
        return Value.ResultValue.ok(v);
    }

    private static Value err(String message) {
        return Value.ResultValue.err(new Value.Str(message));
    }
}
