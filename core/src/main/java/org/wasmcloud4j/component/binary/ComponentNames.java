package org.wasmcloud4j.component.binary;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The decoded {@code component-name} custom section: the component's own name and names of items per sort.
 *
 * @param componentName the component's name, if given
 * @param names for each sort that has names, index to name
 */
public record ComponentNames(Optional<String> componentName, Map<Sort, Map<Integer, String>> names) {
    /** Copies the maps. */
    public ComponentNames {
        Objects.requireNonNull(componentName, "componentName");
        EnumMap<Sort, Map<Integer, String>> copy = new EnumMap<>(Sort.class);
        names.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        names = Collections.unmodifiableMap(copy);
    }

    /** The name of item {@code index} of {@code sort}, if named. */
    public Optional<String> nameOf(Sort sort, int index) {
        Map<Integer, String> m = names.get(sort);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(index));
    }
}
