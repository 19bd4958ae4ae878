package org.wasmcloud4j.host.capability;

import static org.wasmcloud4j.component.value.Value.ResultValue.ok;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:keyvalue} store, atomics and batch ({@code 0.2.0-draft}, as wasmCloud 1.x components import them) on
 * an in-memory store shared by the host's components: {@code open} gives a bucket of that name (created on first
 * use), values are bytes, {@code increment} keeps numbers as decimal text (as Redis does), {@code list-keys} pages
 * through the sorted keys 1000 at a time with the offset as cursor. Thread-safe.
 */
public final class KeyValueCapability {
    /** One store per scope (hosts built on the same lattice object share one, as they would share a provider). */
    private static final Map<Object, KeyValueCapability> SHARED = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<>());

    /** Keys per {@code list-keys} page. */
    public static final int PAGE = 1000;
    private static final String STORE = "wasi:keyvalue/store@0.2.0-draft";

    private final Map<String, ConcurrentMap<String, byte[]>> buckets = new ConcurrentHashMap<>();

    /** A new, empty store. */
    public KeyValueCapability() {
    }

    /**
     * The store shared by everything that asks with the same {@code scope} (compared by identity of its
     * {@code equals}; held weakly): the hosts of one lattice object share one in-memory store.
     */
    public static KeyValueCapability sharedBy(Object scope) {
        return SHARED.computeIfAbsent(java.util.Objects.requireNonNull(scope, "scope"), k -> new KeyValueCapability());
    }

    /** Defines {@code wasi:keyvalue} store, atomics and batch on {@code linker}. */
    public void define(CapabilityLinker linker) {
        HostResource<ConcurrentMap<String, byte[]>> handles = linker.defineResource(STORE, "bucket", b -> { });
        linker.defineFunction(STORE, "open", a -> ok(handles.create(
                buckets.computeIfAbsent(str(a.get(0)), k -> new ConcurrentHashMap<>()))));
        linker.defineFunction(STORE, "[method]bucket.get", a -> ok(new Value.OptionValue(Optional.ofNullable(
                handles.get(a.get(0)).get(str(a.get(1)))).map(Value.ListValue::ofBytes))));
        linker.defineFunction(STORE, "[method]bucket.set", a -> {
            handles.get(a.get(0)).put(str(a.get(1)), ((Value.ListValue) a.get(2)).toByteArray());
            return ok(null);
        });
        linker.defineFunction(STORE, "[method]bucket.delete", a -> {
            handles.get(a.get(0)).remove(str(a.get(1)));
            return ok(null);
        });
        linker.defineFunction(STORE, "[method]bucket.exists",
                a -> ok(new Value.Bool(handles.get(a.get(0)).containsKey(str(a.get(1))))));
        linker.defineFunction(STORE, "[method]bucket.list-keys", a -> {
            List<String> keys = new ArrayList<>(handles.get(a.get(0)).keySet());
            keys.sort(null);
            long from = ((Value.OptionValue) a.get(1)).value().map(v -> ((Value.Int) v).value()).orElse(0L);
            // the cursor is a u64: one past the keys (also past 2^63) is the end, not the start again
            int start = Long.compareUnsigned(from, keys.size()) > 0 ? keys.size() : (int) from;
            int end = Math.min(keys.size(), start + PAGE);
            List<Value> page = new ArrayList<>();
            keys.subList(start, end).forEach(k -> page.add(new Value.Str(k)));
            Optional<Value> cursor = end < keys.size() ? Optional.of(new Value.Int(PrimitiveType.U64, end))
                    : Optional.empty();
            Map<String, Value> response = new java.util.LinkedHashMap<>();
            response.put("keys", new Value.ListValue(page));
            response.put("cursor", new Value.OptionValue(cursor));
            return ok(new Value.RecordValue(response));
        });

        String atomics = "wasi:keyvalue/atomics@0.2.0-draft";
        linker.defineFunction(atomics, "increment", a -> {
            ConcurrentMap<String, byte[]> bucket = handles.get(a.get(0));
            long delta = ((Value.Int) a.get(2)).value();
            long[] result = new long[1];
            try {
                bucket.compute(str(a.get(1)), (k, old) -> {
                    long now = (old == null ? 0 : Long.parseUnsignedLong(new String(old, StandardCharsets.UTF_8)))
                            + delta;
                    result[0] = now;
                    return Long.toUnsignedString(now).getBytes(StandardCharsets.UTF_8);
                });
            } catch (NumberFormatException e) {
                return err("the value of '" + str(a.get(1)) + "' is not a number");
            }
            return ok(new Value.Int(PrimitiveType.U64, result[0]));
        });

        String batch = "wasi:keyvalue/batch@0.2.0-draft";
        linker.defineFunction(batch, "get-many", a -> {
            ConcurrentMap<String, byte[]> bucket = handles.get(a.get(0));
            List<Value> out = new ArrayList<>();
            for (Value k : ((Value.ListValue) a.get(1)).elements()) {
                byte[] v = bucket.get(str(k));
                out.add(new Value.OptionValue(v == null ? Optional.empty()
                        : Optional.of(new Value.TupleValue(List.of(k, Value.ListValue.ofBytes(v))))));
            }
            return ok(new Value.ListValue(out));
        });
        linker.defineFunction(batch, "set-many", a -> {
            ConcurrentMap<String, byte[]> bucket = handles.get(a.get(0));
            for (Value kv : ((Value.ListValue) a.get(1)).elements()) {
                List<Value> pair = ((Value.TupleValue) kv).elements();
                bucket.put(str(pair.get(0)), ((Value.ListValue) pair.get(1)).toByteArray());
            }
            return ok(null);
        });
        linker.defineFunction(batch, "delete-many", a -> {
            ConcurrentMap<String, byte[]> bucket = handles.get(a.get(0));
            ((Value.ListValue) a.get(1)).elements().forEach(k -> bucket.remove(str(k)));
            return ok(null);
        });
    }

    /** The bytes under {@code key} in bucket {@code bucket}, if any (for embedders and tests). */
    /** The value of {@code key} in {@code bucket}, if set. */
    public Optional<byte[]> get(String bucket, String key) {
        Map<String, byte[]> b = buckets.get(bucket);
        return Optional.ofNullable(b == null ? null : b.get(key));
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }

    private static Value err(String message) {
        return Value.ResultValue.err(new Value.VariantValue("other", Optional.of(new Value.Str(message))));
    }
}
