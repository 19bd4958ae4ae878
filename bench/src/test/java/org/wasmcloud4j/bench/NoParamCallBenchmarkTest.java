package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;

/** Checks that both calls of the no-parameter benchmark do their work; says nothing about speed. */
class NoParamCallBenchmarkTest {
    @Test
    void bothCallsReturnZeroDrops() {
        NoParamCallBenchmark b = new NoParamCallBenchmark();
        b.setUp();
        assertThat(b.rawCall()).isZero();
        assertThat(b.componentCall()).isEqualTo(Optional.of(new Value.Int(PrimitiveType.U32, 0)));
    }
}
