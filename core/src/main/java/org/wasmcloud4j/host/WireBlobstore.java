package org.wasmcloud4j.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.capability.BlobstoreCapability;
import org.wasmcloud4j.host.lattice.Lattice;

/**
 * wasmCloud's built-in mapping of {@code wasi:blobstore} ({@code blobstore}, {@code container}, {@code types},
 * {@code 0.2.0-draft}) onto a blobstore provider elsewhere in the lattice, as wasmCloud 1.x hosts do it (v1.9.2
 * {@code crates/runtime/src/component/blobstore.rs}): every call becomes one on
 * {@code wrpc:blobstore/blobstore@0.2.0} (what wasmCloud's own blobstore providers serve), made again on
 * {@code @0.1.0} when nothing serves it ({@link NotServedException}: wasmCloud's fallback for older providers); a
 * container is its name (the handle holds only the name), and
 * <ul>
 *   <li>{@code get-container(name)} is {@code container-exists(name)} (false: error "container does not exist");
 *       {@code container.name} is answered here; {@code container.info} is {@code get-container-info(name)} and
 *       {@code object-info} is {@code get-object-info(object-id)}, the names added here;</li>
 *   <li>{@code get-data(name, start, end)} is {@code get-container-data(object-id, start, end) ->
 *       result<tuple<stream<u8>, future<result<_, string>>>, string>} ({@code @0.1.0}: {@code result<stream<u8>,
 *       string>}): the {@code incoming-value} reads the bytes as their chunks arrive (a pending stream on
 *       {@code results.0.0}, {@code @0.1.0}: {@code results.0}), any size, within the wRPC buffer bound while unread;
 *       the status future ({@code results.0.1}) is read at the stream's end and a failed one is a read error (a
 *       status already failed in the results is the error of {@code get-data});</li>
 *   <li>{@code write-data(name, value)} sends {@code write-container-data(object-id, data: stream<u8>) ->
 *       result<future<result<_, string>>, string>} ({@code @0.1.0}: {@code result<_, string>}) when the value is
 *       finished: the value is staged on disk as a local one, then streamed from there as a pending stream
 *       ({@code params.1}), any size; the error (or failed status) is what {@code finish} returns. wasmCloud starts
 *       the call at {@code write-data} and streams the body as it is written;</li>
 *   <li>{@code list-objects} is {@code list-container-objects(name, none, none) -> result<tuple<stream<string>,
 *       future<result<_, string>>>, string>} ({@code @0.1.0}: {@code result<stream<string>, string>}), the names
 *       read from the wire as {@code read-} and {@code skip-stream-object-names} ask for them (the call stays open
 *       until their end, a failure, or the stream's drop);</li>
 *   <li>{@code delete-object(name)} is {@code delete-objects(container, [name])}; the rest keep their names
 *       ({@code clear} is {@code clear-container}).</li>
 * </ul>
 * The {@code types} functions ({@code outgoing-value}, {@code incoming-value}) are the host's own, on values whose
 * bytes come from or go to the wire. When a call itself fails (nothing answers, a time-out, results that do not
 * decode) the component gets the error string naming the target and the failure, not a trap.
 */
final class WireBlobstore {
    /** The wire instance called first (what wasmCloud v1.9.2's blobstore providers serve). */
    static final String INSTANCE = "wrpc:blobstore/blobstore@0.2.0";
    /** The wire instance called when nothing serves {@link #INSTANCE} (older providers; v1.9.2 falls back to it). */
    static final String FALLBACK = "wrpc:blobstore/blobstore@0.1.0";
    private static final String CONTAINER = "[method]container.";
    private static final String NAMES = "[method]stream-object-names.";
    private static final ValType STR = PrimitiveType.STRING;
    static final ValType U64 = PrimitiveType.U64;
    /** {@code future<result<_, string>>}: the status of a {@code @0.2.0} transfer. */
    static final FutureType STATUS = FutureType.of(new ResultType(Optional.empty(), Optional.of(STR)));
    static final RecordType OBJECT_ID = new RecordType(List.of(new RecordType.Field("container", STR),
            new RecordType.Field("object", STR)));

