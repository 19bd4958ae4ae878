package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both servers of the HTTP benchmark answer the same body over keep-alive; says nothing about speed. */
class HttpServeBenchmarkTest {
    @Test
    void bothAnswerTheSameBody() throws Exception {
        HttpServeBenchmark b = new HttpServeBenchmark();
        b.setUp();
        HttpServeBenchmark.Clients c = new HttpServeBenchmark.Clients();
        c.connect(b);
        try {
            for (int i = 0; i < 3; i++) {   // keep-alive: the same connections answer again
                assertThat(c.component.getText()).isEqualTo("hello from WAT: /hello\n")
                        .isEqualTo(c.plainNetty.getText());
            }
            assertThat(b.component(c)).isEqualTo(b.plainNetty(c));
        } finally {
            c.close();
            b.tearDown();
        }
    }
}
