package org.wasmcloud4j.component.types;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Flags: a set of named bits; 1 to 32 flags, names unique (the 0.2 limit). */
public record FlagsType(List<String> flags) implements ValType {
    /** Most flags a 0.2 component may declare. */
    public static final int MAX_FLAGS = 32;

    /** @param flags the flag names in order (copied) */
    public FlagsType {
        flags = List.copyOf(flags);
        if (flags.isEmpty() || flags.size() > MAX_FLAGS) {
            throw new IllegalArgumentException("flags need 1 to " + MAX_FLAGS + " names, got " + flags.size());
        }
        Set<String> seen = new HashSet<>();
        for (String f : flags) {
            Labels.requireLabel("flag", f);
            if (!seen.add(f)) {
                throw new IllegalArgumentException("duplicate flag '" + f + "'");
            }
        }
    }

    @Override
    public String toString() {
        return "flags { " + String.join(", ", flags) + " }";
    }
}