    /** The object behind a container handle whose blobstore is reached over the wire: only its name. */
    record Container(String name) {
    }

    /**
     * The object behind a {@code stream-object-names} of such a container: the names as they arrive over the wire
     * (the provider streams them), read as the component asks; at their end the {@code @0.2.0} status future, if it
     * was pending, is read, and a failed one is the last read's error. The call is released at the end, at a failure,
     * or when the component drops the stream.
     */
    static final class Names {
        private final java.util.Iterator<Value> names;
        private final Lattice.StreamingCall call;
        private final java.util.function.Supplier<Value> status;
        private final String what;
        private boolean ended;
        private Value failure;

        /**
         * @param status the pending status future's value, read at the end; {@code null} when it was ready and ok
         * @param what the call, named at the start of errors
         */
        Names(java.util.Iterator<Value> names, Lattice.StreamingCall call, java.util.function.Supplier<Value> status,
                String what) {
            this.names = names;
            this.call = call;
            this.status = status;
            this.what = what;
        }

        /**
         * {@code read-} ({@code keep}) or {@code skip-stream-object-names}: up to {@code asked} names (at most
         * {@value BlobstoreCapability#MAX_NAMES_PER_READ}) and whether they are the last, or the error.
         */
        synchronized Value read(long asked, boolean keep) {
            if (failure != null) {
                return failure;
            }
            long cap = Long.compareUnsigned(asked, BlobstoreCapability.MAX_NAMES_PER_READ) > 0
                    ? BlobstoreCapability.MAX_NAMES_PER_READ : asked;
            List<Value> got = new ArrayList<>();
            long n = 0;
            try {
                while (n < cap && !ended && names.hasNext()) {
                    Value v = names.next();
                    if (keep) {
                        got.add(v);
                    }
                    n++;
                }
                boolean end = ended || !names.hasNext();
                if (end && !ended) {
                    ended = true;
                    Value st = status == null ? null : status.get();
                    release();
                    if (st != null && !isOk(st)) {
                        failure = st;
                        return failure;
                    }
                }
                return Value.ResultValue.ok(new Value.TupleValue(List.of(keep ? new Value.ListValue(got)
                        : new Value.Int(PrimitiveType.U64, n), new Value.Bool(end))));
            } catch (HostException | ClassCastException e) {
                failure = err(what + e.getMessage());
                release();
                return failure;
            }
        }

        /** Releases the call (idempotent). */
        void release() {
            call.close();
        }
    }

    private WireBlobstore() {}

    /** Whether {@code unversioned} ({@code ns:pkg/iface}) is one of the interfaces mapped here. */
    static boolean maps(String unversioned) {
        return unversioned.equals("wasi:blobstore/blobstore") || unversioned.equals("wasi:blobstore/container")
                || unversioned.equals("wasi:blobstore/types");
    }

    /** Whether {@code o}, the object behind a handle, is one of this mapping's (its destructor is {@link #drop}). */
    static boolean isWireObject(Object o) {
        return o instanceof Container || o instanceof Names;
    }

    /** The destructor of this mapping's objects: a stream of names releases its call. */
    static void drop(Object o) {
        if (o instanceof Names n) {
            n.release();
        }
    }

