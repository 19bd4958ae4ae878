package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;

/**
 * LEB128 against a reference written from the definition with {@link BigInteger}: the encoder writes exactly the
 * standard shortest form; the decoder reads it, its padded full-length form and wasm-tokio's wrapped form, and
 * refuses bits past the width.
 */
class Leb128Properties {
    private final WrpcCodec codec = WrpcCodec.standard();

    record Sized(PrimitiveType type, int bits, long value) {}

    @Provide
    Arbitrary<Sized> signed() {
        return Arbitraries.of(16, 32, 64).flatMap(bits -> Arbitraries.longs()
                .between(bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1)), bits == 64 ? Long.MAX_VALUE
                        : (1L << (bits - 1)) - 1)
                .map(v -> new Sized(bits == 16 ? PrimitiveType.S16 : bits == 32 ? PrimitiveType.S32
                        : PrimitiveType.S64, bits, v)));
    }

    @Provide
    Arbitrary<Sized> unsigned() {
        return Arbitraries.of(16, 32, 64).flatMap(bits -> (bits == 64 ? Arbitraries.longs()
                : Arbitraries.longs().between(0, (1L << bits) - 1))
                .map(v -> new Sized(bits == 16 ? PrimitiveType.U16 : bits == 32 ? PrimitiveType.U32
                        : PrimitiveType.U64, bits, v)));
    }

    /** Standard signed LEB128 from the definition: 7-bit groups until the rest is the sign extension. */
    private static byte[] referenceSigned(BigInteger v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int group = v.and(BigInteger.valueOf(0x7f)).intValue();
            v = v.shiftRight(7);
            boolean done = v.signum() == 0 && (group & 0x40) == 0 || v.equals(BigInteger.ONE.negate())
                    && (group & 0x40) != 0;
            out.write(done ? group : group | 0x80);
            if (done) {
                return out.toByteArray();
            }
        }
    }

    private static byte[] referenceUnsigned(BigInteger v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int group = v.and(BigInteger.valueOf(0x7f)).intValue();
            v = v.shiftRight(7);
            out.write(v.signum() == 0 ? group : group | 0x80);
        } while (v.signum() != 0);
        return out.toByteArray();
    }

    /** The value's bits in groups of 7 over the full length; the last group as given. */
    private static byte[] fullLength(long bits, int width, int lastGroup) {
        int n = (width + 6) / 7;
        byte[] b = new byte[n];
        for (int i = 0; i < n - 1; i++) {
            b[i] = (byte) ((bits >>> (7 * i)) & 0x7f | 0x80);
        }
        b[n - 1] = (byte) lastGroup;
        return b;
    }

    private Value decode(PrimitiveType t, byte[] b) {
        WrpcDecoder d = codec.decoder(ChunkSource.of(b));
        Value v = d.readValues(List.of(t), "param").values().get(0);
        d.requireEnd();
        return v;
    }

    @Property(tries = 600)
    void signedIsStandardOnTheWireAndEveryAcceptedFormReadsBack(@ForAll("signed") Sized s) {
        Value v = new Value.Int(s.type(), s.value());
        byte[] wire = codec.encoder().encodeValues(List.of(s.type()), List.of(v), "param").bytes();
        assertThat(wire).isEqualTo(referenceSigned(BigInteger.valueOf(s.value())));
        assertThat(decode(s.type(), wire)).isEqualTo(v);
        int n = (s.bits() + 6) / 7;
        int shift = 7 * (n - 1);
        int room = s.bits() - shift;
        // padded to full length, the last group sign-extended (standard)
        assertThat(decode(s.type(), fullLength(s.value(), s.bits(), (int) (s.value() >> shift) & 0x7f))).isEqualTo(v);
        // wasm-tokio's wrapped form: the last group holds only the top bits, not sign-extended
        assertThat(decode(s.type(), fullLength(s.value(), s.bits(), (int) (s.value() >>> shift) & ((1 << room) - 1))))
                .isEqualTo(v);
    }

    @Property(tries = 300)
    void signedLastBytesThatAreNeitherFormAreRefused(@ForAll("signed") Sized s,
            @ForAll @IntRange(min = 0, max = 0x7f) int last) {
        int n = (s.bits() + 6) / 7;
        int room = s.bits() - 7 * (n - 1);
        int high = last >>> room;
        boolean sign = (last >>> (room - 1) & 1) != 0;
        boolean accepted = high == 0 || high == (1 << (7 - room)) - 1 && sign;
        byte[] b = fullLength(s.value(), s.bits(), last);
        if (accepted) {
            assertThat(decode(s.type(), b)).isInstanceOf(Value.Int.class);
        } else {
            assertThatThrownBy(() -> decode(s.type(), b)).isInstanceOf(WrpcCodecException.class)
                    .hasMessageContaining("bits past " + s.bits());
        }
    }

    @Property(tries = 600)
    void unsignedIsShortestAndPaddedFormsReadBack(@ForAll("unsigned") Sized s,
            @ForAll @IntRange(min = 1, max = 0x7f) int extra) {
        BigInteger big = new BigInteger(Long.toUnsignedString(s.value()));
        Value v = new Value.Int(s.type(), s.value());
        byte[] wire = codec.encoder().encodeValues(List.of(s.type()), List.of(v), "param").bytes();
        assertThat(wire).isEqualTo(referenceUnsigned(big));
        assertThat(decode(s.type(), wire)).isEqualTo(v);
        int n = (s.bits() + 6) / 7;
        int shift = 7 * (n - 1);
        int top = (int) (s.value() >>> shift);
        assertThat(decode(s.type(), fullLength(s.value(), s.bits(), top))).isEqualTo(v);
        int room = s.bits() - shift;
        byte[] tooWide = fullLength(s.value(), s.bits(), top | extra << room & 0x7f);
        if ((extra << room & 0x7f) != 0) {
            assertThatThrownBy(() -> decode(s.type(), tooWide)).isInstanceOf(WrpcCodecException.class)
                    .hasMessageContaining("bits past " + s.bits());
        }
    }
}
