package org.wasmcloud4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.wit.WitLoader;
import org.wasmcloud4j.wit.WitPrinter;
import org.wasmcloud4j.wit.WitResolve;

/**
 * WIT resolution of long chains: {@code n} aliases each naming the one before ({@code inOrderAliases}) or the one
 * after ({@code forwardAliases}), and {@code n} interfaces each using a type from the next ({@code useChain}).
 * Baseline in the same run: {@code flatAliases}, the same number of aliases all naming {@code u32} (the same text
 * to lex and parse, no chain). Report each benchmark divided by {@code flatAliases} at the same {@code n}: linear
 * resolution keeps the ratio flat from {@code n = 1000} to {@code n = 8000} (a quadratic one grows it eightfold).
 * {@code printInOrderAliases} adds printing the resolved chain back as WIT, as {@code wasmcloud4j wit} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class WitResolveBenchmark {
    /** Length of each chain. */
    @Param({"1000", "8000"})
    public int n;

    private String flat;
    private String inOrder;
    private String forward;
    private String uses;

    /** Writes the WIT texts. */
    @Setup
    public void setUp() {
        flat = aliases(n, k -> "u32");
        inOrder = aliases(n, k -> k == 0 ? "u32" : "t" + (k - 1));
        forward = aliases(n, k -> k == n - 1 ? "u32" : "t" + (k + 1));
        uses = useChain(n);
    }

    private static String aliases(int n, java.util.function.IntFunction<String> target) {
        StringBuilder b = new StringBuilder("package bench:wit;\ninterface i {\n");
        for (int k = 0; k < n; k++) {
            b.append("  type t").append(k).append(" = ").append(target.apply(k)).append(";\n");
        }
        return b.append("}\n").toString();
    }

    private static String useChain(int n) {
        StringBuilder b = new StringBuilder("package bench:wit;\n");
        for (int k = 0; k < n; k++) {
            b.append("interface i").append(k).append(" { ")
                    .append(k == n - 1 ? "type t = u32;" : "use i" + (k + 1) + ".{t};").append(" }\n");
        }
        return b.toString();
    }

    private static WitResolve load(String text) {
        return WitLoader.defaults().parse("bench.wit", text);
    }

    /** Baseline: {@code n} aliases of {@code u32}. */
    @Benchmark
    public WitResolve flatAliases() {
        return load(flat);
    }

    /** {@code type t0 = u32; type t1 = t0; ...}. */
    @Benchmark
    public WitResolve inOrderAliases() {
        return load(inOrder);
    }

    /** {@code type t0 = t1; type t1 = t2; ...; type tN = u32}. */
    @Benchmark
    public WitResolve forwardAliases() {
        return load(forward);
    }

    /** {@code interface i0 { use i1.{t}; } interface i1 { use i2.{t}; } ...}. */
    @Benchmark
    public WitResolve useChain() {
        return load(uses);
    }

    /** {@link #inOrderAliases()} and printing the result as WIT. */
    @Benchmark
    public String printInOrderAliases() {
        return WitPrinter.print(load(inOrder));
    }
}