    /**
     * Answers {@code function} of {@code iface} ({@code blobstore} or {@code container}; {@code types} stays with
     * the host's own functions) for {@code caller}, whose link points to {@code target}.
     *
     * @param resultResource the host resource of the handle in the function's result, if any
     * @param objectOf the object behind a handle of the component's
     * @param call the wire call: (instance, function, type, args) to results, throwing {@link HostException}
     */
    static Value call(String iface, String function, FuncType type, List<Value> args, String target,
            Lattice.Caller caller, HostResource<Object> resultResource, Function<Value.Handle, Object> objectOf,
            WireKeyValue.WireCall call, WireStart start) {
        Wire w = new Wire(target, caller, call, start);
        if (iface.equals("blobstore")) {
            return switch (function) {
                case "create-container" -> {
                    Value r = w.call("create-container", List.of(param("name", STR)), unitResult(), args);
                    yield isOk(r) ? Value.ResultValue.ok(resultResource.create(new Container(str(args.get(0))))) : r;
                }
                case "get-container" -> {
                    Value r = w.call("container-exists", List.of(param("name", STR)), result(PrimitiveType.BOOL),
                            args);
                    if (!isOk(r)) {
                        yield r;
                    }
                    yield ((Value.Bool) ok(r)).value()
                            ? Value.ResultValue.ok(resultResource.create(new Container(str(args.get(0)))))
                            : err("container does not exist");
                }
                case "delete-container" -> w.call(function, List.of(param("name", STR)), unitResult(), args);
                case "container-exists" -> w.call(function, List.of(param("name", STR)), result(PrimitiveType.BOOL),
                        args);
                case "copy-object", "move-object" -> w.call(function, List.of(param("src", OBJECT_ID),
                        param("dest", OBJECT_ID)), unitResult(), args);
                default -> err("wasi:blobstore/blobstore." + function + " has no wrpc:blobstore mapping");
            };
        }
        if (function.startsWith(NAMES)) {
            return names(function.substring(NAMES.length()), args, objectOf);
        }
        if (!function.startsWith(CONTAINER)) {
            return err("wasi:blobstore/container." + function + " has no wrpc:blobstore mapping");
        }
        Object o = objectOf.apply((Value.Handle) args.get(0));
        if (!(o instanceof Container c)) {
            return err("a container opened on the host's own blobstore cannot be used with a blobstore linked to "
                    + "another host: get it again");
        }
        Value name = new Value.Str(c.name());
        String method = function.substring(CONTAINER.length());
        switch (method) {
            case "name":
                return Value.ResultValue.ok(name);
            case "info": {
                Value r = w.call("get-container-info", List.of(param("name", STR)),
                        result(record("created-at")), List.of(name));
                if (!isOk(r)) {
                    return r;
                }
                Map<String, Value> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("created-at", field(ok(r), "created-at"));
                return Value.ResultValue.ok(new Value.RecordValue(m));
            }
            case "get-data": {
                String what = describe(c, args.get(1));
                WireTransfers.Got got = WireTransfers.get(w, what, List.of(id(c, args.get(1)), args.get(2),
                        args.get(3)));
                if (got.error() != null) {
                    return got.error();
                }
                return Value.ResultValue.ok(resultResource.create(BlobstoreCapability.remoteIncoming(got.bytes(),
                        what)));
            }
            case "write-data": {
                Value id = id(c, args.get(1));
                String what = describe(c, args.get(1));
                String refused = BlobstoreCapability.writeRemotely(objectOf.apply((Value.Handle) args.get(2)), what,
                        (bytes, length) -> WireTransfers.write(w, id, bytes));
                return refused == null ? Value.ResultValue.ok(null) : err(refused);
            }
            case "list-objects": {
                Object listed = WireTransfers.list(w, name);
                return listed instanceof Names n ? Value.ResultValue.ok(resultResource.create(n)) : (Value) listed;
            }
            case "delete-object":
                return w.call("delete-objects", List.of(param("container", STR),
                        param("objects", new ListType(STR))), unitResult(),
                        List.of(name, new Value.ListValue(List.of(args.get(1)))));
            case "delete-objects":
                return w.call("delete-objects", List.of(param("container", STR),
                        param("objects", new ListType(STR))), unitResult(), List.of(name, args.get(1)));
            case "has-object":
                return w.call("has-object", List.of(param("id", OBJECT_ID)), result(PrimitiveType.BOOL),
                        List.of(id(c, args.get(1))));
            case "object-info": {
                Value r = w.call("get-object-info", List.of(param("id", OBJECT_ID)),
                        result(record("created-at", "size")), List.of(id(c, args.get(1))));
                if (!isOk(r)) {
                    return r;
                }
                Map<String, Value> m = new LinkedHashMap<>();
                m.put("name", args.get(1));
                m.put("container", name);
                m.put("created-at", field(ok(r), "created-at"));
                m.put("size", field(ok(r), "size"));
                return Value.ResultValue.ok(new Value.RecordValue(m));
            }
            case "clear":
                return w.call("clear-container", List.of(param("name", STR)), unitResult(), List.of(name));
            default:
                return err("wasi:blobstore/container." + function + " has no wrpc:blobstore mapping");
        }
    }

