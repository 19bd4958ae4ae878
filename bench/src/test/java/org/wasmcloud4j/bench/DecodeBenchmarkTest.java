package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks that the decode benchmark measures real work; says nothing about speed. */
class DecodeBenchmarkTest {
    @Test
    void bothBenchmarksProduceResults() {
        DecodeBenchmark b = new DecodeBenchmark();
        b.setUp();
        assertThat(b.decodeComponent().coreModules()).isNotNull();
        assertThat(b.parseLargestCoreModule().codeSection().functionBodyCount()).isPositive();
        assertThat(b.decodeAndValidate().exports()).containsKey("greet");
        assertThat(b.decodeAndValidateLarge().exports()).isEmpty();
        assertThat(b.printWit()).contains("export greet: func(name: string) -> string;");
    }
}
