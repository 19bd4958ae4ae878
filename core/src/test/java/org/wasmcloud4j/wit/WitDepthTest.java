package org.wasmcloud4j.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.cli.Main;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.WorldType;

/**
 * Long chains (aliases, {@code use}, {@code include}) and deep nesting: each resolves, or fails with a
 * {@link WitException} at a place and naming the limit, on a thread with a small stack too; never a
 * {@link StackOverflowError}. The chains resolve in time linear in their length: see {@code WitResolveBenchmark}.
 */
class WitDepthTest {
    /** A stack far smaller than the default: the parser and resolver must not need one proportional to the input. */
    private static final long SMALL_STACK = 256 * 1024;

    private static <T> T onSmallStack(Supplier<T> work) throws Throwable {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "wit-small-stack", SMALL_STACK);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static WitResolve parse(String text) {
        return WitLoader.defaults().parse("deep.wit", text);
    }

    /** Parses, prints and parses the print again; the print is a fixed point. */
    private static WitResolve roundTrip(String text) {
        WitResolve r = parse(text);
        String printed = WitPrinter.print(r);
        String again = WitPrinter.print(WitLoader.defaults().parse("printed.wit", printed));
        assertThat(again).isEqualTo(printed);
        return r;
    }

    private static InterfaceType iface(WitResolve r, String name) {
        return r.findInterface(InterfaceName.parse(name)).orElseThrow();
    }

    /** Follows a chain of names to its end without recursion (the chain may be longer than the stack allows). */
    private static ValType endOfChain(ValType t, int expectedLinks) {
        int links = 0;
        while (t instanceof NamedType n) {
            t = n.definition();
            links++;
        }
        assertThat(links).isEqualTo(expectedLinks);
        return t;
    }

    private static String forwardAliases(int n) {
        StringBuilder b = new StringBuilder("package a:b;\ninterface i {\n");
        for (int k = 0; k < n - 1; k++) {
            b.append("  type t").append(k).append(" = t").append(k + 1).append(";\n");
        }
        b.append("  type t").append(n - 1).append(" = u32;\n");
        b.append("  f: func(x: t0) -> t0;\n}\n");
        return b.toString();
    }

    static String inOrderAliases(int n) {
        StringBuilder b = new StringBuilder("package a:b;\ninterface i {\n  type t0 = u32;\n");
        for (int k = 1; k < n; k++) {
            b.append("  type t").append(k).append(" = t").append(k - 1).append(";\n");
        }
        b.append("  f: func(x: t").append(n - 1).append(") -> t").append(n - 1).append(";\n}\n");
        return b.toString();
    }

    @Test
    void forwardAliasChainsResolve() throws Throwable {
        for (int n : new int[] {1_000, 10_000}) {
            WitResolve r = onSmallStack(() -> parse(forwardAliases(n)));
            TypeDefinition t0 = iface(r, "a:b/i").types().get("t0");
            assertThat(endOfChain((ValType) t0, n)).isEqualTo(PrimitiveType.U32);
        }
    }

    @Test
    void inOrderAliasChainsResolve() throws Throwable {
        for (int n : new int[] {8_000, 80_000}) {
            WitResolve r = onSmallStack(() -> parse(inOrderAliases(n)));
            TypeDefinition last = iface(r, "a:b/i").types().get("t" + (n - 1));
            assertThat(endOfChain((ValType) last, n)).isEqualTo(PrimitiveType.U32);
        }
    }

    @Test
    void aliasChainsPrintAndParseBack() throws Throwable {
        onSmallStack(() -> roundTrip(forwardAliases(10_000)));
        onSmallStack(() -> roundTrip(inOrderAliases(10_000)));
    }

