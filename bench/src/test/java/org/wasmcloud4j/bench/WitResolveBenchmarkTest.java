package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.InterfaceName;

/** Checks that the WIT resolution benchmark resolves what it claims to; says nothing about speed. */
class WitResolveBenchmarkTest {
    @Test
    void everyBenchmarkResolvesItsChain() {
        WitResolveBenchmark b = new WitResolveBenchmark();
        b.n = 100;
        b.setUp();
        InterfaceName i = InterfaceName.parse("bench:wit/i");
        assertThat(b.flatAliases().findInterface(i).orElseThrow().types()).hasSize(100);
        assertThat(b.inOrderAliases().findInterface(i).orElseThrow().types()).hasSize(100);
        assertThat(b.forwardAliases().findInterface(i).orElseThrow().types()).hasSize(100);
        assertThat(b.useChain().packages().get(0).interfaces()).hasSize(100);
        assertThat(b.printInOrderAliases()).contains("type t99 = t98;");
    }
}
