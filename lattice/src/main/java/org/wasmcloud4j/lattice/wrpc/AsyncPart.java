package org.wasmcloud4j.lattice.wrpc;

import java.util.Objects;
import org.wasmcloud4j.component.types.ValType;

/**
 * An async value the encoder wrote as pending: the sender owes its content on the value's own channel
 * ({@code path}), ended by EOF.
 *
 * @param path the channel's index
 * @param type the stream or future type (unwrapped)
 * @param kind what the sender owes there
 */
public record AsyncPart(IndexPath path, ValType type, Kind kind) {
    /** What is owed on an async value's channel. */
    public enum Kind {
        /**
         * An empty stream (wRPC has no ready form for it): send {@link WrpcEncoder#streamEnd()} and EOF; a stream
         * whose elements come later sends chunks ({@link WrpcEncoder#encodeStreamChunk}) first.
         */
        STREAM,
        /** A future sent as pending ({@code none}): send its value ({@link WrpcEncoder#encodeFutureValue}) and EOF. */
        FUTURE
    }

    /**
     * @param path the channel's index
     * @param type the async type
     * @param kind what is owed
     */
    public AsyncPart {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
    }
}
