package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;
import org.wasmcloud4j.httpserver.NettyHttpServerProvider;

/** The wat-http component served through {@link WasiHttp#handle} on the Netty server, requested with the JDK client. */
class WasiHttpServeTest {
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void servesAnIncomingHandlerComponentOverHttp(Engine.Mode mode) throws Exception {
        Engine engine = Engine.builder().mode(mode).build();
        Linker linker = new Linker(engine);
        WasiHttp http = WasiHttp.addToLinker(linker, WasiConfig.builder().build());
        InstancePre pre = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-http.component")));
        HttpServer server = new NettyHttpServerProvider().start(new InetSocketAddress("127.0.0.1", 0),
                HttpServerOptions.defaults(), exchange -> http.handle(pre, exchange), null);
        try {
            HttpClient client = HttpClient.newHttpClient();
            List<String> lines = new ArrayList<>();
            for (String path : List.of("/hello?x=1", "/missing")) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.address().getPort() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
                lines.add("GET " + path + " -> " + r.statusCode() + " "
                        + r.headers().firstValue("content-type").orElse("-"));
                // the component sets the response before writing its body: chunked if it went out before the body
                // was finished, else framed by its length (the server chooses; ResponseFramingTest)
                assertThat(r.headers().firstValue("transfer-encoding").orElse(null) != null
                        || r.headers().firstValueAsLong("content-length").orElse(-1) == r.body().length()).isTrue();
                lines.add(r.body().stripTrailing());
            }
            assertThat(String.join("\n", lines) + "\n")
                    .isEqualTo(Fixtures.text("wat-http.component.expected-responses.txt").orElseThrow());
            // nothing of the two requests stays behind in the host's resource tables (the last response can be
            // on the wire a moment before its invocation thread has closed the instance)
            long until = System.nanoTime() + 5_000_000_000L;
            while (http.liveObjects() != 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(http.liveObjects()).isZero();
        } finally {
            server.close();
        }
    }

}
