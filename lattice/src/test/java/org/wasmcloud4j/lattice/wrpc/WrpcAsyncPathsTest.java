package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wasmcloud4j.component.types.PrimitiveType.STRING;
import static org.wasmcloud4j.component.types.PrimitiveType.U16;
import static org.wasmcloud4j.component.types.PrimitiveType.U8;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.wit.WitLoader;
import org.wasmcloud4j.wit.WitResolve;

/**
 * Index paths of pending async values (protocol notes §4.2): parameter i is [i]; record fields, tuple members, list
 * and stream elements add their position; option, result, variant and future payloads reuse the parent's index.
 */
class WrpcAsyncPathsTest {
    private static final StreamType BYTES = StreamType.of(U8);
    private static final Value PENDING_STREAM = Value.ListValue.ofBytes(new byte[0]);
    private static final Value PENDING_FUTURE = new Value.OptionValue(Optional.empty());
    private final WrpcCodec codec = WrpcCodec.standard();

    private static Value record(Object... namesAndValues) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
        }
        return new Value.RecordValue(m);
    }

    private List<IndexPath> paths(List<ValType> types, List<Value> values, String role) {
        Encoded e = codec.encoder().encodeValues(types, values, role);
        Decoded d = codec.decoder(ChunkSource.of(e.bytes())).readValues(types, role);
        List<IndexPath> sent = e.async().stream().map(AsyncPart::path).toList();
        assertThat(d.pending().stream().map(PendingAsync::path).toList()).isEqualTo(sent);
        return sent;
    }

    @Test
    void theWrpcHttpExampleOfTheNotes() {
        WitResolve wit = WitLoader.defaults().parse("http.wit", """
                package wrpc:http@0.1.0;
                interface types {
                  type fields = list<tuple<string, list<list<u8>>>>;
                  record request { body: stream<u8>, trailers: future<option<fields>>, path: option<string> }
                  record response { body: stream<u8>, trailers: future<option<fields>>, status: u16 }
                }
                interface incoming-handler {
                  use types.{request, response};
                  handle: func(request: request) -> result<response, string>;
                }
                """);
        FuncType handle = wit.findInterface(InterfaceName.parse("wrpc:http/incoming-handler@0.1.0")).orElseThrow()
                .function("handle").orElseThrow();
        Value request = record("body", PENDING_STREAM, "trailers", PENDING_FUTURE,
                "path", new Value.OptionValue(Optional.of(Value.of("/"))));
        Encoded params = codec.encodeParams(handle, List.of(request));
        assertThat(params.async()).extracting(AsyncPart::path).containsExactly(IndexPath.of(0, 0), IndexPath.of(0, 1));
        assertThat(params.bytes()).containsExactly(0x00, 0x00, 0x01, 0x01, '/');
        Value response = Value.ResultValue.ok(record("body", PENDING_STREAM, "trailers", PENDING_FUTURE,
                "status", new Value.Int(U16, 200)));
        Encoded results = codec.encodeResults(handle, List.of(response));
        // the result's ok payload reuses index 0: body is results.0.0, trailers results.0.1
        assertThat(results.async()).extracting(AsyncPart::path).containsExactly(IndexPath.of(0, 0),
                IndexPath.of(0, 1));
        Decoded back = codec.decodeResults(handle, ChunkSource.of(results.bytes()));
        assertThat(back.values()).containsExactly(response);
        assertThat(back.pending()).extracting(p -> (Object) p.type().getClass()).containsExactly(StreamType.class,
                FutureType.class);
        assertThat(back.pending().get(0).type()).isEqualTo(BYTES);
    }

    @Test
    void payloadsReuseTheParentsIndexAndContainersAddPositions() {
        VariantType v = new VariantType(List.of(new VariantType.Case("none", Optional.empty()),
                new VariantType.Case("some", Optional.of(BYTES))));
        assertThat(paths(List.of(STRING, new OptionType(BYTES), v, ResultType.of(null, BYTES)),
                List.of(Value.of("x"), new Value.OptionValue(Optional.of(PENDING_STREAM)),
                        new Value.VariantValue("some", Optional.of(PENDING_STREAM)),
                        Value.ResultValue.err(PENDING_STREAM)), "param"))
                .containsExactly(IndexPath.of(1), IndexPath.of(2), IndexPath.of(3));
        assertThat(paths(List.of(new TupleType(List.of(U8, BYTES)), new ListType(FutureType.of(U8))),
                List.of(new Value.TupleValue(List.of(new Value.Int(U8, 1), PENDING_STREAM)),
                        Value.list(List.of(new Value.OptionValue(Optional.of(new Value.Int(U8, 1))), PENDING_FUTURE,
                                PENDING_FUTURE))), "result"))
                .containsExactly(IndexPath.of(0, 1), IndexPath.of(1, 1), IndexPath.of(1, 2));
        // a ready future's payload reuses the future's index; a ready stream's elements add their position
        StreamType ofFutures = StreamType.of(FutureType.of(BYTES));
        assertThat(paths(List.of(FutureType.of(BYTES), ofFutures),
                List.of(new Value.OptionValue(Optional.of(PENDING_STREAM)),
                        Value.list(List.of(PENDING_FUTURE, new Value.OptionValue(Optional.of(PENDING_STREAM))))),
                "param"))
                .containsExactly(IndexPath.of(0), IndexPath.of(1, 0), IndexPath.of(1, 1));
    }

    @Test
    void asyncValuesInsideAPendingStreamsChunksAreIndexedByTheirPositionInTheStream() {
        StreamType ofStreams = StreamType.of(BYTES);
        IndexPath streamPath = IndexPath.of(0, 3);
        Encoded chunk = codec.encoder().encodeStreamChunk(ofStreams, List.of(PENDING_STREAM,
                Value.ListValue.ofBytes(new byte[] {5})), streamPath, 10);
        assertThat(chunk.async()).extracting(AsyncPart::path).containsExactly(IndexPath.of(0, 3, 10));
        StreamChunk back = codec.decoder(ChunkSource.of(chunk.bytes())).readStreamChunk(ofStreams, streamPath, 10);
        assertThat(back.pending()).containsExactly(new PendingAsync(IndexPath.of(0, 3, 10), BYTES));
        assertThat(back.elements()).hasSize(2);
    }

    @Test
    void indexPathsNameSubjectSuffixes() {
        assertThat(IndexPath.of(0, 1)).hasToString("0.1");
        assertThat(IndexPath.root()).hasToString("");
        assertThat(IndexPath.of(2).child(0xffff_ffffL).under(IndexPath.of(7))).isEqualTo(IndexPath.of(7, 2,
                0xffff_ffffL));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexPath.of(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
