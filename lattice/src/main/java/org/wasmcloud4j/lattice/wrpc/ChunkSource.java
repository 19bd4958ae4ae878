package org.wasmcloud4j.lattice.wrpc;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The chunks of one wRPC channel as they arrive (NATS message payloads): {@link #next()} blocks until the next
 * chunk is there; an empty chunk is the end of the channel (EOF). The decoder keeps references to the arrays it is
 * given, so a source must not change an array after handing it over.
 */
@FunctionalInterface
public interface ChunkSource {
    /**
     * The next chunk, waiting for it if needed; an empty array (or {@code null}) at the end of the channel. After
     * the end, further calls are not made.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws WrpcException if the channel failed (e.g. timed out); the decoder passes it on
     */
    byte[] next() throws InterruptedException;

    /** A source of the given chunks (not copied), then EOF. Not thread-safe. */
    static ChunkSource of(byte[]... chunks) {
        Deque<byte[]> queue = new ArrayDeque<>(Arrays.asList(chunks));
        return () -> queue.isEmpty() ? new byte[0] : queue.poll();
    }
}