    /** The report: {@code wasmcloud4j wit} on such a file died with a StackOverflowError. */
    @Test
    void theWitCommandPrintsLongChains(@TempDir Path dir) throws Throwable {
        Path file = dir.resolve("chain.wit");
        Files.writeString(file, forwardAliases(10_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = onSmallStack(() -> Main.run(new String[] {"wit", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("type t0 = t1;", "type t9999 = u32;");
    }

    @Test
    void aliasCyclesFailAtTheirPlace() throws Throwable {
        StringBuilder b = new StringBuilder("package a:b;\ninterface i {\n");
        for (int k = 0; k < 10_000; k++) {
            b.append("  type t").append(k).append(" = t").append((k + 1) % 10_000).append(";\n");
        }
        b.append("}\n");
        assertThatThrownBy(() -> onSmallStack(() -> parse(b.toString()))).isInstanceOf(WitException.class)
                .hasMessageStartingWith("deep.wit:").hasMessageContaining("refers to itself");
    }

    /** {@code i0} uses {@code t} from {@code i1}, which uses it from {@code i2}, ... (forward), or backward. */
    private static String useChain(int n, boolean forward) {
        StringBuilder b = new StringBuilder("package a:b;\n");
        for (int k = 0; k < n; k++) {
            int next = forward ? k + 1 : k - 1;
            b.append("interface i").append(k).append(" {\n");
            if (next >= 0 && next < n) {
                b.append("  use i").append(next).append(".{t};\n");
            } else {
                b.append("  type t = u32;\n");
            }
            b.append("  f: func(x: t) -> t;\n}\n");
        }
        int first = forward ? 0 : n - 1;
        b.append("world w {\n  import i").append(first).append(";\n  export i").append(first).append(";\n}\n");
        return b.toString();
    }

    @Test
    void useChainsResolveAndElaborate() throws Throwable {
        for (boolean forward : new boolean[] {true, false}) {
            for (int n : new int[] {1_000, 10_000}) {
                WitResolve r = onSmallStack(() -> parse(useChain(n, forward)));
                int first = forward ? 0 : n - 1;
                TypeDefinition t = iface(r, "a:b/i" + first).types().get("t");
                assertThat(endOfChain((ValType) t, n)).isEqualTo(PrimitiveType.U32);
                WorldType w = r.world("w");
                // every interface of the chain is imported: the world's interface needs them all
                assertThat(w.imports()).hasSize(n);
                assertThat(w.exports()).containsOnlyKeys("a:b/i" + first);
            }
        }
    }

    @Test
    void useChainsPrintAndParseBack() throws Throwable {
        onSmallStack(() -> roundTrip(useChain(2_000, true)));
        onSmallStack(() -> roundTrip(useChain(2_000, false)));
    }

    @Test
    void useCyclesFailAtTheirPlace() throws Throwable {
        StringBuilder b = new StringBuilder("package a:b;\n");
        int n = 5_000;
        for (int k = 0; k < n; k++) {
            b.append("interface i").append(k).append(" {\n  use i").append((k + 1) % n).append(".{t};\n}\n");
        }
        assertThatThrownBy(() -> onSmallStack(() -> parse(b.toString()))).isInstanceOf(WitException.class)
                .hasMessageStartingWith("deep.wit:").hasMessageContaining("depends on itself through 'use'");
    }

    @Test
    void topLevelUseAliasesDoNotLoop() throws Throwable {
        String wit = """
                package a:b;
                use a as b;
                use b as a;
                interface c {
                  use a.{t};
                }
                """;
        assertThatThrownBy(() -> onSmallStack(() -> parse(wit))).isInstanceOf(WitException.class)
                .hasMessageStartingWith("deep.wit:");
    }

    /** {@code w0} includes {@code w1}, ..., each adding one import of its own. */
    private static String includeChain(int n, boolean forward) {
        StringBuilder b = new StringBuilder("package a:b;\ninterface i { f: func(); }\n");
        for (int k = 0; k < n; k++) {
            int next = forward ? k + 1 : k - 1;
            b.append("world w").append(k).append(" {\n");
            if (next >= 0 && next < n) {
                b.append("  include w").append(next).append(";\n");
            }
            b.append("  import g").append(k).append(": func();\n");
            if (k % 100 == 0) {
                b.append("  import i;\n");
            }
            b.append("}\n");
        }
        return b.toString();
    }

    @Test
    void includeChainsResolve() throws Throwable {
        for (boolean forward : new boolean[] {true, false}) {
            int n = 1_000;
            WitResolve r = onSmallStack(() -> parse(includeChain(n, forward)));
            WorldType w = r.world(forward ? "w0" : "w" + (n - 1));
            assertThat(w.imports()).hasSize(n + 1).containsKey("a:b/i");
            assertThat(w.imports().get("g" + (n / 2))).isInstanceOf(FuncType.class);
        }
    }

    @Test
    void includeChainsHoldingTooManyItemsFail() throws Throwable {
        // w0 would hold 2 000 imports, w1 1 999, ...: 2 million in all, more than the resolver copies
        String wit = includeChain(2_000, true);
        assertThatThrownBy(() -> onSmallStack(() -> parse(wit))).isInstanceOf(WitException.class)
                .hasMessageStartingWith("deep.wit:")
                .hasMessageContaining("'include' copies more than " + WitResolver.MAX_INCLUDED + " imports");
    }

    @Test
    void includeCyclesFailAtTheirPlace() throws Throwable {
        StringBuilder b = new StringBuilder("package a:b;\n");
        int n = 2_000;
        for (int k = 0; k < n; k++) {
            b.append("world w").append(k).append(" {\n  include w").append((k + 1) % n).append(";\n}\n");
        }
        assertThatThrownBy(() -> onSmallStack(() -> parse(b.toString()))).isInstanceOf(WitException.class)
                .hasMessageStartingWith("deep.wit:").hasMessageContaining("includes itself");
    }

    private static String nested(String open, String close, int depth) {
        return "package a:b;\ninterface i {\n  type t = " + open.repeat(depth) + "u32" + close.repeat(depth)
                + ";\n}\n";
    }

    @Test
    void deeplyNestedTypeExpressionsFailAtTheLimit() throws Throwable {
        String[][] shapes = {{"list<", ">"}, {"option<", ">"}, {"result<", ">"}, {"result<_, ", ">"},
            {"tuple<u8, ", ">"}, {"list<option<result<tuple<", ">>>>"}};
        for (String[] s : shapes) {
            for (int depth : new int[] {WitParser.MAX_NESTING + 1, 10_000}) {
                String wit = nested(s[0], s[1], depth);
                assertThatThrownBy(() -> onSmallStack(() -> parse(wit))).as(s[0] + depth)
                        .isInstanceOf(WitException.class).hasMessageStartingWith("deep.wit:3:")
                        .hasMessageContaining("nested more than " + WitParser.MAX_NESTING + " levels deep");
            }
        }
        // the limit itself is fine (the interface body is one level)
        WitResolve r = onSmallStack(() -> roundTrip(nested("list<", ">", WitParser.MAX_NESTING - 1)));
        assertThat(iface(r, "a:b/i").types()).containsKey("t");
    }

    @Test
    void deeplyNestedCommentsAreSkipped() throws Throwable {
        String wit = "package a:b;\n" + "/*".repeat(100_000) + "*/".repeat(100_000) + "\ninterface i {}\n";
        assertThat(onSmallStack(() -> parse(wit)).root().orElseThrow().interfaces()).containsKey("i");
    }

    @Test
    void unclosedNestingFailsCleanly() throws Throwable {
        String wit = "package a:b;\ninterface i {\n  type t = " + "list<".repeat(100_000);
        assertThatThrownBy(() -> onSmallStack(() -> parse(wit))).isInstanceOf(WitException.class)
                .hasMessageStartingWith("deep.wit:3:");
    }

    /** {@code r1} holds two {@code r0}, {@code r2} two {@code r1}...: a graph that is exponential as a tree. */
    private static String doublingRecords(int n, String leaf) {
        StringBuilder b = new StringBuilder("package a:b;\ninterface i {\n  resource res;\n"
                + "  record r0 { a: " + leaf + " }\n");
        for (int k = 1; k < n; k++) {
            b.append("  record r").append(k).append(" { a: r").append(k - 1).append(", b: r").append(k - 1)
                    .append(" }\n");
        }
        b.append("  f: func(x: r").append(n - 1).append(");\n");
        if (!leaf.startsWith("borrow")) {
            b.append("  g: func() -> r").append(n - 1).append(";\n");
        }
        return b.append("}\n").toString();
    }

    @Test
    void sharedTypesAreNotWalkedAsTrees() throws Throwable {
        // checking that a result holds no borrow<...> must not walk the 2^n paths, nor must printing
        WitResolve r = onSmallStack(() -> roundTrip(doublingRecords(64, "u32")));
        assertThat(((NamedType) iface(r, "a:b/i").types().get("r63")).definition()).isInstanceOf(RecordType.class);
        onSmallStack(() -> roundTrip(doublingRecords(64, "borrow<res>")));
        String bad = doublingRecords(64, "u32").replace("  g: func() -> r63;", "  g: func() -> r63;\n"
                + "  record r64 { a: r63, b: borrow<res> }\n  h: func() -> r64;");
        assertThatThrownBy(() -> onSmallStack(() -> parse(bad))).isInstanceOf(WitException.class)
                .hasMessageContaining("a function result cannot contain a borrow<...> handle");
    }
}
