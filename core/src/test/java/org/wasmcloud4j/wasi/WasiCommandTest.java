package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/** The C and Rust command fixtures (WASI 0.2.0, 0.2.3 and 0.2.12 adapters) give their golden stdout, stderr, exit. */
class WasiCommandTest {
    @ParameterizedTest
    @CsvSource({
        "c-hello.command, c-hello.command.expected.json, INTERPRETER",
        "c-hello.command, c-hello.command.expected.json, COMPILED",
        "c-hello.command, c-hello.command.expected-exit3.json, INTERPRETER",
        "c-hello.command.wasi-0.2.0, c-hello.command.wasi-0.2.0.expected.json, INTERPRETER",
        "c-hello.command.wasi-0.2.3, c-hello.command.wasi-0.2.3.expected.json, INTERPRETER",
        "rust-hello.command, rust-hello.command.expected.json, INTERPRETER",
        "rust-hello.command, rust-hello.command.expected.json, COMPILED"})
    void commandFixturesMatchTheirGoldenOutput(String fixture, String golden, Engine.Mode mode) throws Exception {
        JsonNode g = new ObjectMapper().readTree(Fixtures.text(golden).orElseThrow());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WasiConfig.Builder config = WasiConfig.builder().args(fixture).stdout(out).stderr(err)
                .stdin(g.get("stdin").asText().getBytes(StandardCharsets.UTF_8));
        g.get("args").forEach(a -> config.args(a.asText()));
        g.get("env").fields().forEachRemaining(e -> config.env(e.getKey(), e.getValue().asText()));
        Engine engine = Engine.builder().mode(mode).build();
        Component component = Component.fromBytes(engine, Fixtures.bytes(fixture));
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, config.build());
        int code = Wasi.run(linker.instantiatePre(component).instantiate());
        assertThat(out.toString(StandardCharsets.UTF_8).stripTrailing()).isEqualTo(g.get("stdout").asText());
        assertThat(err.toString(StandardCharsets.UTF_8).stripTrailing()).isEqualTo(g.get("stderr").asText());
        assertThat(code).isEqualTo(g.get("exit_code").asInt());
    }
}
