package org.wasmcloud4j.component.abi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

/** {@link TrackedMemory}: zeroing skips only what is known to be zero already, and the dirty blocks stay right. */
class TrackedMemoryTest {
    private static TrackedMemory memory() {
        return new TrackedMemory(new ByteArrayMemory(new MemoryLimits(2, 2)), null, true);
    }

    @Test
    void zeroingAFreshMemoryLeavesItZeroAndEveryBlockDirty() {
        TrackedMemory m = memory();
        m.clean();
        m.zero();
        assertThat(m.readBytes(0, 2 * 65536)).containsOnly(0);
        byte[] image = new byte[2 * 65536];
        image[70000] = 9;
        m.restore(image);   // every block counts as written by the zero: all of the image comes back
        assertThat(m.read(70000)).isEqualTo((byte) 9);
    }

    @Test
    void aMemoryWrittenBeforeItsFirstZeroIsZeroed() {
        TrackedMemory bulk = memory();
        bulk.write(100, new byte[] {1, 2, 3}, 0, 3);
        bulk.zero();
        assertThat(bulk.readBytes(100, 3)).containsOnly(0);

        TrackedMemory filled = memory();
        filled.fill((byte) 7, 0, 10);
        filled.zero();
        assertThat(filled.readBytes(0, 10)).containsOnly(0);
    }

    @Test
    void onlyTheFirstZeroOfAFreshMemoryIsSkipped() {
        TrackedMemory m = memory();
        m.zero();
        m.writeI32(4096, 0x01020304);   // a guest store after instantiation
        m.zero();
        assertThat(m.readInt(4096)).isZero();
    }
}
