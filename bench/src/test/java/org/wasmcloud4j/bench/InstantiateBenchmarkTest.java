package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks that the instantiation benchmark measures real work; says nothing about speed. */
class InstantiateBenchmarkTest {
    @Test
    void bothBenchmarksInstantiate() {
        InstantiateBenchmark b = new InstantiateBenchmark();
        b.setUp();
        assertThat(b.rawCoreInstance().export("greet")).isNotNull();
        assertThat(b.instancePre()).isNotNull();
    }
}
