package org.wasmcloud4j.component.binary;

import java.util.Objects;

/**
 * A {@code sortidx}: an index into the index space of {@code sort}.
 *
 * @param sort which index space
 * @param index the index in it
 */
public record SortIndex(Sort sort, int index) {
    /** Checks that {@code sort} is given. */
    public SortIndex {
        Objects.requireNonNull(sort, "sort");
    }
}
