package org.wasmcloud4j.host.capability;

import static org.wasmcloud4j.component.value.Value.ResultValue.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:config/store} ({@code 0.2.0-draft}, as wasmCloud 1.9 hosts serve it, and {@code 0.2.0-rc.1}, what
 * wasmCloud's current components import: the same functions and error variant) and its older name
 * {@code wasi:config/runtime@0.2.0-draft}, answered from a component's merged named configuration, read at call time
 * so that updates apply to the next call. Pre-release versions match only exactly, so each is defined on its own.
 */
/** The built-in {@code wasi:config}. */
public final class ConfigCapability {
    private ConfigCapability() {
    }

    /** The interfaces served, each with {@code get} and {@code get-all}. */
    static final List<String> INTERFACES = List.of("wasi:config/store@0.2.0-draft", "wasi:config/store@0.2.0-rc.1",
            "wasi:config/runtime@0.2.0-draft");

    /** Defines every supported {@code wasi:config} version on {@code linker}, answering from {@code config}. */
    public static void define(Linker linker, Supplier<Map<String, String>> config) {
        for (String iface : INTERFACES) {
            linker.defineFunction(iface, "get", a -> {
                String v = config.get().get(((Value.Str) a.get(0)).value());
                return ok(new Value.OptionValue(Optional.ofNullable(v).map(Value.Str::new)));
            });
            linker.defineFunction(iface, "get-all", a -> {
                List<Value> entries = new ArrayList<>();
                new TreeMap<>(config.get()).forEach((k, v) -> entries.add(
                        new Value.TupleValue(List.of(new Value.Str(k), new Value.Str(v)))));
                return ok(new Value.ListValue(entries));
            });
        }
    }
}
