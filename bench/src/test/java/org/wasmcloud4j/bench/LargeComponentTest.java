package org.wasmcloud4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;

/**
 * The 12 MB SpiderMonkey greeter (ComponentizeJS) in both engine modes. Runs only in the {@code large-components}
 * profile, which builds the component ({@code scripts/large-components build}) into {@code bench/target} and names
 * its directory in the system property {@code wasmcloud4j.largeComponents}; the component is never committed.
 */
@EnabledIfSystemProperty(named = LargeComponentTest.DIR_PROPERTY, matches = ".+")
class LargeComponentTest {
    static final String DIR_PROPERTY = "wasmcloud4j.largeComponents";

    private static byte[] spiderMonkeyGreeter() throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty(DIR_PROPERTY), "js-greeter.sm.component.wasm"));
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void spiderMonkeyGreeterGreetsAndLogsThroughTheHost(Engine.Mode mode) throws IOException {
        Engine engine = Engine.builder().mode(mode).build();
        Component c = Component.fromBytes(engine, spiderMonkeyGreeter());
        List<String> logged = new ArrayList<>();
        InstancePre pre = new Linker(engine).defineJavaFunction("example:greeter/logger@0.1.0", "log", a -> {
            logged.add((String) a.get(0));
            return null;
        }).instantiatePre(c);
        try (Instance i = pre.instantiate(); Instance other = pre.instantiate()) {
            assertThat(i.func("greet").orElseThrow().callJava("World")).isEqualTo("Hello, World!");
            assertThat(i.func("greet").orElseThrow().callJava("")).isEqualTo("Hello, !");
            assertThat(i.func("greet-logged").orElseThrow().callJava("Wasm ✓")).isEqualTo("Hello, Wasm ✓!");
            assertThat(logged).containsExactly("greet-logged called with \"Wasm ✓\"");
            for (int n = 0; n < 50; n++) {
                assertThat(other.func("greet").orElseThrow().callJava("n" + n)).isEqualTo("Hello, n" + n + "!");
            }
        }
    }

    /** The hot-function count of the harness sees real work: greet() runs instructions, some in the fallbacks. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fallbackFunctionCountSeesGreetRun() throws IOException {
        FallbackFunctionsMain.Counts counts = FallbackFunctionsMain.count(spiderMonkeyGreeter(), 2,
                FallbackFunctionsMain.SPIDERMONKEY_FALLBACKS);
        long inFallbacks = counts.executed().values().stream().mapToLong(Long::longValue).sum();
        assertThat(counts.total()).isPositive();
        assertThat(inFallbacks).isPositive().isLessThanOrEqualTo(counts.total());
        assertThat(counts.sizes().values()).allSatisfy(n -> assertThat(n).isGreaterThan(10_000));
    }
}
