package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** wasi:logging goes to SLF4J under the component's id (slf4j-simple writes to System.err in the tests). */
class HostLoggingTest {
    private static final Pattern LINE = Pattern.compile("(TRACE|DEBUG|INFO|WARN|ERROR) wasmcloud4j\\.component\\.logger - .*");

    @Test
    void componentLogLinesGoToTheComponentsLogger() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("logger", "classpath:org/wasmcloud4j/fixtures/wat-logging-api.component.wasm", 1);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            log(h, "warn", "ctx", "careful");
            log(h, "debug", "", "below the default level");
            log(h, "info", "", "hello");
        } finally {
            System.setErr(original);
        }
        StringBuilder lines = new StringBuilder();
        Matcher m = LINE.matcher(captured.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            lines.append(m.group()).append('\n');
        }
        assertThat(lines.toString())
                .isEqualTo(Fixtures.text("wat-logging-api.component.expected-responses.txt").orElseThrow());
    }

    private static void log(Host h, String level, String context, String message) {
        h.invoke("logger", "logging", "log", List.of(new Value.EnumValue(level), new Value.Str(context),
                new Value.Str(message)));
    }
}
