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

    @org.junit.jupiter.api.Test
    void eachInstanceReadsItsOwnStdinAndSeesItsOwnData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Component component = Component.fromBytes(engine, Fixtures.bytes("c-hello.command"));
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("c-hello").stdout(out)
                .stdin("twice".getBytes(StandardCharsets.UTF_8)).build());
        var pre = linker.instantiatePre(component);
        assertThat(Wasi.run(pre.instantiate("first"))).isZero();
        assertThat(Wasi.run(pre.instantiate("second"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).split("stdin bytes=5", -1)).hasSize(3);
    }

    @org.junit.jupiter.api.Test
    void hostFunctionsSeeTheCallingInstancesData() {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Component c = Component.fromBytes(engine, Fixtures.bytes("wat-fixture.component"));
        java.util.List<Object> seen = new java.util.ArrayList<>();
        Linker linker = new Linker(engine)
                .defineFunction("example:fixtures/host@0.1.0", "log", a -> {
                    seen.add(org.wasmcloud4j.component.runtime.CallContext.current().orElseThrow().data());
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", a -> "Hi");
        var pre = linker.instantiatePre(c);
        pre.instantiate("tenant-a").func("example:fixtures/api@0.1.0", "greet").orElseThrow().callJava("x");
        pre.instantiate("tenant-b").func("example:fixtures/api@0.1.0", "greet").orElseThrow().callJava("y");
        assertThat(seen).containsExactly("tenant-a", "tenant-b");
        assertThat(org.wasmcloud4j.component.runtime.CallContext.current()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void streamFixtureWritesItsGoldenAmount() throws Exception {
        JsonNode g = new ObjectMapper().readTree(Fixtures.text("c-stream.command.expected.json").orElseThrow());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("c-stream", g.get("args").get(0).asText()).stdout(out)
                .build());
        int code = Wasi.run(linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("c-stream.command")))
                .instantiate());
        assertThat(code).isEqualTo(g.get("exit_code").asInt());
        assertThat(out.size()).isEqualTo(g.get("stdout_bytes").asInt());
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("x+");
    }

    /**
     * A C program that uses {@code wasi:sockets} directly (hand-written canonical-ABI glue) talks to a real loopback
     * server: a port outside the allow-list is refused, the allowed one echoes upper-cased.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Engine.Mode.class)
    void cProgramTalksTcpThroughWasiSockets(Engine.Mode mode) throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (java.net.Socket c = server.accept()) {
                    byte[] in = c.getInputStream().readAllBytes();   // until the client shuts its side down
                    c.getOutputStream().write(new String(in, StandardCharsets.UTF_8)
                            .toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    // the program's output shows what went wrong
                }
            });
            echo.setDaemon(true);
            echo.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Engine engine = Engine.builder().mode(mode).build();
            Linker linker = new Linker(engine);
            int port = server.getLocalPort();
            Wasi.addToLinker(linker, WasiConfig.builder().args("c-net", String.valueOf(port), "9")
                    .allowTcp("127.0.0.1:" + port).stdout(out).build());
            int code;
            try (org.wasmcloud4j.component.runtime.Instance instance = linker.instantiatePre(
                    Component.fromBytes(engine, Fixtures.bytes("c-net.command"))).instantiate()) {
                code = Wasi.run(instance);
            }
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo(Fixtures.text("c-net.command.expected-stdout.txt").orElseThrow());
            assertThat(code).isZero();
        }
    }

    /**
     * A JavaScript command (QuickJS, built by jco componentize) runs: its {@code wasi:cli/run} export is an instance
     * that a nested component exports and the outer component re-exports through an alias.
     */
    @org.junit.jupiter.api.Test
    void jsCommandPrintsItsArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("js-command", "a", "b c").stdout(out).build());
        int code;
        try (org.wasmcloud4j.component.runtime.Instance instance = linker.instantiatePre(
                Component.fromBytes(engine, Fixtures.bytes("js-command.qjs"))).instantiate()) {
            code = Wasi.run(instance);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.text("js-command.qjs.expected-stdout.txt").orElseThrow());
        assertThat(code).isZero();
    }

    /** Host objects a command still holds when it ends (its stdout stream) are released when the instance closes. */
    @org.junit.jupiter.api.Test
    void closingAnInstanceReleasesTheHostResourcesItHolds() {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        Wasi.Shared shared = Wasi.define(linker, WasiConfig.builder().args("c-stream", "1")
                .stdout(new ByteArrayOutputStream()).build());
        org.wasmcloud4j.component.runtime.Instance instance = linker.instantiatePre(
                Component.fromBytes(engine, Fixtures.bytes("c-stream.command"))).instantiate();
        assertThat(Wasi.run(instance)).isZero();
        assertThat(shared.outputs().liveCount()).isPositive();
        instance.close();
        assertThat(shared.outputs().liveCount()).isZero();
        instance.close();   // idempotent
        assertThat(instance.isPoisoned()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Wasi.run(instance))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @org.junit.jupiter.api.Test
    void aFailingOutputStreamIsAStreamErrorForTheGuestNotATrap() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("disk on fire");
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("disk on fire");
            }
        };
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("c-hello").stdout(broken).stderr(err).build());
        var instance = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("c-hello.command")))
                .instantiate();
        Wasi.run(instance);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("this goes to stderr");
        assertThat(instance.isPoisoned()).isFalse();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Engine.Mode.class)
    void clocksRandomAndPollThroughACProgram(Engine.Mode mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Engine engine = Engine.builder().mode(mode).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().args("c-sys").stdout(out).build());
        int code = Wasi.run(linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("c-sys.command")))
                .instantiate());
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.text("c-sys.command.expected-stdout.txt").orElseThrow());
        assertThat(code).isZero();
    }
}
