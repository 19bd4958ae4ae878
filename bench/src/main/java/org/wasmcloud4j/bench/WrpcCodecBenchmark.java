package org.wasmcloud4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.wrpc.ChunkSource;
import org.wasmcloud4j.lattice.wrpc.WrpcCodec;

/**
 * wRPC value codec: encode then decode (from one chunk) of about 1 KiB of data, as a record of a string, a small
 * list of strings and a 1 KiB {@code list<u8>} body ({@code record1KiB}), and as a {@code list<u32>} of 256
 * elements ({@code list256U32}). Baseline in the same run: {@code byteCopy}, two copies of a 1 KiB array (what the
 * encode and decode of a raw 1 KiB payload would at least cost). Report {@code record1KiB / byteCopy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class WrpcCodecBenchmark {
    private final WrpcCodec codec = WrpcCodec.standard();
    private List<ValType> recordTypes;
    private List<Value> recordValues;
    private List<ValType> listTypes;
    private List<Value> listValues;
    private byte[] payload;

    /** Builds the values. */
    @Setup
    public void setUp() {
        RecordType r = new RecordType(List.of(new RecordType.Field("name", PrimitiveType.STRING),
                new RecordType.Field("tags", new ListType(PrimitiveType.STRING)),
                new RecordType.Field("body", new ListType(PrimitiveType.U8))));
        byte[] body = new byte[1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("name", Value.of("greeting-message"));
        fields.put("tags", Value.list(List.of(Value.of("a"), Value.of("bb"), Value.of("ccc"))));
        fields.put("body", Value.ListValue.ofBytes(body));
        recordTypes = List.of(r);
        recordValues = List.of(new Value.RecordValue(fields));
        List<Value> ints = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ints.add(Value.u32(i * 2_654_435_761L & 0xffff_ffffL));
        }
        listTypes = List.of(new ListType(PrimitiveType.U32));
        listValues = List.of(Value.list(ints));
        payload = body;
    }

    /** Encode + decode of the 1 KiB record. */
    @Benchmark
    public Object record1KiB() {
        byte[] wire = codec.encoder().encodeValues(recordTypes, recordValues, "param").bytes();
        return codec.decoder(ChunkSource.of(wire)).readValues(recordTypes, "param");
    }

    /** Encode + decode of 256 u32 (about 1 KiB on the wire). */
    @Benchmark
    public Object list256U32() {
        byte[] wire = codec.encoder().encodeValues(listTypes, listValues, "param").bytes();
        return codec.decoder(ChunkSource.of(wire)).readValues(listTypes, "param");
    }

    /** Baseline: two copies of 1 KiB. */
    @Benchmark
    public Object byteCopy() {
        byte[] a = payload.clone();
        return a.clone();
    }
}
