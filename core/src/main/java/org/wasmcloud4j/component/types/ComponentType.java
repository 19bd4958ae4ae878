package org.wasmcloud4j.component.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The type of a component (its world, seen from outside): imports and exports by name, in order.
 *
 * <p>Names are plain labels ({@code greet}), interface names ({@code wasi:io/streams@0.2.0}) or other
 * component-model extern names.
 */
public record ComponentType(Map<String, ExternType> imports, Map<String, ExternType> exports) implements ExternType {
    /**
     * @param imports imports by name, in order (copied)
     * @param exports exports by name, in order (copied)
     */
    public ComponentType {
        imports = Collections.unmodifiableMap(new LinkedHashMap<>(imports));
        exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }
}
