package org.wasmcloud4j.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.fixtures.Fixtures;

class WasmKindTest {
    @Test
    void everyCommittedFixtureIsAComponent() {
        for (String name : Fixtures.names()) {
            assertThat(WasmKind.detect(Fixtures.bytes(name))).as(name).isEqualTo(WasmKind.COMPONENT);
        }
    }

    @Test
    void coreModulePreamble() {
        assertThat(WasmKind.detect(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})).isEqualTo(WasmKind.CORE_MODULE);
    }

    @Test
    void badInputNamesTheOffsetAndTheExpectation() {
        assertThatThrownBy(() -> WasmKind.detect(new byte[] {0, 'a'}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("too short")
                .extracting(e -> ((DecodeException) e).offset()).isEqualTo(0L);
        assertThatThrownBy(() -> WasmKind.detect(new byte[] {0, 'a', 's', 'm', 0x0d}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("truncated preamble")
                .extracting(e -> ((DecodeException) e).offset()).isEqualTo(5L);
        assertThatThrownBy(() -> WasmKind.detect(new byte[] {0, 'a', 's', 'm', 0x0a, 0, 1, 0}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("component binary version 0xa");
        assertThatThrownBy(() -> WasmKind.detect(new byte[] {0, 'a', 's', 'm', 1, 0, 7, 0}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("layer 7");
        assertThatThrownBy(() -> WasmKind.detect("not wasm at all".getBytes()))
                .isInstanceOf(DecodeException.class).hasMessageContaining("magic");
    }

    @Property
    void arbitraryBytesEitherDetectOrFailCleanly(@ForAll @Size(max = 16) byte[] bytes) {
        try {
            WasmKind kind = WasmKind.detect(bytes);
            assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0, 'a', 's', 'm');
            assertThat(kind).isNotNull();
        } catch (DecodeException e) {
            assertThat(e.offset()).isBetween(0L, 16L);
        }
    }
}
