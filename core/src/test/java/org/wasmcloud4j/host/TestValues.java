package org.wasmcloud4j.host;

import java.nio.charset.StandardCharsets;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;

/** Short builders of the values capability tests pass to components. */
final class TestValues {
    private TestValues() {
    }

    static Value str(String s) {
        return new Value.Str(s);
    }

    /** The UTF-8 bytes of {@code s} as a {@code list<u8>}. */
    static Value bytes(String s) {
        return Value.ListValue.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }
}
