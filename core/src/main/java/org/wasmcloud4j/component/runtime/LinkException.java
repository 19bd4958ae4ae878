package org.wasmcloud4j.component.runtime;

import java.util.List;

/** A component's imports cannot all be satisfied by a {@link Linker}; {@link #missing()} names every one. */
public final class LinkException extends org.wasmcloud4j.Wasmcloud4jException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    LinkException(List<String> missing) {
        super("cannot satisfy " + missing.size() + " import(s): " + String.join("; ", missing));
        this.missing = List.copyOf(missing);
    }

    /** One entry per unsatisfied import item, e.g. {@code "example:fixtures/host@0.1.0: function 'log'"}. */
    public List<String> missing() {
        return missing;
    }
}
