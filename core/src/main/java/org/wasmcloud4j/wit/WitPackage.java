package org.wasmcloud4j.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.WorldType;

/**
 * One resolved WIT package: its interfaces and worlds in the shared type model, in source order.
 *
 * <p>Documentation comments are kept by path: {@code "iface"}, {@code "iface/item"} and {@code "iface/item/member"}
 * for interfaces, their types and functions, and record fields, variant/enum cases and flags; worlds use the same
 * scheme ({@code "world"}, {@code "world/import-or-export-name"}). Resource functions use their component-model
 * names ({@code "iface/[method]blob.read"}).
 */
public record WitPackage(PackageName name, Map<String, InterfaceType> interfaces, Map<String, WorldType> worlds,
        Map<String, String> docs, Map<String, String> gates) {
    /**
     * @param name the package name
     * @param interfaces interfaces by name, in order (copied)
     * @param worlds worlds by name, in order (copied)
     * @param docs documentation by path (copied)
     * @param gates feature gates by the same paths as docs, as WIT text ({@code @since(version = 0.2.1)}; one
     *     line per gate)
     */
    public WitPackage {
        Objects.requireNonNull(name, "name");
        interfaces = Collections.unmodifiableMap(new LinkedHashMap<>(interfaces));
        worlds = Collections.unmodifiableMap(new LinkedHashMap<>(worlds));
        docs = Collections.unmodifiableMap(new LinkedHashMap<>(docs));
        gates = Collections.unmodifiableMap(new LinkedHashMap<>(gates));
        for (String w : worlds.keySet()) {
            if (interfaces.containsKey(w)) {
                throw new IllegalArgumentException("'" + w + "' is both an interface and a world of " + name);
            }
        }
    }

    /** A package without documentation or gates. */
    public WitPackage(PackageName name, Map<String, InterfaceType> interfaces, Map<String, WorldType> worlds) {
        this(name, interfaces, worlds, Map.of(), Map.of());
    }

    /** The feature gates at {@code path} (WIT text, one line per gate), if any. */
    public Optional<String> gates(String path) {
        return Optional.ofNullable(gates.get(path));
    }

    /** The interface named {@code name} in this package. */
    public Optional<InterfaceType> interfaceType(String name) {
        return Optional.ofNullable(interfaces.get(name));
    }

    /** The world named {@code name} in this package. */
    public Optional<WorldType> world(String name) {
        return Optional.ofNullable(worlds.get(name));
    }

    /** The documentation at {@code path} (see the class description), if any. */
    public Optional<String> docs(String path) {
        return Optional.ofNullable(docs.get(path));
    }

    /** The full name of interface {@code iface} of this package. */
    public InterfaceName interfaceName(String iface) {
        return InterfaceName.of(name, iface);
    }
}
