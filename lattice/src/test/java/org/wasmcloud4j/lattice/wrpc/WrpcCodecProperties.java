package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/** Round trips, every split into chunks, and mutations that must fail cleanly, for generated types and values. */
class WrpcCodecProperties {
    /** A parameter list: types, values of them, and the handle registry the values' handles live in. */
    record Case(List<ValType> types, List<Value> values, WrpcArbitraries.TestHandles handles) {
        WrpcCodec codec() {
            return WrpcCodec.standard().withHandles(handles);
        }

        @Override
        public String toString() {
            return types + " = " + values;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return WrpcArbitraries.types().list().ofMinSize(0).ofMaxSize(3).flatMap(types -> {
            WrpcArbitraries.TestHandles handles = new WrpcArbitraries.TestHandles();
            List<Arbitrary<Value>> vs = types.stream().map(t -> WrpcArbitraries.values(t, handles)).toList();
            return Combinators.combine(vs).as(values -> new Case(types, values, handles));
        });
    }

    private static Decoded decode(Case c, ChunkSource source) {
        WrpcDecoder d = c.codec().decoder(source);
        Decoded out = d.readValues(c.types(), "param");
        d.requireEnd();
        return out;
    }

    @Property(tries = 400)
    void roundTripsAndReportsTheSameAsyncPaths(@ForAll("cases") Case c) {
        Encoded e = c.codec().encoder().encodeValues(c.types(), c.values(), "param");
        Decoded d = decode(c, ChunkSource.of(e.bytes()));
        assertThat(d.values()).isEqualTo(c.values());
        assertThat(d.pending()).extracting(PendingAsync::path)
                .containsExactlyElementsOf(e.async().stream().map(AsyncPart::path).toList());
        assertThat(d.pending()).extracting(PendingAsync::type)
                .containsExactlyElementsOf(e.async().stream().map(AsyncPart::type).toList());
    }

    @Property(tries = 150)
    void decodesTheSameWhereverTheChunksAreCut(@ForAll("cases") Case c) {
        byte[] b = c.codec().encoder().encodeValues(c.types(), c.values(), "param").bytes();
        // an empty chunk is EOF, so every cut leaves bytes on both sides
        for (int cut = 1; cut < b.length; cut++) {
            Decoded d = decode(c, ChunkSource.of(Arrays.copyOfRange(b, 0, cut), Arrays.copyOfRange(b, cut, b.length)));
            assertThat(d.values()).as("cut at %d", cut).isEqualTo(c.values());
        }
        byte[][] singles = new byte[b.length][];
        for (int i = 0; i < b.length; i++) {
            singles[i] = new byte[] {b[i]};
        }
        assertThat(decode(c, ChunkSource.of(singles)).values()).isEqualTo(c.values());
    }

    @Property(tries = 200)
    void everyTruncationFailsWithAnOffsetAndAPath(@ForAll("cases") Case c) {
        byte[] b = c.codec().encoder().encodeValues(c.types(), c.values(), "param").bytes();
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            int at = len;
            assertThatThrownBy(() -> decode(c, ChunkSource.of(cut))).as("truncated to %d", len)
                    .isInstanceOfSatisfying(WrpcCodecException.class, ex -> {
                        assertThat(ex.offset()).isBetween(0L, (long) at);
                        assertThat(ex.path()).startsWith("param ");
                    });
        }
    }

    @Property(tries = 200)
    void extraBytesAfterTheValuesAreRefused(@ForAll("cases") Case c, @ForAll byte extra) {
        byte[] b = c.codec().encoder().encodeValues(c.types(), c.values(), "param").bytes();
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        longer[b.length] = extra;
        assertThatThrownBy(() -> decode(c, ChunkSource.of(longer)))
                .isInstanceOfSatisfying(WrpcCodecException.class, ex -> assertThat(ex.offset()).isEqualTo(b.length))
                .hasMessageContaining("after the last value");
    }

    @Property(tries = 300)
    void flippedBytesDecodeOrFailWithTheCodecsOwnError(@ForAll("cases") Case c, @ForAll("flips") List<int[]> flips) {
        byte[] b = c.codec().encoder().encodeValues(c.types(), c.values(), "param").bytes();
        if (b.length == 0) {
            return;
        }
        for (int[] f : flips) {
            byte[] m = b.clone();
            int at = f[0] % m.length;
            m[at] ^= (byte) f[1];
            try {
                Decoded d = decode(c, ChunkSource.of(m));
                // a flip may give another valid value: it must then encode back to the same bytes
                byte[] again = c.codec().encoder().encodeValues(c.types(), d.values(), "param").bytes();
                assertThat(c.codec().decoder(ChunkSource.of(again)).readValues(c.types(), "param").values())
                        .isEqualTo(d.values());
            } catch (WrpcCodecException expected) {
                assertThat(expected.offset()).isBetween(0L, (long) m.length);
            }
        }
    }

    @Provide
    Arbitrary<List<int[]>> flips() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 255)).as((a, b) -> new int[] {a, b}).list().ofMinSize(1)
                .ofMaxSize(8).map(ArrayList::new);
    }

    @Provide
    Arbitrary<Case> streamChunks() {
        return WrpcArbitraries.types().flatMap(element -> {
            WrpcArbitraries.TestHandles handles = new WrpcArbitraries.TestHandles();
            return WrpcArbitraries.values(element, handles).list().ofMinSize(1).ofMaxSize(4)
                    .map(vs -> new Case(List.of(StreamType.of(element)), vs, handles));
        });
    }

    @Property(tries = 200)
    void pendingStreamChunksAndFutureValuesRoundTripOnTheirOwnChannels(@ForAll("streamChunks") Case c,
            @ForAll("indexPaths") IndexPath path, @ForAll @net.jqwik.api.constraints.LongRange(max = 1000) long first) {
        StreamType type = (StreamType) c.types().get(0);
        Encoded chunk = c.codec().encoder().encodeStreamChunk(type, c.values(), path, first);
        byte[] wire = Arrays.copyOf(chunk.bytes(), chunk.length() + 1); // then the end chunk 0x00
        WrpcDecoder d = c.codec().decoder(ChunkSource.of(wire));
        StreamChunk back = d.readStreamChunk(type, path, first);
        assertThat(back.elements()).isEqualTo(c.values());
        assertThat(back.pending()).extracting(PendingAsync::path)
                .containsExactlyElementsOf(chunk.async().stream().map(AsyncPart::path).toList());
        assertThat(back.pending()).allSatisfy(p -> {
            assertThat(p.path().length()).isGreaterThan(path.length());
            assertThat(p.path().get(path.length())).isBetween(first, first + c.values().size() - 1);
        });
        assertThat(d.readStreamChunk(type, path, first + c.values().size()).isEnd()).isTrue();
        d.requireEnd();

        FutureType future = FutureType.of(type.element().orElseThrow());
        Encoded value = c.codec().encoder().encodeFutureValue(future, c.values().get(0), path);
        WrpcDecoder f = c.codec().decoder(ChunkSource.of(value.bytes()));
        assertThat(f.readFutureValue(future, path).values()).containsExactly(c.values().get(0));
        f.requireEnd();
    }

    @Provide
    Arbitrary<IndexPath> indexPaths() {
        return Arbitraries.longs().between(0, 0xffff_ffffL).list().ofMaxSize(3)
                .map(l -> IndexPath.of(l.stream().mapToLong(Long::longValue).toArray()));
    }
}
