package org.wasmcloud4j.lattice.wrpc;

import org.wasmcloud4j.component.value.Value;

/**
 * The sink of a pending {@code stream<T>} whose elements are not bytes ({@code stream<string>},
 * {@code stream<record>}, …): elements are checked against {@code T} as they are written, gathered, and sent as wRPC
 * stream chunks (a u32 count and the elements) when about one message has gathered or on {@link #flush()};
 * {@link #close()} sends the end chunk and ends the channel. Elements with streams or futures of their own are not
 * supported here. Used by one thread.
 */
public interface ElementWriter extends AutoCloseable {
    /**
     * Writes one element.
     *
     * @throws WrpcCodecException if {@code element} is not a value of the stream's element type (nothing is sent)
     * @throws WrpcException if the stream is closed, or the call failed (then the stream is aborted)
     * @throws WrpcTransportException if the connection refuses the chunk
     */
    void write(Value element);

    /** Sends the elements gathered so far as one chunk (nothing if none). */
    void flush();

    /** Sends what is left, the end chunk and the channel's end. Idempotent. */
    @Override
    void close();
}
