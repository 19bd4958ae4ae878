package org.wasmcloud4j.component.types;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A variant: named cases in order, each with an optional payload; at least one case, names unique. */
public record VariantType(List<Case> cases) implements ValType {
    /** One variant case. */
    public record Case(String name, Optional<ValType> type) {
        /**
         * @param name the case name (a WIT label)
         * @param type the payload type, if any
         */
        public Case {
            Labels.requireLabel("case", name);
            Objects.requireNonNull(type, "type");
        }

        /** A case with a nullable payload type. */
        public static Case of(String name, ValType type) {
            return new Case(name, Optional.ofNullable(type));
        }
    }

    /** @param cases the cases in order (copied) */
    public VariantType {
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a variant needs at least one case");
        }
        Set<String> seen = new HashSet<>();
        for (Case c : cases) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("duplicate variant case '" + c.name() + "'");
            }
        }
    }

    @Override
    public boolean containsHandles() {
        return cases.stream().anyMatch(c -> c.type().map(ValType::containsHandles).orElse(false));
    }

    @Override
    public String toString() {
        return cases.stream().map(c -> c.name() + c.type().map(t -> "(" + t + ")").orElse(""))
                .collect(Collectors.joining(", ", "variant { ", " }"));
    }
}
