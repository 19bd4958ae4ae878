package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/** The memory budget, the engine's execution time limit, and Errors in guest code, in both engine modes. */
class ResourceLimitsTest {
    private static final long PAGE = 65536;

    private static InstancePre hog(Engine engine) {
        return new Linker(engine).instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-hog.component")));
    }

    private static long call(Instance i, String f, int arg) {
        return ((Value.Int) i.func(f).orElseThrow().call(new Value.Int(PrimitiveType.U32, arg)).orElseThrow()).value();
    }

    private static String hello(Instance i) {
        return ((Value.Str) i.func("hello").orElseThrow().call().orElseThrow()).value();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void growthBeyondTheBudgetFailsInTheGuestAndClosingGivesThePagesBack(Engine.Mode mode) {
        MemoryBudget budget = MemoryBudget.ofBytes(64 * PAGE);
        Engine engine = Engine.builder().mode(mode).memoryBudget(budget).build();
        InstancePre pre = hog(engine);
        Instance a = pre.instantiate();
        assertThat(budget.usedBytes()).isEqualTo(PAGE);
        // the guest grows one page at a time until memory.grow answers -1: it then holds the whole budget
        assertThat(call(a, "hog", 1)).isEqualTo(64);
        assertThat(budget.usedBytes()).isEqualTo(64 * PAGE);
        assertThat(hello(a)).isEqualTo("still here");   // a refused growth is not a trap
        // no page left for another instance's initial memory: a typed error naming the budget
        assertThatThrownBy(pre::instantiate).isInstanceOf(MemoryBudgetException.class)
                .hasMessageContaining("a linear memory of 1 pages (64 KiB)")
                .hasMessageContaining("memory budget: MemoryBudget[4 MiB of 4 MiB used]");
        assertThat(budget.usedBytes()).isEqualTo(64 * PAGE);   // the failed instantiation holds nothing
        a.close();
        assertThat(budget.usedBytes()).isZero();
        Instance b = pre.instantiate();
        assertThat(call(b, "hog", 4)).isEqualTo(61);   // 1 + 15 × 4: a 16th step of 4 would pass 64
        b.close();
        assertThat(budget.usedBytes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void theFixturesExpectedResponses(Engine.Mode mode) {
        StringBuilder out = new StringBuilder();
        for (int step : new int[] {0, 1, 3}) {
            MemoryBudget budget = MemoryBudget.ofBytes(8 * PAGE);
            try (Instance i = hog(Engine.builder().mode(mode).memoryBudget(budget).build()).instantiate()) {
                out.append(step == 0 ? "hello() -> \"" + hello(i) + "\"\n"
                        : "hog(" + step + ") with a memory budget of 8 pages -> " + call(i, "hog", step) + "\n");
            }
        }
        assertThat(out.toString()).isEqualTo(Fixtures.text("wat-hog.component.expected-responses.txt").orElseThrow());
    }

    @Test
    void engineModesSharingABudgetAreBoundedTogether() {
        MemoryBudget budget = MemoryBudget.ofBytes(40 * PAGE);
        Instance compiled = hog(Engine.builder().memoryBudget(budget).build()).instantiate();
        Instance interpreted = hog(Engine.builder().mode(Engine.Mode.INTERPRETER).memoryBudget(budget).build())
                .instantiate();
        long first = call(compiled, "hog", 2);
        long second = call(interpreted, "hog", 2);
        assertThat(first + second).isLessThanOrEqualTo(40);
        assertThat(first).isGreaterThan(1);
        assertThat(second).isGreaterThanOrEqualTo(1);
        assertThat(budget.usedBytes()).isEqualTo((first + second) * PAGE);
        compiled.close();
        interpreted.close();
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void instancesDroppedWithoutCloseGiveTheirPagesBackOnceUnreachable() {
        MemoryBudget budget = MemoryBudget.ofBytes(8 * PAGE);
        InstancePre pre = hog(Engine.builder().memoryBudget(budget).build());
        // far more instances than the budget holds at once, none closed: the unreachable ones are found
        for (int i = 0; i < 40; i++) {
            assertThat(hello(pre.instantiate())).isEqualTo("still here");
        }
        assertThat(budget.usedBytes()).isLessThanOrEqualTo(8 * PAGE);
    }

    @Test
    void reusableInstancesKeepTheirPagesAcrossResets() {
        MemoryBudget budget = MemoryBudget.ofBytes(8 * PAGE);
        InstancePre pre = hog(Engine.builder().memoryBudget(budget).build());
        Instance i = pre.instantiateReusable(null);
        assertThat(hello(i)).isEqualTo("still here");
        assertThat(i.reset(null)).isTrue();
        assertThat(budget.usedBytes()).isEqualTo(PAGE);
        call(i, "hog", 1);
        assertThat(i.reset(null)).isFalse();   // it grew: not reusable, closed instead
        i.close();
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void budgetsAreAtLeastOnePageAndTheDefaultIsHalfTheHeap() {
        assertThatThrownBy(() -> MemoryBudget.ofBytes(PAGE - 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one 64 KiB page");
        assertThat(MemoryBudget.ofBytes(3 * PAGE + 5).limitBytes()).isEqualTo(3 * PAGE);
        assertThat(MemoryBudget.jvmDefault().limitBytes()).isBetween(Runtime.getRuntime().maxMemory() / 2 - PAGE,
                Runtime.getRuntime().maxMemory() / 2);
        assertThat(Engine.defaults().memoryBudget()).isSameAs(MemoryBudget.jvmDefault());
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void deepRecursionIsATrapThatPoisonsOnlyItsInstance(Engine.Mode mode) {
        InstancePre pre = hog(Engine.builder().mode(mode).build());
        Instance deep = pre.instantiate();
        Instance other = pre.instantiate();
        assertThatThrownBy(() -> call(deep, "recurse", 0)).isInstanceOf(Trap.class);
        assertThat(deep.isPoisoned()).isTrue();
        assertThatThrownBy(() -> hello(deep)).isInstanceOf(Trap.class).hasMessageContaining("poisoned");
        assertThat(hello(other)).isEqualTo("still here");
        assertThat(hello(pre.instantiate())).isEqualTo("still here");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void anErrorThrownIntoGuestCodeIsATrapThatPoisonsOnlyItsInstance(Engine.Mode mode) {
        Engine engine = Engine.builder().mode(mode).build();
        Component c = Component.fromBytes(engine, Fixtures.bytes("wat-fixture.component"));
        InstancePre pre = new Linker(engine)
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> {
                    if (((Value.Str) args.get(0)).value().equals("boom")) {
                        throw new OutOfMemoryError("simulated: no heap left");
                    }
                    return null;
                })
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hi")
                .instantiatePre(c);
        Instance bad = pre.instantiate();
        Func greet = bad.func("example:fixtures/api@0.1.0", "greet").orElseThrow();
        assertThatThrownBy(() -> greet.callJava("boom")).isInstanceOf(Trap.class)
                .hasMessageContaining("simulated: no heap left").hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(bad.isPoisoned()).isTrue();
        assertThat(pre.instantiate().func("example:fixtures/api@0.1.0", "greet").orElseThrow().callJava("ok"))
                .isEqualTo("Hi, ok");
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void theEngineTimeLimitStopsASpinningCall(Engine.Mode mode) {
        try (Engine engine = Engine.builder().mode(mode).maxExecutionTime(Duration.ofMillis(200)).build()) {
            InstancePre pre = new Linker(engine).instantiatePre(
                    Component.fromBytes(engine, Fixtures.bytes("wat-spin.component")));
            Instance spin = pre.instantiate();
            assertThatThrownBy(() -> spin.func("spin").orElseThrow().call()).isInstanceOf(ExecutionTimeoutException.class)
                    .hasMessage("the call exceeded the execution time limit of 200ms");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(spin.isPoisoned()).isTrue();
            assertThat(hello(pre.instantiate())).isEqualTo("still here");
            engine.close();
            assertThatThrownBy(pre::instantiate).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("watchdog is not running");
        }
        assertThatThrownBy(() -> Engine.builder().maxExecutionTime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Engine.defaults().maxExecutionTime()).isZero();
    }

    @Test
    void theEngineRefusesCallsWhenItsWatchdogDied() throws Exception {
        try (Engine engine = Engine.builder().maxExecutionTime(Duration.ofSeconds(5)).build()) {
            Instance i = hog(engine).instantiate();
            assertThat(hello(i)).isEqualTo("still here");
            WatchdogHooks.kill(engine.watchdog());
            assertThatThrownBy(() -> hello(i)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("watchdog is not running")
                    .hasMessageContaining("rather than run without the execution time limit of 5s");
        }
    }

    @Test
    void manyInstancesNeverHoldMoreThanTheBudget() throws Exception {
        MemoryBudget budget = MemoryBudget.ofBytes(100 * PAGE);
        InstancePre pre = hog(Engine.builder().memoryBudget(budget).build());
        List<Thread> threads = new ArrayList<>();
        List<Long> got = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Instance> instances = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            instances.add(pre.instantiate());   // 8 pages: the guests then race for the other 92
        }
        for (Instance i : instances) {
            Thread th = new Thread(() -> got.add(call(i, "hog", 3)));
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(got).hasSize(8);
        assertThat(got.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(100);
        assertThat(budget.usedBytes()).isLessThanOrEqualTo(100 * PAGE);
        instances.forEach(Instance::close);
        assertThat(budget.usedBytes()).isZero();
    }
}
