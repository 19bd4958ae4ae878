package org.wasmcloud4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The README's main job: an embedded host serving two linked components over HTTP. */
class DemoTest {
    @Test
    void servesTheLinkedComponentsAndAnswersItsOwnRequests() throws Exception {
        Result r = run("--port", "0", "--check");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("Serving on http://127.0.0.1:", "curl http://127.0.0.1:")
                .contains("GET /hello/Alice -> 200: Hello, Alice! You are visitor number 1.\n")
                .contains("GET /hello/Alice -> 200: Hello, Alice! You are visitor number 2.\n")
                .contains("GET /hello/Bob -> 200: Hello, Bob! You are visitor number 1.\n");
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run("--port", String.valueOf(busy.getLocalPort()), "--check");
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).contains("try --port 0");
        }
    }

    @Test
    void rejectsUnknownArguments() throws Exception {
        assertThat(run("--nope").err).contains("unknown argument '--nope'");
        assertThat(run("--port", "99999").code).isEqualTo(2);
    }

    private static Result run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Demo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {}
}
