package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both servers of the HTTP benchmark answer the same body; says nothing about speed. */
class HttpServeBenchmarkTest {
    @Test
    void bothAnswerTheSameBody() throws Exception {
        HttpServeBenchmark b = new HttpServeBenchmark();
        b.setUp();
        try {
            assertThat(b.component()).isEqualTo("hello from WAT: /hello\n").isEqualTo(b.plainHandler());
        } finally {
            b.tearDown();
        }
    }
}
