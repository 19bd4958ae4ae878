package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.validate.ValidationException;

/**
 * Core modules inside components whose declared lengths and counts would make Chicory allocate far more than the
 * input holds, and modules Chicory's parser fails on with untyped exceptions: every one is refused with a typed
 * {@link DecodeException} naming the offset (in the component) and the reason, before or while Chicory parses it.
 */
class CoreModuleBoundsTest {
    /** Where the core module starts in {@link #wrap}: preamble (8), section id (1), section size (LEB). */
    static long moduleOffset(byte[] module) {
        return 8 + 1 + new ByteWriter().u32(module.length).size();
    }

    static byte[] wrap(byte[] module) {
        return new ComponentBuilder().coreModule(module).build();
    }

    /** A module: preamble, then the given sections (id, payload) in order. */
    static byte[] module(Object... idAndPayload) {
        ByteWriter w = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE);
        for (int i = 0; i < idAndPayload.length; i += 2) {
            w.section((Integer) idAndPayload[i], (byte[]) idAndPayload[i + 1]);
        }
        return w.toByteArray();
    }

    /** Type section with one {@code () -> ()} type; function section with one function of it. */
    static final byte[] ONE_TYPE = ByteWriter.of(1, 0x60, 0, 0);
    static final byte[] ONE_FUNC = ByteWriter.of(1, 0);

    static Engine engine(Engine.Mode mode) {
        return Engine.builder().mode(mode).build();
    }

    /** Both decoding and {@code Component.fromBytes} fail with a DecodeException whose message has the part. */
    static DecodeException refused(Engine.Mode mode, byte[] component, String messagePart) {
        Throwable t = catchThrowable(() -> Component.fromBytes(engine(mode), component));
        assertThat(t).isInstanceOf(DecodeException.class);
        assertThat(t.getMessage()).contains(messagePart).contains("(at byte offset ");
        DecodeException e = (DecodeException) t;
        assertThat(e.offset()).isBetween(0L, (long) component.length);
        return e;
    }

    // ------------------------------------------------------------ lengths checked before Chicory allocates

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void customSectionNameLongerThanTheInput(Engine.Mode mode) {
        // a 30-byte module claiming a 2 GiB custom section name: Chicory allocated it (OutOfMemoryError)
        byte[] m = module(0, new ByteWriter().u32(0x7fff_fff0L).raw(new byte[16]).toByteArray());
        byte[] c = wrap(m);
        DecodeException e = refused(mode, c, "custom section name");
        assertThat(e.offset()).isEqualTo(moduleOffset(m) + 10);
        assertThat(catchThrowable(() -> ComponentDecoder.decode(c))).isInstanceOf(DecodeException.class);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void dataSegmentLongerThanTheSection(Engine.Mode mode) {
        // passive segment (mode 1) of 2^31-16 bytes: Chicory allocated it (OutOfMemoryError)
        byte[] m = module(5, ByteWriter.of(1, 0, 1),
                11, new ByteWriter().u32(1).u32(1).u32(0x7fff_fff0L).raw(new byte[4]).toByteArray());
        refused(mode, wrap(m), "data segment");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void dataSegmentLengthAboveTwoGigabytes(Engine.Mode mode) {
        // 0xffffffff became a negative array size in Chicory (NegativeArraySizeException)
        byte[] m = module(5, ByteWriter.of(1, 0, 1),
                11, new ByteWriter().u32(1).u32(1).u32(0xffff_ffffL).raw(new byte[4]).toByteArray());
        refused(mode, wrap(m), "data segment");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void elementSegmentCountAboveTheBytesThatRemain(Engine.Mode mode) {
        // passive elemkind segment (flags 1) with 2^31-16 function indices: Chicory pre-sized a list for them
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC,
                9, new ByteWriter().u32(1).u32(1).u8(0).u32(0x7fff_fff0L).u8(0).toByteArray(),
                10, ByteWriter.of(1, 2, 0, 0x0b));
        refused(mode, wrap(m), "element segment");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void tooManyLocalsInOneFunction(Engine.Mode mode) {
        // 200 local declarations of 50000 i32 each: 10 million locals from 800 bytes
        ByteWriter body = new ByteWriter().u32(200);
        for (int i = 0; i < 200; i++) {
            body.u32(50_000).u8(0x7f);
        }
        body.u8(0x0b);
        byte[] b = body.toByteArray();
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC, 10, new ByteWriter().u32(1).u32(b.length).raw(b).toByteArray());
        refused(mode, wrap(m), "locals");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void codeBodyLongerThanTheSection(Engine.Mode mode) {
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC, 10, new ByteWriter().u32(1).u32(1000).u8(0).u8(0x0b).toByteArray());
        refused(mode, wrap(m), "function body");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void elementAndDataSectionsOfAValidModuleStillPass(Engine.Mode mode) {
        // table, active elemkind segment, memory, active and passive data, data count, code using data.drop
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC,
                4, ByteWriter.of(1, 0x70, 0, 1),
                5, ByteWriter.of(1, 0, 1),
                9, ByteWriter.of(1, 0, 0x41, 0, 0x0b, 1, 0),
                12, ByteWriter.of(2),
                10, ByteWriter.of(1, 5, 0, 0xfc, 9, 1, 0x0b),
                11, ByteWriter.of(2, 0, 0x41, 0, 0x0b, 3, 'a', 'b', 'c', 1, 2, 'x', 'y'));
        assertThat(Component.fromBytes(engine(mode), wrap(m))).isNotNull();
    }

    // ------------------------------------------------------------ the name section: malformed means ignored

    /** A module with one function and the given "name" custom section payload. */
    static byte[] withNameSection(byte[] payload) {
        return module(1, ONE_TYPE, 3, ONE_FUNC, 10, ByteWriter.of(1, 2, 0, 0x0b),
                0, new ByteWriter().name("name").raw(payload).toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void nameSectionWithAHugeNameLengthIsIgnored(Engine.Mode mode) {
        // function names: one entry whose name claims 2^31-16 bytes (Chicory allocated it: OutOfMemoryError)
        byte[] sub = new ByteWriter().u32(1).u32(0).u32(0x7fff_fff0L).u8('f').toByteArray();
        byte[] m = withNameSection(new ByteWriter().u8(1).u32(sub.length).raw(sub).toByteArray());
        assertThat(Component.fromBytes(engine(mode), wrap(m))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void nameSectionWithASubsectionLongerThanTheSectionIsIgnored(Engine.Mode mode) {
        // Chicory moved its buffer past the limit (IllegalArgumentException)
        byte[] m = withNameSection(new ByteWriter().u8(1).u32(500).u32(0).toByteArray());
        assertThat(Component.fromBytes(engine(mode), wrap(m))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void nameSectionWithTwoModuleNamesIsIgnored(Engine.Mode mode) {
        // Chicory asserted there was only one (AssertionError with -ea)
        byte[] one = new ByteWriter().name("m").toByteArray();
        byte[] m = withNameSection(new ByteWriter().u8(0).u32(one.length).raw(one).u8(0).u32(one.length).raw(one)
                .toByteArray());
        assertThat(Component.fromBytes(engine(mode), wrap(m))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void wellFormedNameSectionStillReachesChicory(Engine.Mode mode) {
        byte[] names = new ByteWriter().u32(1).u32(0).name("the_function").toByteArray();
        byte[] m = withNameSection(new ByteWriter().u8(1).u32(names.length).raw(names).toByteArray());
        assertThat(Component.fromBytes(engine(mode), wrap(m))).isNotNull();
    }

    // ------------------------------------------------------------ Chicory's own failures are typed

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void unknownPrefixedOpcodeIsADecodeException(Engine.Mode mode) {
        // 0xfc with sub-opcode 2^31-1: Chicory indexed its opcode table with it (ArrayIndexOutOfBoundsException)
        byte[] body = new ByteWriter().u8(0).u8(0xfc).u32(0x7fff_ffffL).u8(0x0b).toByteArray();
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC, 10, new ByteWriter().u32(1).u32(body.length).raw(body)
                .toByteArray());
        DecodeException e = refused(mode, wrap(m), "core module");
        assertThat(e.offset()).isEqualTo(moduleOffset(m));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void endBeforeTheLastInstructionIsADecodeException(Engine.Mode mode) {
        // "end" closing the function before its body ends, then more code (Chicory: NullPointerException)
        byte[] body = ByteWriter.of(0, 0x0b, 0x01, 0x0b);
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC, 10, new ByteWriter().u32(1).u32(body.length).raw(body)
                .toByteArray());
        DecodeException e = refused(mode, wrap(m), "core module");
        assertThat(e.offset()).isEqualTo(moduleOffset(m));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void chicoryValidationFailureIsAValidationException(Engine.Mode mode) {
        // i32.add on an empty stack: well formed, invalid
        byte[] body = ByteWriter.of(0, 0x6a, 0x0b);
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC, 10, new ByteWriter().u32(1).u32(body.length).raw(body)
                .toByteArray());
        Throwable t = catchThrowable(() -> Component.fromBytes(engine(mode), wrap(m)));
        assertThat(t).isInstanceOf(ValidationException.class).hasMessageContaining("core module");
        assertThat(((DecodeException) t).offset()).isEqualTo(moduleOffset(m));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void moduleInANestedComponentNamesItsOffsetInTheOuterInput(Engine.Mode mode) {
        byte[] body = ByteWriter.of(0, 0x0b, 0x01, 0x0b);
        byte[] m = module(1, ONE_TYPE, 3, ONE_FUNC, 10, new ByteWriter().u32(1).u32(body.length).raw(body)
                .toByteArray());
        byte[] inner = wrap(m);
        byte[] outer = new ComponentBuilder().custom("pad", new byte[5]).component(inner).build();
        DecodeException e = refused(mode, outer, "core module");
        long innerStart = outer.length - inner.length;
        assertThat(e.offset()).isEqualTo(innerStart + moduleOffset(m));
    }
}
