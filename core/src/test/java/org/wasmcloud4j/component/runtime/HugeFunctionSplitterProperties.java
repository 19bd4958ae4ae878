package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The splitter changes no function's meaning: random structured functions (nested blocks, loops, ifs with else,
 * {@code br_if} and {@code br_table} out of many levels, switch ladders with fall-through, block results, early
 * returns, calls, i64 and f64 locals) are split with a tiny limit, so that almost everything is outlined, and the
 * original and split modules give the same results on Chicory's interpreter and compiler.
 */
class HugeFunctionSplitterProperties {

    @Property(tries = 150)
    void splitFunctionsComputeWhatTheOriginalsCompute(@ForAll("seeds") long seed) {
        byte[] original = RandomFunctions.module(new Random(seed));
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, 60);
        sameResults(Instance.builder(Parser.parse(original)).build(),
                Instance.builder(Parser.parse(split.bytes())).build(), seed, 6);
    }

    /** {@code f} of {@code a} and {@code b} give the same results for {@code n} inputs drawn from {@code seed}. */
    private static void sameResults(Instance a, Instance b, long seed, int n) {
        Random inputs = new Random(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < n; k++) {
            long x = inputs.nextInt(40) - 5;
            long y = inputs.nextInt(1000) - 500;
            assertThat(b.export("f").apply(x, y)).as("f(%d, %d) seed %d", x, y, seed)
                    .isEqualTo(a.export("f").apply(x, y));
        }
    }

    @Property(tries = 25)
    void splitFunctionsCompiledComputeWhatTheOriginalsCompute(@ForAll("seeds") long seed) {
        byte[] original = RandomFunctions.module(new Random(seed));
        HugeFunctionSplitter.Split split = HugeFunctionSplitter.split(original, 60);
        WasmModule m = Parser.parse(split.bytes());
        sameResults(Instance.builder(Parser.parse(original)).build(),
                Instance.builder(m).withMachineFactory(MachineFactoryCompiler.compile(m)).build(), seed, 4);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Random valid modules of one exported function {@code f(i32, i32) -> i32} and a helper it calls. */
    static final class RandomFunctions {
        /** locals: 0-1 params, 2-7 i32, 8 i64, 9 f64, 10.. loop counters (one per loop nesting level) */
        private static final int I64 = 8;
        private static final int F64 = 9;
        private static final int COUNTERS = 10;
        private static final int MAX_DEPTH = 4;

        private final Random r;
        private final ByteArrayOutputStream code = new ByteArrayOutputStream();
        /** the open labels, innermost last: true for a block whose branches carry nothing, false otherwise */
        private final List<Boolean> labels = new ArrayList<>();
        private int loops;

        private RandomFunctions(Random r) {
            this.r = r;
        }

        static byte[] module(Random r) {
            RandomFunctions g = new RandomFunctions(r);
            g.labels.add(false); // the function's label carries an i32
            int n = 4 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                g.stmt(0);
            }
            // result: a mix of every local
            g.op(0x20, 0);
            for (int l = 1; l < I64; l++) {
                g.op(0x20, l);
                g.code.write(0x6a + (l % 3 == 0 ? 1 : 0)); // add or sub
            }
            g.op(0x20, I64);
            g.code.write(0xa7); // i32.wrap_i64
            g.code.write(0x6a);
            g.op(0x20, F64);
            g.code.write(0xfc);
            g.code.write(0x02); // i32.trunc_sat_f64_s
            g.code.write(0x73); // xor
            g.code.write(0x0b);
            return g.assemble();
        }

        private void op(int opcode, int imm) {
            code.write(opcode);
            leb(code, imm);
        }

        private void expr(int depth) {
            int k = depth > 2 ? r.nextInt(2) : r.nextInt(5);
            switch (k) {
                case 0 -> {
                    code.write(0x41);
                    sleb(code, r.nextInt(200) - 100);
                }
                case 1 -> op(0x20, r.nextInt(8));
                case 2, 3 -> {
                    expr(depth + 1);
                    expr(depth + 1);
                    code.write(new int[] {0x6a, 0x6b, 0x6c, 0x73, 0x71, 0x72, 0x48, 0x4b}[r.nextInt(8)]);
                }
                default -> {
                    expr(depth + 1);
                    op(0x10, 1); // call the helper
                }
            }
        }

        private void stmt(int depth) {
            int k = depth >= MAX_DEPTH ? r.nextInt(3) : r.nextInt(12);
            switch (k) {
                case 0, 1 -> {
                    expr(0);
                    op(0x21, 2 + r.nextInt(6));
                }
                case 2 -> {
                    if (r.nextBoolean()) {
                        op(0x20, I64);
                        expr(0);
                        code.write(0xac); // i64.extend_i32_s
                        code.write(0x7c); // i64.add
                        op(0x21, I64);
                    } else {
                        op(0x20, F64);
                        expr(0);
                        code.write(0xb7); // f64.convert_i32_s
                        code.write(0xa0); // f64.add
                        op(0x21, F64);
                    }
                }
                case 3 -> { // block
                    code.write(0x02);
                    code.write(0x40);
                    labels.add(true);
                    body(depth);
                    labels.remove(labels.size() - 1);
                    code.write(0x0b);
                }
                case 4 -> { // block with a result
                    code.write(0x02);
                    code.write(0x7f);
                    labels.add(false);
                    body(depth);
                    expr(0);
                    labels.remove(labels.size() - 1);
                    code.write(0x0b);
                    op(0x21, 2 + r.nextInt(6));
                }
                case 5 -> { // if / else
                    expr(0);
                    code.write(0x04);
                    code.write(0x40);
                    labels.add(true);
                    body(depth);
                    if (r.nextBoolean()) {
                        code.write(0x05);
                        body(depth);
                    }
                    labels.remove(labels.size() - 1);
                    code.write(0x0b);
                }
                case 6 -> { // counted loop
                    if (loops >= 3) {
                        return;
                    }
                    int c = COUNTERS + loops++;
                    code.write(0x41);
                    sleb(code, 1 + r.nextInt(4));
                    op(0x21, c);
                    code.write(0x03);
                    code.write(0x40);
                    labels.add(false); // never branched to from inside except by the counter
                    body(depth);
                    op(0x20, c);
                    code.write(0x41);
                    code.write(1);
                    code.write(0x6b);
                    op(0x22, c);
                    op(0x0d, 0);
                    labels.remove(labels.size() - 1);
                    code.write(0x0b);
                    loops--;
                }
                case 7, 8 -> { // br_if out of some levels
                    int d = carrierless();
                    if (d < 0) {
                        return;
                    }
                    expr(0);
                    op(0x0d, d);
                }
                case 9 -> { // early return, now and then
                    if (r.nextInt(3) == 0) {
                        expr(0);
                        code.write(0x04);
                        code.write(0x40);
                        labels.add(true);
                        expr(0);
                        code.write(0x0f);
                        labels.remove(labels.size() - 1);
                        code.write(0x0b);
                    }
                }
                default -> switchLadder(depth);
            }
        }

        private void body(int depth) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                stmt(depth + 1);
            }
        }

        /** The depth of a random open label whose branches carry nothing, or -1. */
        private int carrierless() {
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i)) {
                    ok.add(labels.size() - 1 - i);
                }
            }
            return ok.isEmpty() ? -1 : ok.get(r.nextInt(ok.size()));
        }

        /** block ... block (br_table) end case0 end case1 ... : cases fall through unless they branch out. */
        private void switchLadder(int depth) {
            int cases = 2 + r.nextInt(6);
            for (int i = 0; i <= cases; i++) {
                code.write(0x02);
                code.write(0x40);
                labels.add(true);
            }
            expr(0);
            code.write(0x0e);
            leb(code, cases);
            for (int i = 0; i <= cases; i++) {
                leb(code, r.nextInt(cases + 1));
            }
            code.write(0x0b);
            labels.remove(labels.size() - 1);
            for (int i = 0; i < cases; i++) {
                body(depth);
                if (r.nextInt(3) > 0) {
                    op(0x0c, cases - 1 - i); // out of the whole ladder
                }
                code.write(0x0b);
                labels.remove(labels.size() - 1);
            }
        }

        private byte[] assemble() {
            byte[] fBody = code.toByteArray();
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            leb(f, 4); // local groups
            leb(f, 6);
            f.write(0x7f);
            leb(f, 1);
            f.write(0x7e);
            leb(f, 1);
            f.write(0x7c);
            leb(f, 3);
            f.write(0x7f);
            f.writeBytes(fBody);
            byte[] helper = {0, 0x20, 0, 0x41, 7, 0x6c, 0x41, 3, 0x6a, 0x0b}; // x * 7 + 3
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
            section(m, 1, new byte[] {2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 1, 0x7f, 1, 0x7f});
            section(m, 3, new byte[] {2, 0, 1});
            section(m, 7, new byte[] {1, 1, 'f', 0, 0});
            ByteArrayOutputStream cs = new ByteArrayOutputStream();
            leb(cs, 2);
            byte[] fb = f.toByteArray();
            leb(cs, fb.length);
            cs.writeBytes(fb);
            leb(cs, helper.length);
            cs.writeBytes(helper);
            section(m, 10, cs.toByteArray());
            return m.toByteArray();
        }

        static void section(ByteArrayOutputStream m, int id, byte[] contents) {
            m.write(id);
            leb(m, contents.length);
            m.writeBytes(contents);
        }

        static void leb(ByteArrayOutputStream o, int v) {
            do {
                int b = v & 0x7f;
                v >>>= 7;
                o.write(v != 0 ? b | 0x80 : b);
            } while (v != 0);
        }

        static void sleb(ByteArrayOutputStream o, int v) {
            while (true) {
                int b = v & 0x7f;
                v >>= 7;
                boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
                o.write(done ? b : b | 0x80);
                if (done) {
                    return;
                }
            }
        }
    }
}
