package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ValType;

/** The canonical ABI on Chicory has no async: stream and future types fail with a typed error, never a cast. */
class AsyncTypeRefusalTest {
    private static final StreamType BYTES = StreamType.of(PrimitiveType.U8);

    @Test
    void signaturesWithStreamsOrFuturesAnywhereAreRefused() {
        FuncType param = new FuncType(List.of(new FuncType.Param("body", new RecordType(List.of(
                new RecordType.Field("b", new ListType(BYTES)))))), Optional.empty());
        assertThatThrownBy(() -> CanonicalLayout.signature(param, CanonicalLayout.Direction.LIFT))
                .isInstanceOf(AsyncTypeException.class).hasMessageStartingWith("unsupported: stream<u8>")
                .hasMessageContaining("parameter 0 ('body')");
        FuncType result = new FuncType(List.of(), Optional.of(new OptionType(FutureType.of(null))));
        assertThatThrownBy(() -> CanonicalLayout.signature(result, CanonicalLayout.Direction.LOWER))
                .isInstanceOf(AsyncTypeException.class).hasMessageContaining("future").hasMessageContaining("result");
    }

    @Test
    void layoutQueriesAreRefused() {
        for (ValType t : List.of(BYTES, FutureType.of(PrimitiveType.STRING),
                new RecordType(List.of(new RecordType.Field("f", BYTES))), new OptionType(BYTES))) {
            assertThatThrownBy(() -> CanonicalLayout.size(t)).isInstanceOf(AsyncTypeException.class);
            assertThatThrownBy(() -> CanonicalLayout.alignment(t)).isInstanceOf(AsyncTypeException.class);
            assertThatThrownBy(() -> CanonicalLayout.flatten(t)).isInstanceOf(AsyncTypeException.class);
        }
    }
}
