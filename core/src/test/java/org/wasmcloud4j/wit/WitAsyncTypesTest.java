package org.wasmcloud4j.wit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;

/** {@code stream<T>} and {@code future<T>} in WIT: parsed, resolved through names, printed back (wrpc:http needs them). */
class WitAsyncTypesTest {
    private static final String HTTP_LIKE = """
            package wrpc:http@0.1.0;

            interface types {
              type fields = list<tuple<string, list<list<u8>>>>;
              record request {
                body: stream<u8>,
                trailers: future<option<fields>>,
                path: option<string>,
              }
              record response {
                body: stream<u8>,
                trailers: future<option<fields>>,
                status: u16,
              }
              type done = future;
              type ticks = stream<u64>;
            }

            interface incoming-handler {
              use types.{request, response};
              handle: func(request: request) -> result<response, string>;
            }
            """;

    @Test
    void streamsAndFuturesResolveWithTheirElementTypes() {
        WitResolve r = WitLoader.defaults().parse("http.wit", HTTP_LIKE);
        InterfaceType types = r.findInterface(InterfaceName.parse("wrpc:http/types@0.1.0")).orElseThrow();
        RecordType request = (RecordType) ((NamedType) types.types().get("request")).unwrap();
        assertThat(request.fields().get(0).type()).isEqualTo(new StreamType(Optional.of(PrimitiveType.U8)));
        FutureType trailers = (FutureType) request.fields().get(1).type();
        assertThat(trailers.element().orElseThrow().toString()).startsWith("option<");
        assertThat(((NamedType) types.types().get("done")).definition()).isEqualTo(FutureType.of(null));
        assertThat(((NamedType) types.types().get("ticks")).definition()).isEqualTo(StreamType.of(PrimitiveType.U64));

        InterfaceType handler = r.findInterface(InterfaceName.parse("wrpc:http/incoming-handler@0.1.0")).orElseThrow();
        FuncType handle = handler.function("handle").orElseThrow();
        assertThat(((ResultType) handle.result().orElseThrow()).ok().orElseThrow().unwrap())
                .isInstanceOf(RecordType.class);
        assertThat(handle.params().get(0).type().anyWithin(t -> t instanceof StreamType)).isTrue();
    }

    @Test
    void printedWitParsesBackToTheSameTypes() {
        WitResolve r = WitLoader.defaults().parse("http.wit", HTTP_LIKE);
        String printed = WitPrinter.print(r);
        assertThat(printed).contains("body: stream<u8>,").contains("trailers: future<option<fields>>,")
                .contains("type done = future;").contains("type ticks = stream<u64>;");
        WitResolve again = WitLoader.defaults().parse("printed.wit", printed);
        InterfaceName name = InterfaceName.parse("wrpc:http/types@0.1.0");
        assertThat(again.findInterface(name)).isEqualTo(r.findInterface(name));
    }
}
