package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeErrorTest {

    static DecodeException decodeError(byte[] bytes, long offset, String messagePart) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ComponentDecoder.decode(bytes));
        assertThat(t).isInstanceOf(DecodeException.class);
        DecodeException e = (DecodeException) t;
        assertThat(e.getMessage()).contains(messagePart).endsWith("(at byte offset " + offset + ")");
        assertThat(e.offset()).isEqualTo(offset);
        return e;
    }

    static UnsupportedFeatureException unsupported(byte[] bytes, long offset, String construct) {
        DecodeException e = decodeError(bytes, offset, construct);
        assertThat(e).isInstanceOf(UnsupportedFeatureException.class);
        assertThat(e.getMessage()).startsWith("unsupported: ");
        return (UnsupportedFeatureException) e;
    }

    static byte[] component(int id, int... payload) {
        return new ComponentBuilder().raw(id, ByteWriter.of(payload)).build();
    }

    // ---------------------------------------------------------------- preamble

    @Test
    void truncatedPreamble() {
        decodeError(new byte[] {0, 'a', 's', 'm', 0x0d}, 5, "truncated preamble");
        decodeError(new byte[0], 0, "too short");
    }

    @Test
    void coreModuleIsNotAComponent() {
        decodeError(CoreModuleBuilder.PREAMBLE, 0, "expected a component (layer 1) but found a core module");
    }

    @Test
    void nestedCoreModulePreambleInComponentSection() {
        decodeError(new ComponentBuilder().component(CoreModuleBuilder.PREAMBLE).build(), 10,
                "expected a component");
    }

    // ---------------------------------------------------------------- truncation and sizes

    @Test
    void truncatedSectionHeader() {
        decodeError(new ComponentBuilder().rawBytes(ByteWriter.of(0x07)).build(), 9,
                "unexpected end of input while reading LEB128 u32 size of type section");
    }

    @Test
    void sectionLargerThanInput() {
        decodeError(new ComponentBuilder().rawBytes(ByteWriter.of(0x07, 0x05, 0x01)).build(), 8,
                "type section declares 5 bytes but only 1 bytes remain");
    }

    @Test
    void sectionContentsEndEarly() {
        // count 1, bool, then one stray byte
        decodeError(component(7, 0x01, 0x7f, 0x00), 12,
                "type section declared 3 bytes but its contents ended at byte offset 12 (1 bytes early)");
    }

    @Test
    void sectionContentsRunPastTheDeclaredSize() {
        // count 1, record with its field count cut off by the section size
        decodeError(component(7, 0x01, 0x72), 12, "unexpected end of type section at byte offset 8");
    }

    @Test
    void truncatedName() {
        decodeError(component(10, 0x01, 0x00, 0x05, 'a', 'b'), 12, "length 5 of import name exceeds the 2 bytes");
    }

    // ---------------------------------------------------------------- LEB128

    @Test
    void overlongLeb() {
        decodeError(new ComponentBuilder().rawBytes(ByteWriter.of(0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))
                .build(), 9, "longer than 5 bytes");
    }

    @Test
    void lebTooLargeForU32() {
        decodeError(new ComponentBuilder().rawBytes(ByteWriter.of(0x07, 0xff, 0xff, 0xff, 0xff, 0x1f)).build(), 9,
                "too large for u32");
    }

    @Test
    void nonMinimalLebWithinFiveBytesIsAccepted() {
        // section size 1 written as 0x81 0x80 0x80 0x80 0x00; payload count 0
        byte[] bytes = new ComponentBuilder().rawBytes(ByteWriter.of(0x07, 0x81, 0x80, 0x80, 0x80, 0x00, 0x00))
                .build();
        assertThat(ComponentDecoder.decode(bytes).sections()).hasSize(1);
    }

    @Test
    void indexAboveImplementationLimit() {
        // own with index 2^31
        decodeError(component(7, 0x01, 0x69, 0x80, 0x80, 0x80, 0x80, 0x08), 12,
                "own resource type index 2147483648 exceeds the implementation limit");
    }

    @Test
    void negativeValTypeIndex() {
        // list of s33 -65 (0xbf 0x7f): a negative number that is no primitive
        decodeError(component(7, 0x01, 0x70, 0xbf, 0x7f), 12, "invalid value type 0xbf for list element type");
    }

    // ---------------------------------------------------------------- counts

    @Test
    void countLargerThanInput() {
        decodeError(component(7, 0xc0, 0x84, 0x3d), 10, "count 1000000 of types needs at least 1000000 bytes but"
                + " only 0 remain");
    }

    @Test
    void hugeCountInNestedList() {
        // record with 2^32-1 fields
        decodeError(component(7, 0x01, 0x72, 0xff, 0xff, 0xff, 0xff, 0x0f), 12, "count 4294967295 of record fields");
    }

    // ---------------------------------------------------------------- UTF-8

    @Test
    void invalidUtf8Names() {
        decodeError(component(10, 0x01, 0x00, 0x02, 0xc3, 0x28, 0x01, 0x00), 14, "invalid UTF-8 in import name");
        // overlong encoding of '/'
        decodeError(component(10, 0x01, 0x00, 0x02, 0xc0, 0xaf, 0x01, 0x00), 13, "invalid UTF-8");
        // encoded surrogate U+D800
        decodeError(component(10, 0x01, 0x00, 0x03, 0xed, 0xa0, 0x80, 0x01, 0x00), 14, "invalid UTF-8");
        // truncated sequence at the end of the string
        decodeError(component(10, 0x01, 0x00, 0x02, 'a', 0xe2, 0x01, 0x00), 14, "invalid UTF-8");
        // custom section name
        decodeError(component(0, 0x01, 0xff), 11, "invalid UTF-8 in custom section name");
    }

    @Test
    void validMultiByteUtf8() {
        byte[] bytes = new ComponentBuilder().custom("名前-😀", new byte[0]).build();
        assertThat(ComponentDecoder.decode(bytes).customSection("名前-😀")).isPresent();
    }

    @Test
    void invalidUtf8JwtIsReportedOnAccess() {
        byte[] bytes = new ComponentBuilder().custom("wasmcloud_jwt", new byte[] {'a', (byte) 0xff}).build();
        DecodedComponent c = ComponentDecoder.decode(bytes);
        assertThatThrownBy(c::jwt).isInstanceOf(DecodeException.class).hasMessageContaining("invalid UTF-8");
    }

    // ---------------------------------------------------------------- ids and opcodes

    @Test
    void unknownSectionId() {
        decodeError(component(13), 8, "unknown component section id 13 (expected 0 to 12)");
        decodeError(component(0xff), 8, "unknown component section id 255");
    }

    @Test
    void invalidOpcodes() {
        decodeError(component(7, 0x01, 0x55), 11, "invalid type definition opcode 0x55");
        decodeError(component(6, 0x01, 0x07, 0x00, 0x00, 0x00), 11, "invalid sort 0x07 in alias sort");
        decodeError(component(6, 0x01, 0x00, 0x13, 0x01, 0x00, 0x00), 12, "invalid core sort 0x13");
        decodeError(component(6, 0x01, 0x01, 0x01, 0x00, 0x00), 11, "core instance export alias needs a core sort");
        decodeError(component(6, 0x01, 0x01, 0x02, 0x00, 0x00), 11, "outer alias of sort FUNC is not allowed");
        decodeError(component(2, 0x01, 0x00, 0x00, 0x01, 0x00, 0x11, 0x00), 15,
                "invalid core instantiation argument kind 0x11: expected 0x12 (instance)");
        decodeError(component(5, 0x01, 0x02, 0x00), 11, "invalid instance kind 0x02");
        decodeError(component(10, 0x01, 0x03, 0x00, 0x01, 0x00), 11, "invalid name form 0x03");
        decodeError(component(10, 0x01, 0x00, 0x00, 0x00, 0x12, 0x00), 14,
                "only core module (0x11) is allowed");
        decodeError(component(11, 0x01, 0x00, 0x00, 0x01, 0x00, 0x02), 15, "invalid export type ascription flag");
        decodeError(component(8, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00), 12, "canon lift: expected 0x00 (func)");
        decodeError(component(8, 0x01, 0x3c), 11, "invalid canonical definition kind 0x3c");
        decodeError(component(7, 0x01, 0x6a, 0x02), 12, "invalid presence flag 0x02 of result ok type");
        decodeError(component(7, 0x01, 0x40, 0x00, 0x02), 13, "invalid function result list 0x02");
        decodeError(component(7, 0x01, 0x3f, 0x7f, 0x02), 13, "invalid resource destructor flag");
    }

    @Test
    void duplicateCanonOptions() {
        decodeError(component(8, 0x01, 0x01, 0x00, 0x00, 0x02, 0x03, 0x00, 0x03, 0x01), 17,
                "duplicate memory canonical option");
        decodeError(component(8, 0x01, 0x01, 0x00, 0x00, 0x02, 0x00, 0x01), 16,
                "duplicate or conflicting string-encoding canonical option");
    }

    @Test
    void importDeclarationInInstanceType() {
        // instance type with one decl: 0x03 import
        decodeError(component(7, 0x01, 0x42, 0x01, 0x03, 0x00, 0x01, 'a', 0x01, 0x00), 13,
                "import declaration (0x03) is not allowed in an instance type");
    }

    // ---------------------------------------------------------------- nesting

    @Test
    void excessiveComponentNesting() {
        byte[] inner = ComponentBuilder.PREAMBLE;
        for (int i = 0; i < 200; i++) {
            inner = new ComponentBuilder().component(inner).build();
        }
        byte[] bytes = inner;
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ComponentDecoder.decode(bytes));
        assertThat(t).isInstanceOf(DecodeException.class)
                .hasMessageContaining("component nesting depth exceeds the limit of 128");
    }

    @Test
    void nestingAtTheLimitIsAccepted() {
        byte[] inner = ComponentBuilder.PREAMBLE;
        for (int i = 0; i < ComponentDecoder.MAX_NESTING_DEPTH; i++) {
            inner = new ComponentBuilder().component(inner).build();
        }
        assertThat(ComponentDecoder.decode(inner).sections()).hasSize(1);
    }

    @Test
    void excessiveTypeNesting() {
        ByteWriter w = new ByteWriter().u32(1);
        int depth = 5000;
        for (int i = 0; i < depth; i++) {
            w.u8(0x42).u32(1).u8(0x01);
        }
        w.u8(0x42).u32(0);
        byte[] bytes = new ComponentBuilder().raw(7, w.toByteArray()).build();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ComponentDecoder.decode(bytes));
        assertThat(t).isInstanceOf(DecodeException.class)
                .hasMessageContaining("type nesting depth exceeds the limit of 128");
    }

    @Test
    void nestedListsClaimingAllRemainingBytesDoNotExhaustMemory() {
        // 120 nested instance types, each claiming 1,000,000 declarations, over 2 MB of padding
        ByteWriter w = new ByteWriter().u32(1);
        for (int i = 0; i < 120; i++) {
            w.u8(0x42).u32(1_000_000).u8(0x01);
        }
        w.u8(0x42).u32(1_000_000).raw(new byte[2_100_000]);
        byte[] bytes = new ComponentBuilder().raw(7, w.toByteArray()).build();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ComponentDecoder.decode(bytes));
        assertThat(t).isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("GC non-final sub type");
    }

    // ---------------------------------------------------------------- unsupported

    @Test
    void unsupportedConstructs() {
        unsupported(component(3, 0x01, 0x4e, 0x00), 11, "GC rec type");
        unsupported(component(3, 0x01, 0x00, 0x50, 0x00, 0x60, 0x00, 0x00), 11, "GC non-final sub type");
        unsupported(component(3, 0x01, 0x5f, 0x00), 11, "GC struct type");
        unsupported(component(3, 0x01, 0x50, 0x01, 0x01, 0x50, 0x00, 0x60, 0x00, 0x00), 14,
                "GC sub type in module type");
        unsupported(component(12, 0x00), 8, "value section");
        unsupported(component(7, 0x01, 0x71, 0x01, 0x01, 'a', 0x00, 0x01, 0x00), 16,
                "'refines' on variant case 'a'");
        unsupported(component(7, 0x01, 0x67, 0x7d, 0x04), 11, "fixed-length list type");
        unsupported(component(7, 0x01, 0x63, 0x73, 0x73), 11, "map type");
        unsupported(component(7, 0x01, 0x6c, 0x00), 11, "union type");
        unsupported(component(7, 0x01, 0x40, 0x00, 0x01, 0x01, 0x01, 'r', 0x7f), 14,
                "named function results");
        unsupported(component(8, 0x01, 0x40, 0x00), 11, "thread.spawn-ref");
        unsupported(component(8, 0x01, 0x01, 0x00, 0x00, 0x01, 0x09), 15, "gc canonical option");
        unsupported(component(3, 0x01, 0x60, 0x01, 0x65, 0x70, 0x00), 13, "shared reference type");
        UnsupportedFeatureException e = unsupported(component(3, 0x01, 0x4e, 0x00), 11, "GC rec type");
        assertThat(e.construct()).isEqualTo("GC rec type in core type definition");
        assertThat(e.getMessage()).isEqualTo("unsupported: GC rec type in core type definition (at byte offset 11)");
    }

    @Test
    void unsupportedCoreModuleConstructs() {
        byte[] gcModule = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE).section(1, ByteWriter.of(0x01, 0x4e, 0x00))
                .toByteArray();
        byte[] bytes = new ComponentBuilder().coreModule(gcModule).build();
        unsupported(bytes, 21, "GC rec type in core module type section");
        byte[] compact = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE)
                .section(2, ByteWriter.of(0x01, 0x01, 'm', 0x00, 0x7f, 0x00)).toByteArray();
        unsupported(new ComponentBuilder().coreModule(compact).build(), 23, "compact import encoding");
    }

    // ---------------------------------------------------------------- core module summary errors

    @Test
    void coreModuleErrors() {
        byte[] unknown = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE).section(14, new byte[0]).toByteArray();
        decodeError(new ComponentBuilder().coreModule(unknown).build(), 18, "unknown core module section id 14");
        byte[] order = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE).section(3, ByteWriter.of(0x00))
                .section(1, ByteWriter.of(0x00)).toByteArray();
        decodeError(new ComponentBuilder().coreModule(order).build(), 21, "core module type section is out of order");
        byte[] badExport = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE)
                .section(7, ByteWriter.of(0x01, 0x01, 'f', 0x00, 0x00)).toByteArray();
        decodeError(new ComponentBuilder().coreModule(badExport).build(), 23,
                "export 'f' refers to func 0 but the module has only 0");
        byte[] badVersion = new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0};
        decodeError(new ComponentBuilder().coreModule(badVersion).build(), 14, "expected core module version 1");
        byte[] shortSection = new ByteWriter().raw(CoreModuleBuilder.PREAMBLE).section(1, ByteWriter.of(0x00, 0x00))
                .toByteArray();
        decodeError(new ComponentBuilder().coreModule(shortSection).build(), 21,
                "type section of a core module declared 2 bytes but its contents ended at byte offset 21");
    }

    @Test
    void summarizeStandaloneCoreModule() {
        CoreModuleSummary s = ComponentDecoder.summarizeCoreModule(SampleComponents.coreModule());
        assertThat(s.exports()).hasSize(5);
        assertThat(s.imports(CoreSort.MEMORY)).hasSize(1);
        assertThatThrownBy(() -> ComponentDecoder.summarizeCoreModule(ComponentBuilder.PREAMBLE))
                .isInstanceOf(DecodeException.class).hasMessageContaining("expected core module version 1");
    }

    @Test
    void everyErrorIsADecodeException() {
        for (byte[] b : List.of(new byte[] {1}, "\0asm".getBytes(), component(1), component(4), component(2, 0x01))) {
            assertThatThrownBy(() -> ComponentDecoder.decode(b)).isInstanceOf(DecodeException.class);
        }
    }
}
