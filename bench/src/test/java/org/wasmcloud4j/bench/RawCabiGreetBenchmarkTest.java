package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that the benchmark computes the right thing in each mode; says nothing about speed. */
class RawCabiGreetBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"compiled", "interpreter"})
    void benchmarkBodyReturnsTheGreeting(String mode) {
        RawCabiGreetBenchmark b = new RawCabiGreetBenchmark();
        b.mode = mode;
        b.size = 16;
        b.setUp();
        for (int i = 0; i < 1000; i++) {
            assertThat(b.rawGreet()).isEqualTo("Hello, " + "x".repeat(16) + "!");
            assertThat(b.componentGreet().toString()).contains("Hello, " + "x".repeat(16) + "!");
        }
    }
}
