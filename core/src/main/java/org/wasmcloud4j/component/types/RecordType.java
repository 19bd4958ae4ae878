package org.wasmcloud4j.component.types;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** A record: named fields in order; at least one field, names unique. */
public record RecordType(List<Field> fields) implements ValType {
    /** One record field. */
    public record Field(String name, ValType type) {
        /**
         * @param name the field name (a WIT label)
         * @param type the field type
         */
        public Field {
            Labels.requireLabel("field", name);
            Objects.requireNonNull(type, "type");
        }
    }

    /** @param fields the fields in order (copied) */
    public RecordType {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a record needs at least one field");
        }
        Set<String> seen = new HashSet<>();
        for (Field f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("duplicate record field '" + f.name() + "'");
            }
        }
    }

    @Override
    public boolean containsHandles() {
        return fields.stream().anyMatch(f -> f.type().containsHandles());
    }

    @Override
    public String toString() {
        return fields.stream().map(f -> f.name() + ": " + f.type()).collect(Collectors.joining(", ", "record { ", " }"));
    }
}
