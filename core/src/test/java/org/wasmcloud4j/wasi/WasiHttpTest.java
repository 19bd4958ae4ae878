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

/** The wat-http component served on a real socket and requested with the JDK HTTP client. */
class WasiHttpTest {
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void servesAnIncomingHandlerComponentOverHttp(Engine.Mode mode) throws Exception {
        Engine engine = Engine.builder().mode(mode).build();
        Linker linker = new Linker(engine);
        WasiHttp http = WasiHttp.addToLinker(linker, WasiConfig.builder().build());
        HttpServer server = http.serve(linker.instantiatePre(Component.fromBytes(engine,
                Fixtures.bytes("wat-http.component"))), new InetSocketAddress("127.0.0.1", 0));
        try {
            HttpClient client = HttpClient.newHttpClient();
            List<String> lines = new ArrayList<>();
            for (String path : List.of("/hello?x=1", "/missing")) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.getAddress().getPort() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
                lines.add("GET " + path + " -> " + r.statusCode() + " "
                        + r.headers().firstValue("content-type").orElse("-"));
                lines.add(r.body().stripTrailing());
            }
            assertThat(String.join("\n", lines) + "\n")
                    .isEqualTo(Fixtures.text("wat-http.component.expected-responses.txt").orElseThrow());
            // nothing of the two requests stays behind in the host's resource tables
            assertThat(http.liveObjects()).isZero();
        } finally {
            server.stop(0);
        }
    }
}
