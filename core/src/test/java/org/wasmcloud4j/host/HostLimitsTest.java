package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.MemoryBudget;
import org.wasmcloud4j.component.runtime.MemoryBudgetException;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.runtime.WatchdogHooks;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** Limits a host keeps whatever its guests do: the memory budget, the time limit, Errors in guest code. */
class HostLimitsTest {
    private static final long PAGE = 65536;
    @TempDir
    Path dir;

    private String image(String fixture) throws Exception {
        Path p = dir.resolve(fixture + ".wasm");
        Files.write(p, Fixtures.bytes(fixture));
        return p.toUri().toString();
    }

    private static Value u32(int v) {
        return new Value.Int(PrimitiveType.U32, v);
    }

    /**
     * Eight guests grow their memories as far as they will go, three times over, in a JVM of 256 MiB: each sees
     * {@code memory.grow} fail, no OutOfMemoryError escapes, and afterwards the time limit still stops a spinning
     * component and both components still answer. In a JVM of its own: the heap must be small, and whatever happens
     * must not take this test JVM down with it.
     */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void guestsGrowingMemoryCannotRunTheJvmOutOfHeap(Engine.Mode mode) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-Xss4m", "-cp", System.getProperty("java.class.path"),
                SmallHeapScenario.class.getName(), mode.name(), image("wat-hog.component"),
                image("wat-spin.component")).redirectErrorStream(true);
        Process p = pb.start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            if (!p.waitFor(100, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(output).contains("ALL OK").doesNotContain("FAIL").doesNotContain("OutOfMemoryError")
                .contains("round 2: 8 guests saw memory.grow fail, the largest holding")
                .contains("spin: component spin: invocation exceeded the host's execution time limit of 2s")
                .contains("hello: " + new Value.Str("still here") + " " + new Value.Str("still here"));
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void theHostFailsClosedWhenItsWatchdogDies() throws Exception {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).maxExecutionTime(Duration.ofSeconds(3))
                .build()) {
            h.startComponent("hog", image("wat-hog.component"), 2);
            assertThat(h.invoke("hog", "hello").orElseThrow()).isEqualTo(new Value.Str("still here"));
            WatchdogHooks.kill(h.watchdog());
            assertThatThrownBy(() -> h.invoke("hog", "hello")).isInstanceOf(HostException.class)
                    .hasMessageContaining("refuses invocations")
                    .hasMessageContaining("execution watchdog is not running")
                    .hasMessageContaining("execution time limit of 3s");
            // refused before taking a slot: a slot is not lost
            assertThatThrownBy(() -> h.invoke("hog", "hello")).isInstanceOf(HostException.class)
                    .hasMessageContaining("refuses invocations");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void stackExhaustionIsATrapAndTheInstanceIsNotReused(Engine.Mode mode) throws Exception {
        try (Host h = Host.builder().engineMode(mode).build()) {
            h.startComponent("hog", image("wat-hog.component"), 1);
            assertThatThrownBy(() -> h.invoke("hog", "recurse", u32(0))).isInstanceOf(Trap.class);
            assertThat(h.invoke("hog", "hello").orElseThrow()).isEqualTo(new Value.Str("still here"));
            assertThat(h.invoke("hog", "hello").orElseThrow()).isEqualTo(new Value.Str("still here"));
        }
    }

    @Test
    void theHostsBudgetBoundsItsInstancesAndPooledInstancesKeepTheirPages() throws Exception {
        MemoryBudget budget = MemoryBudget.ofBytes(20 * PAGE);
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).memoryBudget(budget).build()) {
            h.startComponent("hog", image("wat-hog.component"), 4);
            h.startComponent("spin", image("wat-spin.component"), 4);
            // a grown instance is closed after its invocation: its pages are back
            assertThat(h.invoke("hog", "hog", u32(1)).orElseThrow()).isEqualTo(new Value.Int(PrimitiveType.U32, 20));
            assertThat(budget.usedBytes()).isZero();
            // a pooled one keeps its initial page
            h.invoke("hog", "hello");
            assertThat(budget.usedBytes()).isEqualTo(PAGE);
            assertThat(h.invoke("spin", "grow", u32(19)).orElseThrow()).isEqualTo(new Value.Int(PrimitiveType.S32, -1));
            assertThat(h.invoke("spin", "grow", u32(18)).orElseThrow()).isEqualTo(new Value.Int(PrimitiveType.S32, 1));
            // spin's instance grew, so it was closed: the pooled hog instance can take the whole budget
            assertThat(h.invoke("hog", "hog", u32(1)).orElseThrow()).isEqualTo(new Value.Int(PrimitiveType.U32, 20));
        }
        assertThat(budget.usedBytes()).isZero();   // the host's stop closed its pooled instances
        MemoryBudget tiny = MemoryBudget.ofBytes(PAGE);
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).memoryBudget(tiny).build()) {
            h.startComponent("hog", image("wat-hog.component"), 1);
            h.startComponent("spin", image("wat-spin.component"), 1);
            h.invoke("hog", "hello");   // its pooled instance holds the one page
            assertThatThrownBy(() -> h.invoke("spin", "hello")).isInstanceOf(MemoryBudgetException.class)
                    .hasMessageContaining("more than is left of the memory budget");
        }
        assertThatThrownBy(() -> Host.builder().maxExecutionTime(Duration.ZERO)).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
