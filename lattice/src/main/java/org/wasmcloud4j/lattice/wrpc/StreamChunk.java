package org.wasmcloud4j.lattice.wrpc;

import java.util.List;
import org.wasmcloud4j.component.value.Value;

/**
 * One chunk of a pending stream: its elements, and async values among them that were sent pending. An empty chunk
 * ends the stream.
 *
 * @param elements the elements of this chunk
 * @param pending pending async values inside the elements
 */
public record StreamChunk(List<Value> elements, List<PendingAsync> pending) {
    /**
     * @param elements the elements
     * @param pending pending async values inside them
     */
    public StreamChunk {
        elements = List.copyOf(elements);
        pending = List.copyOf(pending);
    }

    /** Whether this is the empty chunk that ends the stream. */
    public boolean isEnd() {
        return elements.isEmpty();
    }
}
