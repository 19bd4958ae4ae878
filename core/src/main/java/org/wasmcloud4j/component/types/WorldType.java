package org.wasmcloud4j.component.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A WIT world: named imports and exports. Each item is an {@link InterfaceType interface} (named by its interface
 * name, or inline under a plain label), a {@link FuncType function}, or (imports only) a {@link TypeExtern type}.
 */
public record WorldType(Optional<PackageName> packageName, String name, Map<String, ExternType> imports,
        Map<String, ExternType> exports) {
    /**
     * @param packageName the package that defines the world, if known
     * @param name the world name
     * @param imports imports in order (copied)
     * @param exports exports in order (copied)
     */
    public WorldType {
        Objects.requireNonNull(packageName, "packageName");
        Labels.requireLabel("world", name);
        imports = Collections.unmodifiableMap(new LinkedHashMap<>(imports));
        exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }

    /** The component type of a component that targets this world. */
    public ComponentType componentType() {
        return new ComponentType(imports, exports);
    }
}
