package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;

/**
 * HTTP/1.1 trailers through the host's router to a component on this host: a chunked request's trailers reach the
 * component's {@code future-trailers}, and the trailers it answers with end the chunked response
 * ({@code wat-http-trailers} echoes them).
 */
class HostHttpTrailersTest {
    private static final String TRAILERS = "classpath:org/wasmcloud4j/fixtures/wat-http-trailers.component.wasm";

    private static String exchange(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"COMPILED", "INTERPRETER"})
    void aChunkedRequestsTrailersReachTheComponentAndItsTrailersComeBack(Engine.Mode mode) throws Exception {
        try (Host h = Host.builder().engineMode(mode).noCompileCache().build();
                HttpRouter router = h.serveHttp(new InetSocketAddress("127.0.0.1", 0))) {
            h.startComponent("t", TRAILERS, 2);
            router.routePath("/", "t");
            String r = exchange(router.address().getPort(), "POST /up HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\nTE: trailers\r\n\r\n"
                    + "3\r\nabc\r\n0\r\nx-checksum: c0ffee\r\nx-part: a\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200 ").containsIgnoringCase("transfer-encoding: chunked")
                    .contains("x-checksum: c0ffee\r\n").contains("x-part: a\r\n");

            // without trailers: none come back, and the response may be framed by its length
            String plain = exchange(router.address().getPort(), "POST /up HTTP/1.1\r\nHost: a\r\n"
                    + "Connection: close\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(plain).startsWith("HTTP/1.1 200 ").doesNotContain("x-checksum");
        }
    }
}
