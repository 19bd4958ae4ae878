package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;

/**
 * The decoded {@code producers} custom section (tool conventions): fields such as {@code language},
 * {@code processed-by} and {@code sdk}, each with named, versioned values.
 *
 * @param fields the fields in order
 */
public record Producers(List<Field> fields) {
    /** Copies the list. */
    public Producers {
        fields = List.copyOf(fields);
    }

    /**
     * One field.
     *
     * @param name field name, e.g. {@code "processed-by"}
     * @param values the values in order
     */
    public record Field(String name, List<Value> values) {
        /** Copies the list. */
        public Field {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    /**
     * One value of a field.
     *
     * @param name e.g. {@code "wit-component"}
     * @param version e.g. {@code "0.220.0"} (may be empty)
     */
    public record Value(String name, String version) {
        /** Checks nulls. */
        public Value {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }
}
