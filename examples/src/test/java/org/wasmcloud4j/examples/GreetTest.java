package org.wasmcloud4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreetTest {
    @Test
    void callsTheCommittedComponent() throws Exception {
        Result r = run("World", "héllo ✓", "");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("greet(\"World\") = \"Hello, World!\"")
                .contains("greet(\"héllo ✓\") = \"Hello, héllo ✓!\"")
                .contains("js-greeter.qjs", "[log from the component] greet-logged called with \"World\"",
                        "greet-logged(\"World\") = \"Hello, World!\"");
    }

    @Test
    void rejectsAFileThatIsNotAComponent(@TempDir Path dir) throws Exception {
        Path bad = Files.write(dir.resolve("bad.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Result r = run("--component", bad.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("expected a component");
    }

    private static Result run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Greet.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {}
}