    /** {@code read-} and {@code skip-stream-object-names} on names listed over the wire. */
    private static Value names(String method, List<Value> args, Function<Value.Handle, Object> objectOf) {
        if (!(objectOf.apply((Value.Handle) args.get(0)) instanceof Names n)) {
            return err("the stream-object-names is not one of a blobstore linked to another host");
        }
        return n.read(((Value.Int) args.get(1)).value(), method.equals("read-stream-object-names"));
    }

    /** Starts a call over the lattice whose streams flow ({@link Lattice#start}). */
    @FunctionalInterface
    interface WireStart {
        Lattice.StreamingCall start(String instance, String function, FuncType type, List<Value> args);
    }

    /**
     * Wire calls to one target, on {@link #INSTANCE} and again on {@link #FALLBACK} when nothing serves it: failures
     * of the call itself become the error string.
     */
    record Wire(String target, Lattice.Caller caller, WireKeyValue.WireCall call, WireStart start) {
        /** A function whose types are the same in both versions. */
        Value call(String function, List<FuncType.Param> params, ValType result, List<Value> args) {
            return versioned(function, params, result, result, args).value();
        }

        /** The result, and whether {@link #INSTANCE} (not the fallback) gave it. */
        private record Versioned(Value value, boolean current) {
        }

        private Versioned versioned(String function, List<FuncType.Param> params, ValType current,
                ValType fallback, List<Value> args) {
            try {
                return new Versioned(once(INSTANCE, function, params, current, args), true);
            } catch (NotServedException e) {
                try {
                    return new Versioned(once(FALLBACK, function, params, fallback, args), false);
                } catch (HostException | ClassCastException f) {
                    return new Versioned(err(prefix(FALLBACK, function) + f.getMessage() + " (nothing serves "
                            + INSTANCE + " either)"), false);
                }
            } catch (HostException | ClassCastException e) {
                return new Versioned(err(prefix(INSTANCE, function) + e.getMessage()), true);
            }
        }

        private Value once(String instance, String function, List<FuncType.Param> params, ValType result,
                List<Value> args) {
            Value r = call.call(instance, function, new FuncType(params, Optional.of(result)), args).orElse(null);
            if (!(r instanceof Value.ResultValue)) {
                throw new HostException("returned no result");
            }
            return r;
        }

        String prefix(String instance, String function) {
            return caller.sourceId() + ": " + instance + "." + function + " on " + target + " failed: ";
        }
    }

    static FuncType.Param param(String name, ValType type) {
        return new FuncType.Param(name, type);
    }

    static ResultType result(ValType ok) {
        return new ResultType(Optional.of(ok), Optional.of(STR));
    }

    static ResultType unitResult() {
        return new ResultType(Optional.empty(), Optional.of(STR));
    }

    /** A record of {@code u64} fields named {@code names}. */
    private static RecordType record(String... names) {
        List<RecordType.Field> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(new RecordType.Field(n, U64));
        }
        return new RecordType(fields);
    }

    private static Value id(Container c, Value object) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("container", new Value.Str(c.name()));
        m.put("object", object);
        return new Value.RecordValue(m);
    }

    private static String describe(Container c, Value object) {
        return "object '" + str(object) + "' in container '" + c.name() + "'";
    }

    static boolean isOk(Value r) {
        return ((Value.ResultValue) r).isOk();
    }

    private static Value ok(Value r) {
        return ((Value.ResultValue) r).payload().orElseThrow();
    }

    private static Value field(Value record, String name) {
        return ((Value.RecordValue) record).fields().get(name);
    }

    static Value none() {
        return new Value.OptionValue(Optional.empty());
    }

    static String str(Value v) {
        return ((Value.Str) v).value();
    }

    /** {@code err(message)}: the blobstore's error is a string. */
    static Value err(String message) {
        return Value.ResultValue.err(new Value.Str(message));
    }
}
