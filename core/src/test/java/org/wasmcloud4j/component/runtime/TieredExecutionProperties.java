package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * In {@link Engine.Mode#TIERED}, calls answer exactly as on the interpreter before, during and after the switch to
 * compiled code, from several threads at once, each with a pooled instance that it resets after every call (and
 * replaces when the reset is refused, as the host's pool does).
 */
class TieredExecutionProperties {
    private static final String API = "example:fixtures/api@0.1.0";
    private static final String FIXTURE = "wat-fixture.component";
    private static final int THREADS = 3;
    private static final InstancePre REFERENCE = pre(Engine.builder().mode(Engine.Mode.INTERPRETER).noCompileCache()
            .build());

    private static InstancePre pre(Engine engine) {
        Component c = Component.fromBytes(engine, Fixtures.bytes(FIXTURE));
        return new Linker(engine)
                .defineFunction("example:fixtures/host@0.1.0", "log", args -> null)
                .defineJavaFunction("example:fixtures/host@0.1.0", "get-greeting", args -> "Hello")
                .instantiatePre(c);
    }

    record Call(String function, Value arg) {}

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<Call> greet = Arbitraries.strings().ofMaxLength(500).map(s -> new Call("greet", new Value.Str(s)));
        Arbitrary<Call> sum = Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(300)
                .map(xs -> new Call("sum", new Value.ListValue(xs.stream()
                        .<Value>map(x -> new Value.Int(PrimitiveType.U32, x)).toList())));
        Arbitrary<Call> range = Arbitraries.integers().between(0, 3000)
                .map(n -> new Call("range", new Value.Int(PrimitiveType.U32, n)));
        return Arbitraries.oneOf(greet, sum, range);
    }

    private static Value call(Instance i, Call c) {
        return i.func(API, c.function()).orElseThrow().call(List.of(c.arg())).orElseThrow();
    }

    @Property(tries = 12)
    void resultsAreTheSameBeforeAndAfterTheSwitch(@ForAll @Size(min = 1, max = 8) List<@From("calls") Call> calls)
            throws Exception {
        List<Value> expected = new ArrayList<>();
        try (Instance ref = REFERENCE.instantiate()) {
            for (Call c : calls) {
                expected.add(call(ref, c));
            }
        }
        try (Engine engine = Engine.builder().noCompileCache().build()) {
            assertThat(engine.mode()).isEqualTo(Engine.Mode.TIERED);
            CountDownLatch hold = new CountDownLatch(1);
            engine.backgroundCompiler().enqueue(() -> {
                try {
                    hold.await();   // compilation waits until the interpreted instances have run
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            InstancePre pre = pre(engine);
            Component component = pre.component();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> workers = new ArrayList<>();
                CountDownLatch interpretedRan = new CountDownLatch(THREADS);
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        Instance inst = pre.instantiateReusable(null);
                        int replaced = 0;
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        boolean sawSwitch = false;
                        for (int round = 0; !sawSwitch || round < 2; round++) {
                            sawSwitch = component.codeSettled().isDone();
                            for (int k = 0; k < calls.size(); k++) {
                                assertThat(call(inst, calls.get(k))).isEqualTo(expected.get(k));
                                if (!inst.reset(null)) {
                                    inst.close();
                                    inst = pre.instantiateReusable(null);
                                    replaced++;
                                }
                            }
                            if (round == 0) {
                                interpretedRan.countDown();
                            }
                            assertThat(System.nanoTime()).isLessThan(deadline);
                        }
                        inst.close();
                        return replaced;
                    }));
                }
                assertThat(interpretedRan.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(component.codeSettled()).isNotDone();   // every worker ran interpreted first
                hold.countDown();
                component.codeSettled().get(60, TimeUnit.SECONDS);
                int replaced = 0;
                for (Future<Integer> w : workers) {
                    replaced += w.get(120, TimeUnit.SECONDS);
                }
                assertThat(replaced).as("pooled interpreted instances are replaced after the switch")
                        .isGreaterThanOrEqualTo(THREADS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(component.codeGeneration()).isPositive();
            CompileCacheTest.coreModules(component.decoded()).forEach(m ->
                    assertThat(component.module(m).machineFactory()).as("compiled").isNotNull());
        }
    }
}
