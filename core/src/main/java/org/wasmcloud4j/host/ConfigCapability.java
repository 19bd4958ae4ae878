package org.wasmcloud4j.host;

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
 * {@code wasi:config/store} and its older name {@code wasi:config/runtime} (both {@code 0.2.0-draft}), answered from
 * a component's merged named configuration, read at call time so that updates apply to the next call.
 */
final class ConfigCapability {
    private ConfigCapability() {
    }

    static void define(Linker linker, Supplier<Map<String, String>> config) {
        for (String iface : List.of("wasi:config/store@0.2.0-draft", "wasi:config/runtime@0.2.0-draft")) {
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
