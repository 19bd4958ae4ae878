package org.wasmcloud4j.component.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * The standing guard over {@link Component#fromBytes}: mutated committed fixtures either load or fail with a
 * {@link DecodeException} (or its subclasses {@code ValidationException} and {@code UnsupportedFeatureException})
 * whose offset lies in the input. Any other throwable — an exception from Chicory or from our own code, an
 * {@code OutOfMemoryError} (this class runs in its own surefire execution with {@code -Xmx512m}), a
 * {@code StackOverflowError} on a 1 MiB stack, or a load that takes longer than {@value #HANG_SECONDS} s — fails.
 *
 * <p>Mutations: bit flips, random bytes, inserted, removed and duplicated bytes, truncation, and LEB128 fields set
 * to huge or just-too-large values, both at random positions and at the sizes, counts and name lengths of the
 * sections of the component, its nested components and its core modules.
 *
 * <p>Every property runs for a bounded time ({@code -Dwasmcloud4j.fuzz.seconds}, 60 s by default, shared between
 * them); once its share is spent the remaining tries return at once. A failure names the jqwik seed and writes the
 * input to {@code target/fuzz-failures/}.
 */
class FromBytesFuzz {
    static final int HANG_SECONDS = 60;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("wasmcloud4j.fuzz.seconds", 60));

    private static final Engine COMPILED = Engine.defaults();
    private static final Engine INTERPRETER = Engine.builder().mode(Engine.Mode.INTERPRETER).build();

    /** Fixtures below 10 KB: the hand-written WAT components and the invalid ones. */
    private static final Map<String, byte[]> FIXTURES = new TreeMap<>();
    private static final List<String> SMALL;
    /** The C and Rust programs (30-160 KB) and the QuickJS components (1.6 MB). */
    private static final List<String> LARGE;

    static {
        Fixtures.names().forEach(n -> FIXTURES.put(n, Fixtures.bytes(n)));
        SMALL = FIXTURES.keySet().stream().filter(n -> FIXTURES.get(n).length < 10_000).toList();
        LARGE = FIXTURES.keySet().stream().filter(n -> FIXTURES.get(n).length >= 10_000).toList();
    }

    private static ExecutorService runner = newRunner();
    private static final long[] STARTED = new long[2];

    @AfterContainer
    static void stopRunner() {
        runner.shutdownNow();
    }

    @Property(tries = 300_000, shrinking = ShrinkingMode.OFF)
    void mutatedSmallFixturesLoadOrFailTyped(@ForAll("small") String fixture, @ForAll long seed) {
        if (spent(0, 0.6)) {
            return;
        }
        Random r = new Random(seed);
        byte[] bytes = mutate(FIXTURES.get(fixture), r, 1 + r.nextInt(4));
        check(fixture, seed, bytes, r.nextInt(4) == 0 ? COMPILED : INTERPRETER);
    }

    @Property(tries = 30_000, shrinking = ShrinkingMode.OFF)
    void mutatedLargeFixturesLoadOrFailTyped(@ForAll("large") String fixture, @ForAll long seed) {
        if (spent(1, 0.4)) {
            return;
        }
        Random r = new Random(seed);
        byte[] bytes = mutate(FIXTURES.get(fixture), r, 1 + r.nextInt(3));
        // compiling a 1.6 MB QuickJS module takes tens of seconds: those are parsed and validated only
        Engine engine = bytes.length < 200_000 && r.nextInt(8) == 0 ? COMPILED : INTERPRETER;
        check(fixture, seed, bytes, engine);
    }

    @Provide
    Arbitrary<String> small() {
        return Arbitraries.of(SMALL);
    }

    @Provide
    Arbitrary<String> large() {
        return Arbitraries.of(LARGE);
    }

    /** Whether property {@code slot} has used its {@code share} of the budget (the clock starts at its first try). */
    private static synchronized boolean spent(int slot, double share) {
        long now = System.nanoTime();
        if (STARTED[slot] == 0) {
            STARTED[slot] = now;
        }
        return now - STARTED[slot] > (long) (BUDGET_NANOS * share);
    }

    // ------------------------------------------------------------ the check

    static void check(String fixture, long seed, byte[] bytes, Engine engine) {
        Future<?> f = runner.submit(() -> Component.fromBytes(engine, bytes));
        Throwable thrown = null;
        try {
            f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            thrown = e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            runner.shutdownNow();
            runner = newRunner();
            failWith(fixture, seed, bytes, engine, "Component.fromBytes did not finish in " + HANG_SECONDS + " s", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (thrown == null) {
            return;
        }
        if (!(thrown instanceof DecodeException d)) {
            failWith(fixture, seed, bytes, engine, "untyped " + thrown, thrown);
            return;
        }
        if (d.offset() < 0 || d.offset() > bytes.length || d.getMessage() == null || d.getMessage().isBlank()) {
            failWith(fixture, seed, bytes, engine, "offset " + d.offset() + " outside the input of " + bytes.length
                    + " bytes, or no message: " + d, d);
        }
    }

    private static void failWith(String fixture, long seed, byte[] bytes, Engine engine, String what, Throwable t) {
        String saved;
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Path p = dir.resolve(fixture.replace('/', '_') + "-" + Long.toUnsignedString(seed, 16) + ".wasm");
            Files.write(p, bytes);
            saved = p.toAbsolutePath().toString();
        } catch (IOException e) {
            saved = "(not saved: " + e + ")";
        }
        throw new AssertionError("mutated " + fixture + " (mutation seed " + seed + ", " + engine.mode()
                + ", input saved as " + saved + "): " + what, t);
    }

    /** A daemon thread with a 1 MiB stack, as many JVMs give their threads by default. */
    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(null, task, "from-bytes-fuzz", 1 << 20);
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------ mutations

    static byte[] mutate(byte[] original, Random r, int edits) {
        byte[] b = original.clone();
        for (int i = 0; i < edits && b.length > 9; i++) {
            b = mutateOnce(b, r);
        }
        return b;
    }

    private static final long[] HUGE = {0x7fff_ffffL, 0xffff_ffffL, 0x7fff_fff0L, 0x1000_0000L, 0x10_0000L, 50_001};

    static byte[] mutateOnce(byte[] b, Random r) {
        int pos = 8 + r.nextInt(b.length - 8);
        switch (r.nextInt(9)) {
            case 0: {
                byte[] c = b.clone();
                c[pos] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1: {
                byte[] c = b.clone();
                c[pos] = (byte) r.nextInt(256);
                return c;
            }
            case 2: {
                byte[] ins = new byte[1 + r.nextInt(4)];
                r.nextBytes(ins);
                return splice(b, pos, 0, ins);
            }
            case 3:
                return splice(b, pos, Math.min(1 + r.nextInt(4), b.length - pos), new byte[0]);
            case 4:
                return Arrays.copyOf(b, pos);
            case 5: {
                int from = 8 + r.nextInt(b.length - 8);
                int len = Math.min(1 + r.nextInt(64), b.length - from);
                return splice(b, pos, 0, Arrays.copyOfRange(b, from, from + len));
            }
            case 6:
                return setLeb(b, pos, hugeValue(b, pos, r), r);
            default: {
                // a section size, or the first count/name length of a section, anywhere in the structure
                List<Integer> sites = lebSites(b);
                if (sites.isEmpty()) {
                    return setLeb(b, pos, hugeValue(b, pos, r), r);
                }
                int at = sites.get(r.nextInt(sites.size()));
                return setLeb(b, at, hugeValue(b, at, r), r);
            }
        }
    }

    private static long hugeValue(byte[] b, int at, Random r) {
        switch (r.nextInt(4)) {
            case 0: return b.length - at + r.nextInt(4); // just past the end
            case 1: return readLeb(b, at) + 1 + r.nextInt(3); // one more than declared
            default: return HUGE[r.nextInt(HUGE.length)];
        }
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    /** The length of the LEB128 at {@code at} (at most 5 bytes, cut at the end of the input). */
    static int lebLength(byte[] b, int at) {
        int n = 0;
        while (at + n < b.length && n < 5) {
            n++;
            if ((b[at + n - 1] & 0x80) == 0) {
                break;
            }
        }
        return n;
    }

    static long readLeb(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < lebLength(b, at); i++) {
            v |= (long) (b[at + i] & 0x7f) << (7 * i);
        }
        return v;
    }

    /** Replaces the LEB128 at {@code at} by {@code value}: padded to the same length when it fits, else spliced. */
    static byte[] setLeb(byte[] b, int at, long value, Random r) {
        int old = Math.max(1, lebLength(b, at));
        value &= 0xffff_ffffL;
        int need = 1;
        while (need < 5 && value >>> (7 * need) != 0) {
            need++;
        }
        int len = need <= old && r.nextBoolean() ? old : need;
        byte[] leb = new byte[len];
        for (int i = 0; i < len; i++) {
            leb[i] = (byte) ((value >>> (7 * i)) & 0x7f);
            if (i < len - 1) {
                leb[i] |= (byte) 0x80;
            }
        }
        return splice(b, at, Math.min(old, b.length - at), leb);
    }

    /**
     * Offsets of section sizes and of the first LEB128 of each section's contents, in the component, its nested
     * components and its core modules; a best-effort walk that stops where the bytes stop making sense.
     */
    static List<Integer> lebSites(byte[] b) {
        List<Integer> sites = new ArrayList<>();
        walk(b, 0, b.length, sites, 0);
        return sites;
    }

    private static void walk(byte[] b, int start, int end, List<Integer> sites, int depth) {
        if (depth > 4 || end - start < 8) {
            return;
        }
        boolean core = b[start + 4] == 1 && b[start + 6] == 0;
        int p = start + 8;
        while (p < end) {
            int id = b[p] & 0xff;
            int sizeAt = p + 1;
            if (sizeAt >= end) {
                return;
            }
            long size = readLeb(b, sizeAt);
            int contents = sizeAt + lebLength(b, sizeAt);
            if (size > end - contents) {
                return;
            }
            sites.add(sizeAt);
            if (size > 0) {
                sites.add(contents);
            }
            if (!core && (id == 1 || id == 4)) {
                walk(b, contents, contents + (int) size, sites, depth + 1);
            }
            p = contents + (int) size;
        }
    }
}
