package org.wasmcloud4j.lattice.nats;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.PrimitiveType;

/**
 * wasmCloud's mapping of an exported {@code wasi:keyvalue/watcher@0.2.0-draft} onto wRPC (protocol notes §4.5,
 * wasmCloud v1.9.2 {@code crates/runtime/src/component/keyvalue.rs}): the component is served as
 * {@code wrpc:keyvalue/watcher@0.2.0-draft.on-set(bucket: string, key: string, value: list<u8>)} and
 * {@code on-delete(bucket: string, key: string)}, so a key-value provider delivers its watch events to it. The bucket
 * travels as its name; the host hands the component a bucket handle opened for that name, as the component's own
 * {@code store.open} would (wasmCloud instead reads the string as a u32 handle representation).
 */
final class WrpcKeyValueWatcher {
    static final String INSTANCE = "wrpc:keyvalue/watcher@0.2.0-draft";
    private static final FuncType.Param BUCKET = new FuncType.Param("bucket", PrimitiveType.STRING);
    private static final FuncType.Param KEY = new FuncType.Param("key", PrimitiveType.STRING);
    /** The wire types of the functions, by name. */
    static final Map<String, FuncType> FUNCTIONS = Map.of(
            "on-set", new FuncType(List.of(BUCKET, KEY, new FuncType.Param("value", new ListType(PrimitiveType.U8))),
                    Optional.empty()),
            "on-delete", new FuncType(List.of(BUCKET, KEY), Optional.empty()));

    private WrpcKeyValueWatcher() {}

    /** Whether an export is {@code wasi:keyvalue/watcher} at the version wasmCloud maps. */
    static boolean isWatcher(String instance) {
        return instance.equals("wasi:keyvalue/watcher@0.2.0-draft");
    }
}
