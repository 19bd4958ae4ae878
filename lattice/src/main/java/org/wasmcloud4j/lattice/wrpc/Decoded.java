package org.wasmcloud4j.lattice.wrpc;

import java.util.List;

/**
 * Values read from a channel, and the async values among them that were sent pending (their content follows on
 * their own channels).
 *
 * @param values the values, in order
 * @param pending the pending streams and futures, in the order met
 */
public record Decoded(List<org.wasmcloud4j.component.value.Value> values, List<PendingAsync> pending) {
    /**
     * @param values the values
     * @param pending the pending async values
     */
    public Decoded {
        values = List.copyOf(values);
        pending = List.copyOf(pending);
    }
}
