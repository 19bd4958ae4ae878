package org.wasmcloud4j.lattice.wrpc;

import java.util.List;
import java.util.Objects;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/**
 * The wRPC value encoding (wasmCloud 1.1+, wrpc-transport 0.28): the component-model value definition encoding
 * with wRPC's extensions for streams, futures and resources. Immutable and thread-safe; encoders and decoders it
 * makes are single-threaded.
 *
 * <pre>{@code
 * WrpcCodec codec = WrpcCodec.standard();
 * Encoded params = codec.encodeParams(func, List.of(Value.of("hi")));
 * Decoded back = codec.decoder(ChunkSource.of(params.bytes())).readValues(types, "param");
 * }</pre>
 */
public final class WrpcCodec {
    private static final WrpcCodec STANDARD = new WrpcCodec(HandleCodec.REFUSE);

    private final HandleCodec handles;

    private WrpcCodec(HandleCodec handles) {
        this.handles = handles;
    }

    /** A codec that refuses resource handles. */
    public static WrpcCodec standard() {
        return STANDARD;
    }

    /** This codec with {@code handles} deciding what handles mean on the wire. */
    public WrpcCodec withHandles(HandleCodec handles) {
        return new WrpcCodec(Objects.requireNonNull(handles, "handles"));
    }

    /** A new encoder (single-threaded). */
    public WrpcEncoder encoder() {
        return new WrpcEncoder(handles);
    }

    /** A new decoder reading one channel from {@code source} (single-threaded). */
    public WrpcDecoder decoder(ChunkSource source) {
        return new WrpcDecoder(Objects.requireNonNull(source, "source"), handles);
    }

    /** The parameters of a call to {@code func}, encoded. */
    public Encoded encodeParams(FuncType func, List<? extends Value> params) {
        return encoder().encodeValues(paramTypes(func), params, "param");
    }

    /** The results of {@code func} (none or one), encoded. */
    public Encoded encodeResults(FuncType func, List<? extends Value> results) {
        return encoder().encodeValues(resultTypes(func), results, "result");
    }

    /** Reads the parameters of a call to {@code func} from {@code source} and checks the channel ends after them. */
    public Decoded decodeParams(FuncType func, ChunkSource source) {
        WrpcDecoder d = decoder(source);
        Decoded out = d.readValues(paramTypes(func), "param");
        d.requireEnd();
        return out;
    }

    /** Reads the results of {@code func} from {@code source} and checks the channel ends after them. */
    public Decoded decodeResults(FuncType func, ChunkSource source) {
        WrpcDecoder d = decoder(source);
        Decoded out = d.readValues(resultTypes(func), "result");
        d.requireEnd();
        return out;
    }

    /** The types of {@code f}'s parameters, in order. */
    static List<ValType> paramTypes(FuncType f) {
        List<FuncType.Param> ps = f.params();
        ValType[] types = new ValType[ps.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = ps.get(i).type();
        }
        return java.util.Arrays.asList(types);
    }

    /** The types of {@code f}'s results: none or one. */
    static List<ValType> resultTypes(FuncType f) {
        return f.result().map(List::of).orElse(List.of());
    }
}
