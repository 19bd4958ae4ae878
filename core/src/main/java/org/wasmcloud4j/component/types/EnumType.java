package org.wasmcloud4j.component.types;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An enum: named cases without payloads; at least one, names unique. */
public record EnumType(List<String> cases) implements ValType {
    /** @param cases the case names in order (copied) */
    public EnumType {
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("an enum needs at least one case");
        }
        Set<String> seen = new HashSet<>();
        for (String c : cases) {
            Labels.requireLabel("enum case", c);
            if (!seen.add(c)) {
                throw new IllegalArgumentException("duplicate enum case '" + c + "'");
            }
        }
    }

    @Override
    public String toString() {
        return "enum { " + String.join(", ", cases) + " }";
    }
}
