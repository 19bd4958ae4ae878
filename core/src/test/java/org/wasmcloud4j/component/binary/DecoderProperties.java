package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DecoderProperties {

    private static final List<byte[]> SEEDS = List.of(
            SampleComponents.rich(),
            new ComponentBuilder().types(SampleComponents.allValueTypes()).build(),
            new ComponentBuilder().types(List.of(SampleComponents.componentType(), SampleComponents.instanceType()))
                    .build(),
            new ComponentBuilder().coreModule(SampleComponents.coreModule()).build(),
            asyncSample());

    private static byte[] asyncSample() {
        ByteWriter canons = new ByteWriter().u32(4);
        canons.u8(0x00).u8(0x00).u32(0).u32(2).u8(0x06).u8(0x07).u32(5).u32(3);
        canons.u8(0x09).u8(0x00).u8(0x73).u32(0);
        canons.u8(0x11).u32(0).u8(0x01);
        canons.u8(0x0b).u8(0x7f).u32(1);
        return new ComponentBuilder()
                .raw(7, new ByteWriter().u32(2).u8(0x66).u8(0x01).u8(0x7d).u8(0x43).u32(0).u8(0x01).u8(0x00)
                        .toByteArray())
                .raw(8, canons.toByteArray()).build();
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(SEEDS);
    }

    /** Decodes, allowing only success or a DecodeException. */
    static void decodeCleanly(byte[] bytes) {
        try {
            ComponentDecoder.decode(bytes);
        } catch (DecodeException e) {
            assertThat(e.offset()).isBetween(0L, (long) bytes.length);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 3000)
    void mutatedComponentsDecodeOrFailWithDecodeException(@ForAll("seeds") byte[] seed, @ForAll long rnd,
            @ForAll @IntRange(min = 1, max = 6) int mutations) {
        Random r = new Random(rnd);
        byte[] b = seed.clone();
        for (int m = 0; m < mutations; m++) {
            b = mutate(b, r);
        }
        decodeCleanly(b);
    }

    @Property(tries = 500)
    void everyPrefixOfAValidComponentFailsCleanly(@ForAll("seeds") byte[] seed, @ForAll @IntRange(max = 100_000) int cut) {
        byte[] b = Arrays.copyOf(seed, Math.min(cut, seed.length));
        decodeCleanly(b);
    }

    @Property(tries = 1000)
    void randomSectionsAfterAPreambleFailCleanly(@ForAll @Size(max = 64) byte[] body) {
        byte[] b = Arrays.copyOf(ComponentBuilder.PREAMBLE, 8 + body.length);
        System.arraycopy(body, 0, b, 8, body.length);
        decodeCleanly(b);
    }

    static byte[] mutate(byte[] b, Random r) {
        if (b.length == 0) {
            return new byte[] {(byte) r.nextInt()};
        }
        int pos = 8 + (b.length > 8 ? r.nextInt(b.length - 8) : 0);
        pos = Math.min(pos, b.length - 1);
        switch (r.nextInt(7)) {
            case 0: { // flip bits
                byte[] c = b.clone();
                c[pos] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1: { // random byte
                byte[] c = b.clone();
                c[pos] = (byte) r.nextInt(256);
                return c;
            }
            case 2: // truncate
                return Arrays.copyOf(b, pos);
            case 3: { // insert bytes
                int n = 1 + r.nextInt(4);
                byte[] c = new byte[b.length + n];
                System.arraycopy(b, 0, c, 0, pos);
                for (int i = 0; i < n; i++) {
                    c[pos + i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, pos, c, pos + n, b.length - pos);
                return c;
            }
            case 4: { // delete bytes
                int n = Math.min(1 + r.nextInt(4), b.length - pos);
                byte[] c = new byte[b.length - n];
                System.arraycopy(b, 0, c, 0, pos);
                System.arraycopy(b, pos + n, c, pos, b.length - pos - n);
                return c;
            }
            case 5: { // replace a byte with a large or overlong LEB128
                long[] values = {0x7f, 0x80, 0xffff_ffffL, 0x1_0000_0000L, Integer.MAX_VALUE, 1_000_000_000};
                ByteWriter w = new ByteWriter().u32(values[r.nextInt(values.length)]);
                byte[] leb = r.nextInt(4) == 0 ? new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                    (byte) 0x80, 0x00} : w.toByteArray();
                byte[] c = new byte[b.length - 1 + leb.length];
                System.arraycopy(b, 0, c, 0, pos);
                System.arraycopy(leb, 0, c, pos, leb.length);
                System.arraycopy(b, pos + 1, c, pos + leb.length, b.length - pos - 1);
                return c;
            }
            default: { // small change of a byte value (e.g. a count or a size off by one)
                byte[] c = b.clone();
                c[pos] += (byte) (r.nextBoolean() ? 1 : -1);
                return c;
            }
        }
    }

    @Property(tries = 400)
    void randomTypeSectionsRoundTrip(@ForAll long seed) {
        RandomModel g = new RandomModel(seed);
        List<TypeDef> types = g.list(6, () -> g.typeDef(3));
        byte[] bytes = new ComponentBuilder().types(types).build();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        assertThat(c.sections()).hasSize(1);
        ComponentDecoderTest.assertSameIgnoringOffsets(((Section.Types) c.sections().get(0)).types(), types);
        boolean async = c.asyncUses().size() > 0;
        assertThat(c.usesAsync()).isEqualTo(async);
    }

    @Property(tries = 200)
    void randomCoreTypeSectionsRoundTrip(@ForAll long seed) {
        RandomModel g = new RandomModel(seed);
        List<CoreType> types = g.list(5, g::coreType);
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().coreTypes(types).build());
        ComponentDecoderTest.assertSameIgnoringOffsets(((Section.CoreTypes) c.sections().get(0)).types(), types);
    }

    @Property(tries = 200)
    void randomImportsExportsAndAliasesRoundTrip(@ForAll long seed) {
        RandomModel g = new RandomModel(seed);
        List<ImportDef> imports = g.list(5, () -> new ImportDef(0, g.label(), g.attributes(), g.externType()));
        List<Alias> aliases = g.list(5, g::alias);
        List<ExportDef> exports = g.list(5, () -> new ExportDef(0, g.label(), g.attributes(),
                new SortIndex(g.sort(), g.index()),
                g.list(1, g::externType).stream().findFirst()));
        DecodedComponent c = ComponentDecoder.decode(new ComponentBuilder().imports(imports).aliases(aliases)
                .exports(exports).build());
        ComponentDecoderTest.assertSameIgnoringOffsets(c.imports(), imports);
        ComponentDecoderTest.assertSameIgnoringOffsets(((Section.Aliases) c.sections().get(1)).aliases(), aliases);
        ComponentDecoderTest.assertSameIgnoringOffsets(c.exports(), exports);
    }
}
