package org.wasmcloud4j.lattice.wrpc;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.wasmcloud4j.component.value.Value;

/**
 * One call started with {@link WrpcClient#start}: pending params are written as they are produced, the results are
 * read as they arrive. An empty {@code stream<u8>} in the params is sent pending and written with
 * {@link #paramBytes} (one of other elements with {@link #paramElements}); a {@code none} future is sent pending and written with {@link #paramFuture}. In the results a
 * pending {@code stream<u8>} is an empty list read with {@link #resultBytes} (other elements: {@link #resultElements}), a pending future {@code none} read with
 * {@link #resultFuture}. {@link #close()} releases the call (params still owed are aborted) and fails a wait for
 * results still going on. The params side ({@link #paramBytes}, {@link #paramFuture}) and the results side may be
 * used by two threads at once — one writing the params while the other reads the results, for full duplex — and
 * {@link #close()} may come from either; each side is used by one thread.
 */
public interface WrpcClientCall extends AutoCloseable {
    /**
     * The sink of a pending {@code stream<u8>} param (waits for the server's handshake the first time). Writes fail
     * with an {@link java.io.IOException} once the server has given up on the call.
     *
     * @throws WrpcException if no pending {@code stream<u8>} param is at {@code path}, or it was asked for already
     * @throws WrpcTransportException if no handshake arrives (no responders, timeout)
     */
    OutputStream paramBytes(IndexPath path);

    /**
     * The sink of a pending {@code stream<T>} param whose elements are not bytes (waits for the server's handshake the
     * first time); see {@link ElementWriter}.
     *
     * @throws WrpcException if no pending {@code stream<T>} param (T not {@code u8}) is at {@code path}, or it was
     *     asked for already
     * @throws WrpcTransportException if no handshake arrives (no responders, timeout)
     */
    ElementWriter paramElements(IndexPath path);

    /** Sends the value of a pending future param. */
    void paramFuture(IndexPath path, Value value);

    /**
     * The results (waits for them), pending streams as empty lists and pending futures as {@code none}.
     *
     * @throws WrpcTransportException as {@link WrpcClient#invoke} does
     */
    List<Value> results();

    /** The bytes of a pending {@code stream<u8>} result as they arrive (see {@link WrpcServerCall#paramBytes}). */
    InputStream resultBytes(IndexPath path);

    /** The elements of a pending {@code stream<T>} result (T not {@code u8}; see {@link WrpcServerCall#paramElements}). */
    java.util.Iterator<Value> resultElements(IndexPath path);

    /** The value of a pending future result (waits for it). */
    Value resultFuture(IndexPath path);

    /** Releases the call: stops receiving its messages, aborts params still owed. Idempotent. */
    @Override
    void close();
}
