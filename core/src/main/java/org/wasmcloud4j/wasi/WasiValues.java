package org.wasmcloud4j.wasi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.ByteList;
import org.wasmcloud4j.component.value.Value;

/** Building and reading the component values of WASI signatures. */
final class WasiValues {
    static final Value.ResultValue OK = new Value.ResultValue(true, Optional.empty());
    /** {@code err} of a result without an error payload ({@code result<_>} or {@code result<T>}). */
    static final Value.ResultValue ERR = new Value.ResultValue(false, Optional.empty());

    private WasiValues() {}

    static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }

    static Value u32(long v) {
        return new Value.Int(PrimitiveType.U32, v & 0xffff_ffffL);
    }

    static long integer(Value v) {
        return ((Value.Int) v).value();
    }

    /**
     * A {@code u64} length cut to {@code max}: lengths past it, including those past 2^63 (negative as a Java
     * {@code long}, such as {@code u64::MAX}, which Rust's {@code io::copy} passes), give {@code max}. Never cast a
     * u64 to {@code int} any other way.
     */
    static int clampedLength(Value v, int max) {
        long n = integer(v);
        return Long.compareUnsigned(n, max) > 0 ? max : (int) n;
    }

    /** A {@code u64} saturated to {@link Long#MAX_VALUE}: a value past 2^63 means "as much as there is". */
    static long saturatedU64(Value v) {
        long n = integer(v);
        return n < 0 ? Long.MAX_VALUE : n;
    }

    static Value ok(Value v) {
        return new Value.ResultValue(true, Optional.of(v));
    }

    static Value err(Value v) {
        return new Value.ResultValue(false, Optional.of(v));
    }

    static Value none() {
        return new Value.OptionValue(Optional.empty());
    }

    static Value some(Value v) {
        return new Value.OptionValue(Optional.of(v));
    }

    static Value str(String s) {
        return new Value.Str(s);
    }

    static Value enumCase(String name) {
        return new Value.EnumValue(name);
    }

    static Value tuple(Value... vs) {
        return new Value.TupleValue(List.of(vs));
    }

    static Value list(List<Value> vs) {
        return new Value.ListValue(vs);
    }

    static Value record(Object... namesAndValues) {
        Map<String, Value> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
        }
        return new Value.RecordValue(fields);
    }

    static Value bytes(byte[] b, int length) {
        return new Value.ListValue(ByteList.copyOf(b, 0, length));
    }

    /** The bytes of a {@code list<u8>}, to read only (the backing array when there is one). */
    static byte[] toBytes(Value v) {
        Value.ListValue l = (Value.ListValue) v;
        return l.elements() instanceof ByteList b ? ByteList.Access.array(b) : l.toByteArray();
    }
}
