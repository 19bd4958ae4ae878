package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * The bytes a guest writes to an outgoing body before it has anywhere to go (before {@code handle}) are held by the
 * host, so they are bounded: past {@link WasiHttp#MAX_UNSENT_BODY} a write fails with a stream error instead of
 * growing the host's heap without end. Driven through {@code wat-http-api}.
 */
class WasiHttpUnsentBodyTest {
    private Instance instance;

    @BeforeEach
    void start() {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        WasiHttp.addToLinker(linker, WasiConfig.builder().build());
        instance = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-http-api.component")))
                .instantiate();
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    private Value http(String fn, Value... args) {
        return instance.func("http-types", fn).orElseThrow().call(args).orElse(null);
    }

    private Value.ResultValue write(Value out, int n) {
        return (Value.ResultValue) instance.func("io-streams", "[method]output-stream.blocking-write-and-flush")
                .orElseThrow().call(out, Value.ListValue.ofBytes(new byte[n])).orElseThrow();
    }

    @Test
    void bytesWrittenBeforeTheRequestIsSentAreBounded() {
        Value req = http("[constructor]outgoing-request", http("[constructor]fields"));
        Value body = ((Value.ResultValue) http("[method]outgoing-request.body", req)).payload().orElseThrow();
        Value out = ((Value.ResultValue) http("[method]outgoing-body.write", body)).payload().orElseThrow();
        int mib = 1 << 20;
        for (int i = 0; i < WasiHttp.MAX_UNSENT_BODY / mib; i++) {
            assertThat(write(out, mib).isOk()).as("MiB %s", i).isTrue();
        }
        Value.ResultValue over = write(out, 1);
        assertThat(over.isOk()).isFalse();
        assertThat(((Value.VariantValue) over.payload().orElseThrow()).caseName()).isEqualTo("last-operation-failed");
    }
}
