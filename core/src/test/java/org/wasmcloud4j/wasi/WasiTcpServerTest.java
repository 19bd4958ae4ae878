package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** The wat-tcp-server component listens on loopback, and a Java client talks to it. */
class WasiTcpServerTest {
    @Test
    void guestListensAcceptsAndEchoes() throws Exception {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Component component = Component.fromBytes(engine, Fixtures.bytes("wat-tcp-server.component"));
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, WasiConfig.builder().allowTcp("127.0.0.1:0").build());
        Instance server = linker.instantiatePre(component).instantiate();
        long port = ((Value.Int) server.func("listen").orElseThrow().call().orElseThrow()).value();
        List<String> lines = new ArrayList<>();
        lines.add("listen() -> a port: " + (port > 0 && port < 65536));
        CompletableFuture<String> client = CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), (int) port);
                    OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                out.write("ping over tcp".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
        Value got = server.func("serve-one").orElseThrow().call().orElseThrow();
        String served = new String(((Value.ListValue) got).toByteArray(), StandardCharsets.UTF_8);
        lines.add("client sent \"ping over tcp\", got back \"" + client.get() + "\"");
        lines.add("serve-one() -> \"" + served + "\"");

        Linker denied = new Linker(engine);
        Wasi.addToLinker(denied, WasiConfig.builder().build());
        lines.add("listen() without permission -> " + ((Value.Int) denied.instantiatePre(component).instantiate()
                .func("listen").orElseThrow().call().orElseThrow()).value());
        assertThat(String.join("\n", lines) + "\n")
                .isEqualTo(Fixtures.text("wat-tcp-server.component.expected-responses.txt").orElseThrow());
    }
}
