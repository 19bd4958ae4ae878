package org.wasmcloud4j.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.Lattice;

/**
 * wasmCloud's built-in mapping of {@code wasi:keyvalue} ({@code store}, {@code atomics}, {@code batch},
 * {@code 0.2.0-draft}) onto a key-value provider elsewhere in the lattice, as wasmCloud 1.x hosts do it: a bucket is
 * its name, {@code store.open} is answered here without a call, and every other function becomes a call of the same
 * name on {@code wrpc:keyvalue/{interface}@0.2.0-draft} with the bucket's name in place of the bucket handle
 * ({@code get(bucket: string, key: string)}, {@code increment(bucket: string, key: string, delta: u64)},
 * {@code get-many(bucket: string, keys: list<string>)}, …). Results and the {@code error} variant have the same
 * shape on both sides and pass as they are.
 *
 * <p>When the call itself fails (nothing answers, a time-out, results that do not decode) the component gets
 * {@code error::other} naming the target and the failure, not a trap: a key-value store that is away is an error a
 * component can handle. (wasmCloud traps in that case.)
 */
final class WireKeyValue {
    /** The wire instance's version (wasmCloud's {@code wrpc:keyvalue} package). */
    static final String WIRE_VERSION = "0.2.0-draft";
    private static final String METHOD = "[method]bucket.";

    /** The object behind a bucket handle whose store is reached over the wire: only its name. */
    record Bucket(String name) {
    }

    private WireKeyValue() {}

    /** Whether {@code unversioned} ({@code ns:pkg/iface}) is one of the interfaces mapped here. */
    static boolean maps(String unversioned) {
        return unversioned.equals("wasi:keyvalue/store") || unversioned.equals("wasi:keyvalue/atomics")
                || unversioned.equals("wasi:keyvalue/batch");
    }

    /**
     * Answers {@code function} of {@code iface} ({@code store}, {@code atomics} or {@code batch}) for the component
     * {@code caller}, whose link for it points to {@code target}.
     *
     * @param buckets the host resource of the component's {@code bucket} type (for {@code open})
     * @param objectOf the object behind a handle of the component's
     * @param call the wire call: (instance, function, type, args) to results, throwing {@link HostException}
     */
    static Value call(String iface, String function, FuncType type, List<Value> args, String target,
            Lattice.Caller caller, HostResource<Object> buckets, java.util.function.Function<Value.Handle, Object> objectOf,
            WireCall call) {
        if (iface.equals("store") && function.equals("open")) {
            String name = ((Value.Str) args.get(0)).value();
            return Value.ResultValue.ok(buckets.create(new Bucket(name)));
        }
        String wireFunction = function.startsWith(METHOD) ? function.substring(METHOD.length()) : function;
        List<Value> wireArgs = new ArrayList<>(args);
        wireArgs.set(0, new Value.Str(bucketName(objectOf.apply((Value.Handle) args.get(0)))));
        List<FuncType.Param> params = new ArrayList<>(type.params());
        params.set(0, new FuncType.Param("bucket", PrimitiveType.STRING));
        FuncType wireType = new FuncType(params, type.result());
        String instance = "wrpc:keyvalue/" + iface + "@" + WIRE_VERSION;
        try {
            return call.call(instance, wireFunction, wireType, wireArgs).orElse(null);
        } catch (HostException e) {
            return other(caller.sourceId() + ": " + instance + "." + wireFunction + " on " + target + " failed: "
                    + e.getMessage());
        }
    }

    /** The name of the bucket behind a handle whose object is {@code o}. */
    private static String bucketName(Object o) {
        if (o instanceof Bucket b) {
            return b.name();
        }
        throw new HostException("a bucket opened on the host's own store cannot be used with a store linked to "
                + "another host: open it again");
    }

    /** {@code err(error::other(message))}. */
    static Value other(String message) {
        return Value.ResultValue.err(new Value.VariantValue("other", Optional.of(new Value.Str(message))));
    }

    /** A call over the lattice. */
    @FunctionalInterface
    interface WireCall {
        /** Calls {@code function} of {@code instance} with {@code type} and {@code args}. */
        Optional<Value> call(String instance, String function, FuncType type, List<Value> args);
    }
}
