package org.wasmcloud4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.fixtures.Fixtures;

/** {@code wasmcloud4j serve} on the Netty server. */
class MainServeTest {
    private static Path write(Path dir, String fixture) throws IOException {
        Path p = dir.resolve(fixture.replace('/', '-') + ".wasm");
        Files.write(p, Fixtures.bytes(fixture));
        return p;
    }

    @Test
    void serveAnswersHttpRequests(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.Serving server = Main.startServe(new String[] {"--addr", "127.0.0.1:0",
            write(dir, "wat-http.component").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("serving ").contains("http://127.0.0.1:");
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.address().getPort() + "/cli")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from WAT: /cli\n");
        } finally {
            server.close();
        }
        assertThat(Main.startServe(new String[] {"--bogus"}, new PrintStream(out), new PrintStream(out))).isNull();
    }

    @Test
    void serveRefusesAComponentWithoutAnIncomingHandlerNamingItsExports(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"serve", "--addr", "127.0.0.1:0", write(dir, "wat-spin.component")
            .toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                    StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not export wasi:http/incoming-handler")
                .contains("it exports: spin, grow, hello");
    }

    @Test
    void serveEndsRequestsAtItsExecutionTimeLimit(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Main.Serving server = Main.startServe(new String[] {"--addr", "127.0.0.1:0", "--max-execution-time",
            "1s", write(dir, "wat-http-faulty.component").toString()}, new PrintStream(out, true,
                    StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                            StandardCharsets.UTF_8))) {
            long start = System.nanoTime();
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.address().getPort() + "/loop")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("execution time limit of 1s");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(
                    java.time.Duration.ofSeconds(10));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"serve", "--max-execution-time", "soon", "x.wasm"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wasmcloud4j serve: --max-execution-time: ")
                .contains("'soon'");
    }
}
