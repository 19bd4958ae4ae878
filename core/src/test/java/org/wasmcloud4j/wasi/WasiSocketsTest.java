package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** The wat-tcp component connects to a real loopback server, only where the configuration allows. */
class WasiSocketsTest {
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void tcpClientConnectionsOnLoopback(Engine.Mode mode) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream()) {
                        out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                                .getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            echo.setDaemon(true);
            echo.start();
            ServerSocket closing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            int closedPort = closing.getLocalPort();
            closing.close();
            Engine engine = Engine.builder().mode(mode).build();
            Linker linker = new Linker(engine);
            Wasi.addToLinker(linker, WasiConfig.builder().allowTcp("127.0.0.1:" + server.getLocalPort())
                    .allowTcp("127.0.0.1:" + closedPort).build());
            InstancePre pre = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-tcp.component")));
            List<String> lines = new ArrayList<>();
            lines.add("echo(<echo server>, \"hello, socket\") -> \"" + echo(pre, server.getLocalPort(), "hello, socket")
                    + "\"");
            lines.add("echo(<not allowed>, \"x\") -> \"" + echo(pre, 9, "x") + "\"");
            lines.add("echo(<closed port>, \"x\") -> \"" + echo(pre, closedPort, "x") + "\"");
            assertThat(String.join("\n", lines) + "\n")
                    .isEqualTo(Fixtures.text("wat-tcp.component.expected-responses.txt").orElseThrow());
        }
    }

    private static String echo(InstancePre pre, int port, String message) {
        Value r = pre.instantiate().func("echo").orElseThrow().call(new Value.Int(PrimitiveType.U16, port),
                Value.ListValue.ofBytes(message.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        return new String(((Value.ListValue) r).toByteArray(), StandardCharsets.UTF_8);
    }
}
