package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** The wat-udp component exchanges datagrams with a real loopback echo server, only where allowed. */
class WasiUdpTest {
    @Test
    void datagramsOnLoopback() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread echo = new Thread(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
                    server.receive(p);
                    byte[] up = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)
                            .toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                    server.send(new DatagramPacket(up, up.length, p.getSocketAddress()));
                } catch (Exception e) {
                    // the test fails on its own when nothing comes back
                }
            });
            echo.setDaemon(true);
            echo.start();
            Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
            Linker linker = new Linker(engine);
            Wasi.addToLinker(linker, WasiConfig.builder().allowUdp("127.0.0.1:0")
                    .allowUdp("127.0.0.1:" + server.getLocalPort()).build());
            InstancePre pre = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-udp.component")));
            List<String> lines = new ArrayList<>();
            lines.add("udp-echo(<echo server>, \"datagram\") -> \"" + echo(pre, server.getLocalPort(), "datagram") + "\"");
            lines.add("udp-echo(<not allowed>, \"x\") -> \"" + echo(pre, 9, "x") + "\"");
            assertThat(String.join("\n", lines) + "\n")
                    .isEqualTo(Fixtures.text("wat-udp.component.expected-responses.txt").orElseThrow());
        }
    }

    private static String echo(InstancePre pre, int port, String message) {
        Value r = pre.instantiate().func("udp-echo").orElseThrow().call(new Value.Int(PrimitiveType.U16, port),
                Value.ListValue.ofBytes(message.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        return new String(((Value.ListValue) r).toByteArray(), StandardCharsets.UTF_8);
    }
}
