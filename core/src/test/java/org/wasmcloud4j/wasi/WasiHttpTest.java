package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;

/** Outgoing wasi:http requests through the JDK client (serving is tested with wasmcloud4j-http-server). */
class WasiHttpTest {
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void outgoingRequestsGoThroughTheJdkClientOnlyWhereAllowed(Engine.Mode mode) throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            byte[] body = ("pong: " + exchange.getRequestURI() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            try (var os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        target.start();
        java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        int closedPort = closed.getLocalPort();
        closed.close();
        String allowed = "127.0.0.1:" + target.getAddress().getPort();
        try {
            Engine engine = Engine.builder().mode(mode).build();
            Linker linker = new Linker(engine);
            WasiHttp.addToLinker(linker, WasiConfig.builder().allowHttp(allowed)
                    .allowHttp("127.0.0.1:" + closedPort).build());
            var pre = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-http-client.component")));
            List<String> lines = new ArrayList<>();
            lines.add("fetch(<test server>, \"/ping?n=1\") -> " + fetch(pre, allowed, "/ping?n=1"));
            lines.add("fetch(<not allowed>, \"/\") -> " + fetch(pre, "127.0.0.1:9", "/"));
            lines.add("fetch(<closed port>, \"/\") -> " + fetch(pre, "127.0.0.1:" + closedPort, "/"));
            assertThat(String.join("\n", lines) + "\n")
                    .isEqualTo(Fixtures.text("wat-http-client.component.expected-responses.txt").orElseThrow());
        } finally {
            target.stop(0);
        }
    }

    private static String fetch(org.wasmcloud4j.component.runtime.InstancePre pre, String authority, String path) {
        var result = (org.wasmcloud4j.component.value.Value.TupleValue) pre.instantiate().func("fetch").orElseThrow()
                .call(new org.wasmcloud4j.component.value.Value.Str(authority),
                        new org.wasmcloud4j.component.value.Value.Str(path)).orElseThrow();
        long status = ((org.wasmcloud4j.component.value.Value.Int) result.elements().get(0)).value();
        byte[] body = ((org.wasmcloud4j.component.value.Value.ListValue) result.elements().get(1)).toByteArray();
        return "(" + status + ", \"" + new String(body, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\n", "\\n") + "\")";
    }

    /** A C program using wasi:http directly (hand-written canonical-ABI glue) fetches from a JDK server. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void cProgramMakesAnOutgoingRequestThroughWasiHttp(Engine.Mode mode) throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            byte[] body = ("pong: " + exchange.getRequestURI()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            try (var os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        target.start();
        try {
            String authority = "127.0.0.1:" + target.getAddress().getPort();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Engine engine = Engine.builder().mode(mode).build();
            Linker linker = new Linker(engine);
            WasiHttp.addToLinker(linker, WasiConfig.builder().args("c-http", authority, "/ping?from=c", "127.0.0.1:9")
                    .allowHttp(authority).stdout(out).build());
            int code;
            try (var instance = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("c-http.command")))
                    .instantiate()) {
                code = Wasi.run(instance);
            }
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(Fixtures.text("c-http.command.expected-stdout.txt").orElseThrow());
            assertThat(code).isZero();
        } finally {
            target.stop(0);
        }
    }
}
