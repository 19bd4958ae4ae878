package org.wasmcloud4j.lattice.nats;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.NotServedException;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.WrpcClientCall;
import org.wasmcloud4j.lattice.wrpc.WrpcException;
import org.wasmcloud4j.lattice.wrpc.WrpcNoRespondersException;

/**
 * {@link Lattice.StreamingCall} on a {@link WrpcClientCall}: index paths as {@code int}s, wRPC's failures as the
 * host's ({@link NotServedException} for no responders, else {@link HostException} naming the call).
 */
final class WireStreamingCall implements Lattice.StreamingCall {
    private final WrpcClientCall call;
    private final String what;

    WireStreamingCall(WrpcClientCall call, String what) {
        this.call = call;
        this.what = what;
    }

    /** A failure of starting or using the call {@code what}, as the host's exception. */
    static HostException failure(String what, WrpcException e) {
        String message = what + " over wRPC failed: " + e.getMessage();
        return e instanceof WrpcNoRespondersException ? new NotServedException(message, e)
                : new HostException(message, e);
    }

    private <T> T guard(Supplier<T> s) {
        try {
            return s.get();
        } catch (WrpcException e) {
            throw failure(what, e);
        } catch (IllegalArgumentException e) {
            throw new HostException(what + ": " + e.getMessage(), e);
        }
    }

    private static IndexPath path(int... path) {
        return IndexPath.of(Arrays.stream(path).asLongStream().toArray());
    }

    @Override
    public OutputStream paramBytes(int... path) {
        return guard(() -> call.paramBytes(path(path)));
    }

    @Override
    public List<Value> results() {
        return guard(call::results);
    }

    @Override
    public InputStream resultBytes(int... path) {
        return guard(() -> call.resultBytes(path(path)));
    }

    @Override
    public java.util.Iterator<Value> resultElements(int... path) {
        java.util.Iterator<Value> in = guard(() -> call.resultElements(path(path)));
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return guard(in::hasNext);
            }

            @Override
            public Value next() {
                return guard(in::next);
            }
        };
    }

    @Override
    public Value resultFuture(int... path) {
        return guard(() -> call.resultFuture(path(path)));
    }

    @Override
    public void close() {
        call.close();
    }
}
