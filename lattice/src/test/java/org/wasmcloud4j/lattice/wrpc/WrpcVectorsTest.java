package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wasmcloud4j.component.types.PrimitiveType.BOOL;
import static org.wasmcloud4j.component.types.PrimitiveType.CHAR;
import static org.wasmcloud4j.component.types.PrimitiveType.F32;
import static org.wasmcloud4j.component.types.PrimitiveType.F64;
import static org.wasmcloud4j.component.types.PrimitiveType.S16;
import static org.wasmcloud4j.component.types.PrimitiveType.S32;
import static org.wasmcloud4j.component.types.PrimitiveType.S64;
import static org.wasmcloud4j.component.types.PrimitiveType.S8;
import static org.wasmcloud4j.component.types.PrimitiveType.STRING;
import static org.wasmcloud4j.component.types.PrimitiveType.U16;
import static org.wasmcloud4j.component.types.PrimitiveType.U32;
import static org.wasmcloud4j.component.types.PrimitiveType.U64;
import static org.wasmcloud4j.component.types.PrimitiveType.U8;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.value.Value;

/**
 * Byte vectors written by hand from the encoding rules (docs/wrpc.md, the wasmCloud protocol notes §4.3 and §10,
 * wrpc SPEC.md): each value encodes to exactly these bytes and decodes back; malformed bytes fail with the offset
 * and the path.
 */
class WrpcVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private final WrpcArbitraries.TestHandles handles = new WrpcArbitraries.TestHandles();
    private final WrpcCodec codec = WrpcCodec.standard().withHandles(handles);

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    /** {@code v} of {@code t} encodes to {@code bytes}, which decode back to {@code v}. */
    private void vector(ValType t, Value v, String bytes) {
        Encoded e = codec.encoder().encodeValues(List.of(t), List.of(v), "param");
        assertThat(HEX.formatHex(e.bytes())).as("%s %s", t, v).isEqualTo(bytes.replace(" ", ""));
        assertThat(decode(t, bytes)).isEqualTo(v);
    }

    private Value decode(ValType t, String bytes) {
        WrpcDecoder d = codec.decoder(ChunkSource.of(hex(bytes)));
        Value v = d.readValues(List.of(t), "param").values().get(0);
        d.requireEnd();
        return v;
    }

    private void malformed(ValType t, String bytes, long offset, String path, String message) {
        assertThatThrownBy(() -> decode(t, bytes)).as("%s from %s", t, bytes)
                .isInstanceOfSatisfying(WrpcCodecException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.path()).isEqualTo(path);
                }).hasMessageContaining(message);
    }

    private static Value.Int i(org.wasmcloud4j.component.types.PrimitiveType t, long v) {
        return new Value.Int(t, v);
    }

    @Test
    void boolAndBytes() {
        vector(BOOL, Value.of(true), "01");
        vector(BOOL, Value.of(false), "00");
        malformed(BOOL, "02", 0, "param 0", "must be 0 or 1");
        vector(U8, i(U8, 255), "ff");
        vector(S8, i(S8, -1), "ff");
        vector(S8, i(S8, -128), "80");
    }

    @Test
    void unsignedLeb128() {
        vector(U16, i(U16, 300), "ac 02");
        vector(U16, i(U16, 65535), "ff ff 03");
        vector(U32, i(U32, 624485), "e5 8e 26");
        vector(U32, i(U32, 0xffff_ffffL), "ff ff ff ff 0f");
        vector(U64, Value.u64(-1L), "ff ff ff ff ff ff ff ff ff 01");
        // padded (non-shortest) forms within the width are accepted, as the core spec does
        assertThat(decode(U32, "80 80 00")).isEqualTo(i(U32, 0));
        malformed(U16, "ff ff 04", 0, "param 0", "bits past 16");
        malformed(U32, "ff ff ff ff 10", 0, "param 0", "bits past 32");
        malformed(U32, "80 80 80 80 80 00", 0, "param 0", "longer than 5 bytes");
        malformed(U64, "ff ff ff ff ff ff ff ff ff 02", 0, "param 0", "bits past 64");
        malformed(U32, "80 80", 2, "param 0", "unexpected end of data");
    }

    @Test
    void signedLeb128StandardOnEncodeBothFormsOnDecode() {
        vector(S32, Value.s32(-1), "7f");
        vector(S32, Value.s32(63), "3f");
        vector(S32, Value.s32(64), "c0 00");
        vector(S32, Value.s32(-123456), "c0 bb 78");
        vector(S16, i(S16, -8192), "80 40");
        vector(S16, i(S16, -8193), "ff bf 7f");
        vector(S16, i(S16, Short.MIN_VALUE), "80 80 7e");
        vector(S32, Value.s32(Integer.MIN_VALUE), "80 80 80 80 78");
        vector(S32, Value.s32(Integer.MAX_VALUE), "ff ff ff ff 07");
        vector(S64, Value.s64(Long.MIN_VALUE), "80 80 80 80 80 80 80 80 80 7f");
        vector(S64, Value.s64(Long.MAX_VALUE), "ff ff ff ff ff ff ff ff ff 00");
        // wasm-tokio 0.6's "wrapped" form: the last byte of a full-length encoding holds the top bits unextended
        assertThat(decode(S16, "ff bf 03")).isEqualTo(i(S16, -8193));
        assertThat(decode(S16, "80 80 02")).isEqualTo(i(S16, Short.MIN_VALUE));
        assertThat(decode(S32, "80 80 80 80 08")).isEqualTo(Value.s32(Integer.MIN_VALUE));
        assertThat(decode(S64, "80 80 80 80 80 80 80 80 80 01")).isEqualTo(Value.s64(Long.MIN_VALUE));
        // neither form: bits past the width that are not a sign extension
        malformed(S32, "80 80 80 80 70", 0, "param 0", "bits past 32");
        malformed(S16, "ff ff 7d", 0, "param 0", "bits past 16");
        malformed(S64, "80 80 80 80 80 80 80 80 80 7e", 0, "param 0", "bits past 64");
        malformed(S32, "ff ff ff ff ff 7f", 0, "param 0", "longer than 5 bytes");
    }

    @Test
    void floatsAreLittleEndian() {
        vector(F32, new Value.F32(1.0f), "00 00 80 3f");
        vector(F64, new Value.F64(1.0), "00 00 00 00 00 00 f0 3f");
        vector(F64, new Value.F64(-0.0), "00 00 00 00 00 00 00 80");
    }

    @Test
    void charIsUtf8() {
        vector(CHAR, new Value.Char('a'), "61");
        vector(CHAR, new Value.Char(0xE9), "c3 a9");
        vector(CHAR, new Value.Char(0x20AC), "e2 82 ac");
        vector(CHAR, new Value.Char(0x1F600), "f0 9f 98 80");
        malformed(CHAR, "ed a0 80", 0, "param 0", "not a Unicode scalar value");
        malformed(CHAR, "c0 80", 0, "param 0", "does not start a UTF-8 sequence");
        malformed(CHAR, "e0 80 80", 0, "param 0", "shortest");
        malformed(CHAR, "f4 90 80 80", 0, "param 0", "not a Unicode scalar value");
        malformed(CHAR, "c3 28", 0, "param 0", "not a UTF-8 continuation");
        malformed(CHAR, "80", 0, "param 0", "does not start");
    }

    @Test
    void stringsAreLengthAndUtf8() {
        vector(STRING, Value.of(""), "00");
        vector(STRING, Value.of("hi"), "02 68 69");
        vector(STRING, Value.of("é€"), "05 c3 a9 e2 82 ac");
        malformed(STRING, "02 c3 28", 1, "param 0", "not valid UTF-8");
        malformed(STRING, "03 ed a0 80", 1, "param 0", "not valid UTF-8");
        assertThatThrownBy(() -> codec.encoder().encodeValues(List.of(STRING), List.of(Value.of("a\uD800")), "param"))
                .isInstanceOf(WrpcCodecException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void listsAreCountAndElements() {
        vector(new ListType(U8), Value.ListValue.ofBytes(new byte[] {1, 2, 3}), "03 01 02 03");
        vector(new ListType(U8), Value.ListValue.ofBytes(new byte[0]), "00");
        vector(new ListType(U16), Value.list(List.of(i(U16, 1), i(U16, 300))), "02 01 ac 02");
        vector(new ListType(STRING), Value.list(List.of(Value.of("a"))), "01 01 61");
        malformed(new ListType(new ListType(BOOL)), "02 01 01 01 05", 4, "param 0 / element 1 / element 0",
                "must be 0 or 1");
    }

    @Test
    void recordsAndTuplesAreTheirFieldsInOrder() {
        RecordType r = new RecordType(List.of(new RecordType.Field("a", U8), new RecordType.Field("body", STRING)));
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("a", i(U8, 7));
        fields.put("body", Value.of("x"));
        vector(r, new Value.RecordValue(fields), "07 01 78");
        malformed(r, "07 02 78", 2, "param 0 / field body", "needs 2 bytes, 1 arrived");
        TupleType t = new TupleType(List.of(BOOL, U8));
        vector(t, new Value.TupleValue(List.of(Value.of(true), i(U8, 9))), "01 09");
        malformed(t, "01", 1, "param 0 / member 1", "unexpected end of data");
    }

    @Test
    void variantsEnumsOptionsResults() {
        VariantType v = new VariantType(List.of(new VariantType.Case("a", Optional.empty()),
                new VariantType.Case("b", Optional.of(U8)), new VariantType.Case("c", Optional.of(STRING))));
        vector(v, new Value.VariantValue("a", Optional.empty()), "00");
        vector(v, new Value.VariantValue("b", Optional.of(i(U8, 7))), "01 07");
        vector(v, new Value.VariantValue("c", Optional.of(Value.of("z"))), "02 01 7a");
        malformed(v, "03", 0, "param 0", "discriminant 3 is out of range (3 cases)");
        malformed(v, "02 01 ff", 2, "param 0 / c", "not valid UTF-8");
        EnumType e = new EnumType(List.of("x", "y"));
        vector(e, new Value.EnumValue("y"), "01");
        malformed(e, "02", 0, "param 0", "out of range");
        OptionType o = new OptionType(U8);
        vector(o, new Value.OptionValue(Optional.empty()), "00");
        vector(o, new Value.OptionValue(Optional.of(i(U8, 5))), "01 05");
        malformed(o, "02", 0, "param 0", "option status byte must be 0 or 1");
        ResultType res = ResultType.of(U8, STRING);
        vector(res, Value.ResultValue.ok(i(U8, 1)), "00 01");
        vector(res, Value.ResultValue.err(Value.of("e")), "01 01 65");
        vector(ResultType.of(null, null), Value.ResultValue.ok(null), "00");
        vector(ResultType.of(null, null), Value.ResultValue.err(null), "01");
        malformed(res, "05", 0, "param 0", "result status byte");
    }

    @Test
    void flagsAreLittleEndianBitVectorsOfCeilNOver8Bytes() {
        FlagsType three = new FlagsType(List.of("r", "w", "x"));
        vector(three, new Value.FlagsValue(Set.of("r", "x")), "05");
        vector(three, new Value.FlagsValue(Set.of()), "00");
        malformed(three, "08", 0, "param 0", "bit 3 is set but there are only 3 flags");
        FlagsType nine = new FlagsType(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"));
        vector(nine, new Value.FlagsValue(Set.of("a", "i")), "01 01");
        malformed(nine, "00 02", 0, "param 0", "bit 9");
        FlagsType seventeen = new FlagsType(java.util.stream.IntStream.range(0, 17).mapToObj(k -> "f" + k).toList());
        vector(seventeen, new Value.FlagsValue(Set.of("f16")), "00 00 01");
    }

    @Test
    void handlesAreOpaqueByteLists() {
        Value.Handle h = handles.make(42, false);
        // TestHandles sends the 4-byte id of the handle (the first one made is 0)
        vector(HandleType.own(WrpcArbitraries.RESOURCE), h, "04 00 00 00 00");
        malformed(HandleType.own(WrpcArbitraries.RESOURCE), "02 00 00", 0, "param 0", "a test handle is 4 bytes");
        assertThatThrownBy(() -> WrpcCodec.standard().encoder().encodeValues(
                List.of(HandleType.own(WrpcArbitraries.RESOURCE)), List.of(h), "param"))
                .isInstanceOf(WrpcCodecException.class).hasMessageContaining("no HandleCodec");
    }

    @Test
    void readyStreamsAreListsAndPendingOnesAreAnEmptyList() {
        StreamType bytes = StreamType.of(U8);
        vector(bytes, Value.ListValue.ofBytes(new byte[] {1, 2}), "02 01 02");
        vector(StreamType.of(STRING), Value.list(List.of(Value.of("a"), Value.of("b"))), "02 01 61 01 62");
        Encoded pending = codec.encoder().encodeValues(List.of(bytes), List.of(Value.ListValue.ofBytes(new byte[0])),
                "param");
        assertThat(pending.bytes()).containsExactly(0);
        assertThat(pending.async()).containsExactly(new AsyncPart(IndexPath.of(0), bytes, AsyncPart.Kind.STREAM));
        Decoded d = codec.decoder(ChunkSource.of(hex("00"))).readValues(List.of(bytes), "param");
        assertThat(d.pending()).containsExactly(new PendingAsync(IndexPath.of(0), bytes));
        // the stream's own channel: chunks of count + elements, ended by an empty chunk
        WrpcDecoder channel = codec.decoder(ChunkSource.of(hex("02 01 02 01 03 00")));
        assertThat(channel.readStreamChunk(bytes, IndexPath.of(0), 0).elements())
                .isEqualTo(Value.ListValue.ofBytes(new byte[] {1, 2}).elements());
        assertThat(channel.readStreamChunk(bytes, IndexPath.of(0), 2).elements()).hasSize(1);
        assertThat(channel.readStreamChunk(bytes, IndexPath.of(0), 3).isEnd()).isTrue();
        channel.requireEnd();
        Encoded chunk = codec.encoder().encodeStreamChunk(bytes, Value.ListValue.ofBytes(new byte[] {9}).elements(),
                IndexPath.of(0), 0);
        assertThat(chunk.bytes()).containsExactly(1, 9);
        assertThat(WrpcEncoder.streamEnd()).containsExactly(0);
    }

    @Test
    void futuresArePendingOrReady() {
        FutureType f = FutureType.of(U8);
        vector(f, new Value.OptionValue(Optional.of(i(U8, 7))), "01 07");
        vector(f, new Value.OptionValue(Optional.empty()), "00");
        vector(FutureType.of(null), new Value.OptionValue(Optional.of(new Value.TupleValue(List.of()))), "01");
        malformed(f, "02", 0, "param 0", "future status byte");
        WrpcDecoder channel = codec.decoder(ChunkSource.of(hex("07")));
        assertThat(channel.readFutureValue(f, IndexPath.of(0)).values()).containsExactly(i(U8, 7));
        channel.requireEnd();
        assertThat(codec.encoder().encodeFutureValue(f, i(U8, 7), IndexPath.of(0)).bytes()).containsExactly(7);
    }

    @Test
    void paramsAreConcatenatedWithoutAHeader() {
        Encoded e = codec.encoder().encodeValues(List.of(U8, STRING, BOOL),
                List.of(i(U8, 1), Value.of("a"), Value.of(true)), "param");
        assertThat(e.bytes()).containsExactly(1, 1, 0x61, 1);
        assertThat(codec.encoder().encodeValues(List.of(), List.of(), "param").bytes()).isEmpty();
        malformed(BOOL, "01 00", 1, "after the last value", "unexpected data");
    }
}
