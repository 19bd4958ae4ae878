package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both sides of the stream benchmark move 8 MiB; says nothing about speed. */
class WasiStreamBenchmarkTest {
    @Test
    void bothWriteEightMebibytes() {
        WasiStreamBenchmark b = new WasiStreamBenchmark();
        b.setUp();
        assertThat(b.guestWrites()).isEqualTo(WasiStreamBenchmark.TOTAL);
        assertThat(b.javaCopyLoop()).isEqualTo(WasiStreamBenchmark.TOTAL);
    }
}
