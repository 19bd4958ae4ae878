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

class MainTest {
    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path write(Path dir, String fixture) throws IOException {
        Path p = dir.resolve(fixture.replace('/', '-') + ".wasm");
        Files.write(p, Fixtures.bytes(fixture));
        return p;
    }

    @Test
    void witPrintsTheFullWitOfAComponent(@TempDir Path dir) throws IOException {
        Result r = run("wit", write(dir, "c-hello.command").toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("package root:component;\n\nworld root {\n")
                .contains("  export wasi:cli/run@0.2.12;\n", "package wasi:io@0.2.12 {", "interface streams {",
                        "resource output-stream {", "interface run {\n    run: func() -> result;\n  }");
    }

    @Test
    void witPrintsAWitDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.wit"), "package a:b;\ninterface i { f: func(); }\n");
        Result r = run("wit", dir.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("package a:b;\n\ninterface i {\n  f: func();\n}\n");
    }

    @Test
    void badInputIsReportedWithWhereAndExitsOne(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("t.wasm");
        byte[] full = Fixtures.bytes("wat-fixture.component");
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
        Result r = run("wit", truncated.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("wasmcloud4j wit: ").contains("offset");

        Result missing = run("wit", dir.resolve("nope.wasm").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");

        Path wit = dir.resolve("bad.wit");
        Files.writeString(wit, "package a:b;\ninterface i { f: func() -> nope; }\n");
        Result badWit = run("wit", wit.toString());
        assertThat(badWit.status()).isEqualTo(1);
        assertThat(badWit.err()).contains("bad.wit:2:28: type 'nope' is not defined");

        Result invalid = run("wit", write(dir, "invalid/duplicate-export").toString());
        assertThat(invalid.status()).isEqualTo(1);
        assertThat(invalid.err()).contains("conflicts with previous name");
    }

    @Test
    void precompileStoresEveryCoreModuleAndASecondRunIsAllHits(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache");
        Path hello = write(dir, "c-hello.command");
        Path wat = write(dir, "wat-hello.component");
        Result first = run("precompile", "--cache-dir", cache.toString(), hello.toString(), wat.toString());
        assertThat(first.status()).as(first.err()).isZero();
        java.util.List<String> lines = first.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("cache " + cache.toAbsolutePath());
        java.util.List<String> modules = lines.subList(1, lines.size());
        assertThat(modules).hasSizeGreaterThan(2)
                .allMatch(l -> l.matches(".*: core module \\d+/\\d+ [0-9a-f]{12}: compiled and stored, \\d+ ms"), "stored");
        assertThat(modules).anyMatch(l -> l.startsWith(hello + ": ")).anyMatch(l -> l.startsWith(wat + ": "));
        long entries;
        try (var files = Files.list(cache)) {
            entries = files.filter(p -> p.getFileName().toString().endsWith(".classes")).count();
        }
        assertThat(entries).isPositive().isLessThanOrEqualTo(modules.size());

        Result second = run("precompile", "--cache-dir", cache.toString(), hello.toString(), wat.toString());
        assertThat(second.status()).as(second.err()).isZero();
        java.util.List<String> again = second.out().lines().skip(1).toList();
        assertThat(again).hasSameSizeAs(modules)
                .allMatch(l -> l.matches(".*: core module \\d+/\\d+ [0-9a-f]{12}: hit, \\d+ ms"), "hits");
        // the same modules in the same order: only the outcome and the time differ
        for (int i = 0; i < modules.size(); i++) {
            assertThat(again.get(i).substring(0, again.get(i).lastIndexOf(':')))
                    .isEqualTo(modules.get(i).substring(0, modules.get(i).lastIndexOf(':')));
        }
    }

    @Test
    void precompileIntoADirectoryThatIsNotUsedSaysSoAndExitsOne(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path wat = write(dir, "wat-hello.component");
        Result r = run("precompile", "--cache-dir", shared.toString(), wat.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains(wat + ": core module 1/1 ").contains("compiled, NOT stored");
        assertThat(r.err()).contains("1 of 1 core modules could not be stored in " + shared.toAbsolutePath());
        try (var files = Files.list(shared)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void precompileReportsBadFilesAndUsage(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache");
        Path truncated = dir.resolve("t.wasm");
        byte[] full = Fixtures.bytes("wat-hello.component");
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
        Path good = write(dir, "wat-hello.component");
        Result r = run("precompile", "--cache-dir", cache.toString(), dir.resolve("nope.wasm").toString(),
                truncated.toString(), good.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("nope.wasm: no such file").contains(truncated + ": ").contains("offset");
        assertThat(r.out()).contains(good + ": core module 1/");   // the good one is still done

        assertThat(run("precompile").status()).isEqualTo(2);
        assertThat(run("precompile", "--cache-dir").status()).isEqualTo(2);
        assertThat(run("precompile", "--frob", good.toString()).err()).contains("unknown or incomplete option '--frob'");
        assertThat(run("--help").out()).contains("precompile [--cache-dir DIR]");
    }

    @Test
    void usage() {
        assertThat(run().status()).isEqualTo(2);
        assertThat(run("frobnicate").err()).contains("unknown command 'frobnicate'");
        assertThat(run("--help").out()).contains("wit <component.wasm>");
        assertThat(run("wit").status()).isEqualTo(2);
    }

    @Test
    void invokeCallsAnExportWithWaveArguments(@TempDir Path dir) throws IOException {
        Path hello = write(dir, "wat-hello.component");
        Result r = run("invoke", hello.toString(), "greet(\"CLI\")");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("\"Hello, CLI!\"\n");
        Path prims = write(dir, "wat-primitives.component");
        assertThat(run("invoke", "--interpreter", prims.toString(), "max-u64(18446744073709551615, 1)").out())
                .isEqualTo("18446744073709551615\n");
    }

    @Test
    void invokeReportsUnsatisfiedImportsByNameBeforeRunning(@TempDir Path dir) throws IOException {
        Result r = run("invoke", write(dir, "wat-fixture.component").toString(),
                "example:fixtures/api@0.1.0#greet(\"x\")");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("imports nothing here provides",
                "example:fixtures/host@0.1.0: function 'log' not defined",
                "example:fixtures/host@0.1.0: function 'get-greeting' not defined");
        Result badArgs = run("invoke", write(dir, "wat-hello.component").toString(), "greet(42)");
        assertThat(badArgs.status()).isEqualTo(1);
        assertThat(badArgs.err()).startsWith("wasmcloud4j invoke: ");
        assertThat(run("invoke", write(dir, "wat-hello.component").toString(), "nope()").err())
                .contains("exports no function 'nope'");
    }

    @Test
    void runExecutesACommandComponentWithArgumentsAndEnvironment(@TempDir Path dir) throws IOException {
        Path hello = write(dir, "c-hello.command");
        Result r = run("run", "--env", "FIXTURE_NAME=cli", "--env", "FIXTURE_EXIT=3", hello.toString(), "x", "y z");
        assertThat(r.out()).contains("argv[0]=c-hello.command.wasm", "argv[1]=x", "argv[2]=y z", "FIXTURE_NAME=cli");
        assertThat(r.err()).contains("this goes to stderr");
        assertThat(r.status()).isEqualTo(1);
        assertThat(run("run").status()).isEqualTo(2);
    }

    @Test
    void runAllowsNetworkAccessOnlyWhereTold(@TempDir Path dir) throws Exception {
        Path net = write(dir, "c-net.command");
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (java.net.Socket c = server.accept()) {
                    c.getOutputStream().write(c.getInputStream().readAllBytes());
                } catch (IOException e) {
                    // the command's output shows it
                }
            });
            echo.setDaemon(true);
            echo.start();
            String port = String.valueOf(server.getLocalPort());
            Result r = run("run", "--allow-tcp", "127.0.0.1:" + port, net.toString(), port, "9");
            assertThat(r.out()).contains("denied port: access-denied", "received: hello from C");
            assertThat(r.status()).isZero();
        }
        // without the option the allowed port is denied too
        Result denied = run("run", net.toString(), "9", "9");
        assertThat(denied.out()).contains("connect failed: access-denied");
        assertThat(denied.status()).isEqualTo(1);
        Result bad = run("run", "--allow-tcp", "[::1]", net.toString());
        assertThat(bad.err()).contains("[::1]");
        assertThat(bad.status()).isEqualTo(2);
    }

    @Test
    void runWithAPreopenedDirectory(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        Result r = run("run", "--dir-ro", root + "::/", write(dir, "rust-hello.command").toString());
        assertThat(r.out()).contains("entries in / = 2");
        assertThat(r.status()).isZero();
        assertThat(run("run", "--dir", dir.resolve("missing") + "::/x", "y.wasm").err()).contains("cannot preopen");
    }

    /** Core carries no HTTP server: serve says which artifact to add. */
    @Test
    void serveWithoutAnHttpServerOnTheClassPathNamesTheArtifact(@TempDir Path dir) throws Exception {
        Result r = run("serve", "--addr", "127.0.0.1:0", write(dir, "wat-http.component").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("org.wasmcloud4j:wasmcloud4j-http-server");
    }

    @Test
    void invokeStopsASpinningExportAtItsTimeLimit(@TempDir Path dir) throws IOException {
        Path spin = write(dir, "wat-spin.component");
        for (String mode : new String[] {"--interpreter", null}) {   // both engine modes
            Result r = mode != null
                    ? run("invoke", mode, "--max-execution-time", "300ms", spin.toString(), "spin()")
                    : run("invoke", "--max-execution-time", "300ms", spin.toString(), "spin()");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("wasmcloud4j invoke: stopped: the call exceeded the execution time limit "
                    + "of 300ms (set it with --max-execution-time)" + System.lineSeparator());
            assertThat(r.out()).isEmpty();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        // a quick call within the default limit, and with no limit at all
        assertThat(run("invoke", spin.toString(), "hello()").out()).isEqualTo("\"still here\"" + System.lineSeparator());
        assertThat(run("invoke", "--max-execution-time", "0", spin.toString(), "hello()").status()).isZero();
    }

    @Test
    void runStopsASpinningCommandAtItsTimeLimit(@TempDir Path dir) throws IOException {
        Result r = run("run", "--max-execution-time", "200ms", write(dir, "wat-spin-command.component").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().replace(System.lineSeparator(), "\n")).isEqualTo(
                Fixtures.text("wat-spin-command.component.expected-responses.txt").orElseThrow());
    }

    @Test
    void badExecutionTimeLimitsAreUsageErrors(@TempDir Path dir) throws IOException {
        Path spin = write(dir, "wat-spin.component");
        for (String bad : new String[] {"5x", "-1s", "10", "1.5s", "", "99999999999999999999s", "400d"}) {
            Result r = run("invoke", "--max-execution-time", bad, spin.toString(), "hello()");
            assertThat(r.status()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).startsWith("wasmcloud4j invoke: --max-execution-time: ")
                    .doesNotContain("Exception");
        }
        Result r = run("run", "--max-execution-time", "soon", spin.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("wasmcloud4j run: --max-execution-time: expected a duration such as 500ms, 30s, "
                + "5m or 1h (0 for no limit), got 'soon'" + System.lineSeparator());
        assertThat(Main.parseDuration("500ms")).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(Main.parseDuration("30s")).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(Main.parseDuration("5m")).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(Main.parseDuration("2h")).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(Main.parseDuration("0")).isZero();
    }

    @Test
    void runOfAComponentThatIsNotACommandSaysSoInOneLine(@TempDir Path dir) throws IOException {
        Result r = run("run", write(dir, "wat-hello.component").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("wasmcloud4j run: " + dir.resolve("wat-hello.component.wasm")
                + " is not a command: it exports no wasi:cli/run@0.2.x, only greet (call a function with 'invoke')"
                + System.lineSeparator());
        Result http = run("run", write(dir, "wat-http.component").toString());
        assertThat(http.status()).isEqualTo(1);
        assertThat(http.err()).contains("is not a command", "wasi:http/incoming-handler@0.2.12").doesNotContain("\tat ");
        assertThat(http.err().lines().count()).isEqualTo(1);
    }
}
