package org.wasmcloud4j.lattice.wrpc;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.value.Value;

/**
 * One call served by a {@link WrpcHandler.Streaming} handler. Its params are decoded as far as the synchronous
 * channel goes: a pending {@code stream<u8>} param is an empty list in {@link #params()} and is read with
 * {@link #paramBytes} (a pending stream of other elements with {@link #paramElements}), a pending future ({@code none}) with {@link #paramFuture}. The results are sent with
 * {@link #sendResults}; an empty {@code stream<u8>} or a {@code none} future in them is sent pending, and its content
 * then goes out with {@link #resultBytes} / {@link #resultFuture}. Index paths are as in {@link IndexPath}
 * (e.g. {@code [0, 0]} for field 0 of param 0, or of result 0). Used by the handler's thread.
 */
public interface WrpcServerCall {
    /** The params, pending streams as empty lists and pending futures as {@code none}. */
    List<Value> params();

    /** The invocation's headers (first value of each). */
    Map<String, String> headers();

    /**
     * The bytes of a pending {@code stream<u8>} param as they arrive. A failure (truncated or malformed stream, the
     * client gone past the idle timeout, the call failed) is an {@link java.io.IOException} whose cause is a
     * {@link WrpcTransportException} with the subject and byte offset.
     *
     * @throws WrpcException if no pending {@code stream<u8>} param is at {@code path}, or it was asked for already
     */
    InputStream paramBytes(IndexPath path);

    /**
     * The elements of a pending {@code stream<T>} param whose elements are not bytes ({@code stream<string>}, …), as
     * their chunks arrive: {@code hasNext()} waits for the next chunk and is false after the stream's end. A failure
     * (truncated or malformed stream, elements that are not of {@code T}, the client gone past the idle timeout, the
     * call failed) is a {@link WrpcTransportException} with the subject and byte offset, thrown by {@code hasNext} /
     * {@code next}.
     *
     * @throws WrpcException if no pending {@code stream<T>} param (T not {@code u8}) is at {@code path}, or it was
     *     asked for already
     */
    java.util.Iterator<Value> paramElements(IndexPath path);

    /**
     * The value of a pending future param (waits for it).
     *
     * @throws WrpcException if no pending future param is at {@code path}
     * @throws WrpcTransportException if it does not arrive or does not decode
     */
    Value paramFuture(IndexPath path);

    /**
     * Sends the results (once).
     *
     * @throws WrpcCodecException if a value does not match its type (nothing is sent)
     * @throws WrpcTransportException if the connection refuses them
     */
    void sendResults(List<? extends Value> results);

    /**
     * The sink of a pending {@code stream<u8>} result: written bytes go out in chunks, {@code close()} ends the stream.
     *
     * @throws WrpcException if the results were not sent, or no pending {@code stream<u8>} result is at {@code path}
     */
    OutputStream resultBytes(IndexPath path);

    /**
     * The sink of a pending {@code stream<T>} result whose elements are not bytes: written elements go out in chunks,
     * {@code close()} ends the stream.
     *
     * @throws WrpcException if the results were not sent, or no pending {@code stream<T>} result (T not {@code u8})
     *     is at {@code path}
     */
    ElementWriter resultElements(IndexPath path);

    /**
     * Sends the value of a pending future result.
     *
     * @throws WrpcException if no pending future result is at {@code path} (or it was written already)
     */
    void resultFuture(IndexPath path, Value value);
}
