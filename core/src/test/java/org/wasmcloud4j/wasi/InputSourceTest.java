package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import org.junit.jupiter.api.Test;

/** Readiness of input streams: a non-blocking read never waits, a pollable is ready exactly when data is there. */
class InputSourceTest {
    @Test
    void aPipeIsReadWithoutBlockingAndSignalsReadiness() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        InputSource in = InputSource.of(new PipedInputStream(writer, 1024));
        assertThat(in).isInstanceOf(InputSource.Pumped.class);
        assertThat(in.ready()).isFalse();
        assertThat(in.read(10, false)).isEmpty();
        writer.write("abc".getBytes());
        writer.flush();
        in.awaitReady();
        assertThat(in.ready()).isTrue();
        assertThat(new String(in.read(2, false))).isEqualTo("ab");
        assertThat(new String(in.read(10, true))).isEqualTo("c");
        writer.close();
        in.awaitReady();
        assertThat(in.read(10, true)).isNull();
    }

    @Test
    void inMemoryBytesAreAlwaysReady() throws Exception {
        InputSource in = InputSource.of(new ByteArrayInputStream("xy".getBytes()));
        assertThat(in.ready()).isTrue();
        assertThat(new String(in.read(10, false))).isEqualTo("xy");
        assertThat(in.read(10, false)).isNull();
    }
}
