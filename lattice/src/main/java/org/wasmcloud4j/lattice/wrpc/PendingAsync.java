package org.wasmcloud4j.lattice.wrpc;

import java.util.Objects;
import org.wasmcloud4j.component.types.ValType;

/**
 * An async value that was sent as pending: its content arrives on its own channel, named by {@code path}. For a
 * {@link org.wasmcloud4j.component.types.StreamType stream} the channel carries chunks (read them with
 * {@link WrpcDecoder#readStreamChunk}), for a {@link org.wasmcloud4j.component.types.FutureType future} one value
 * ({@link WrpcDecoder#readFutureValue}). In the decoded value a pending stream is an empty list and a pending future
 * is {@code none}.
 *
 * @param path the channel's index
 * @param type the stream or future type (unwrapped)
 */
public record PendingAsync(IndexPath path, ValType type) {
    /**
     * @param path the channel's index
     * @param type the stream or future type
     */
    public PendingAsync {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
    }
}
