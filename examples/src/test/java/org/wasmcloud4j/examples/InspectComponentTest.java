package org.wasmcloud4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.fixtures.Fixtures;

class InspectComponentTest {
    @Test
    void listsImportsWithSemverMatchingAndExports() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InspectComponent.inspect(Fixtures.bytes("c-hello.command.wasi-0.2.3"),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("import wasi:cli/environment@0.2.3 (a host at 0.2.99 satisfies it: true)")
                .contains("export wasi:cli/run@0.2.3 { run }");
    }

    @Test
    void printsFunctionTypes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InspectComponent.inspect(Fixtures.bytes("wat-hello.component"), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("export greet: func(name: string) -> string");
    }
}
