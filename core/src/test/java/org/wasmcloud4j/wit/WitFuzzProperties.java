package org.wasmcloud4j.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Fuzzing of the WIT parser and resolver: damaged WIT — generated documents, the {@code wit/} folders of the
 * fixture sources and the WIT beside each fixture (completed with the interfaces it names) — with tokens deleted or duplicated, spans copied elsewhere, characters edited, the text cut short or deeply nested
 * — loads, or fails with a {@link WitException}; any other throwable, a stack overflow on a small stack or a hang
 * fails the property. What loads prints as WIT that loads again. Bounded (a few thousand tries of small inputs) so
 * that it runs in every build.
 */
class WitFuzzProperties {
    private static final Path SOURCES = Path.of("../test-fixtures/sources");
    /** Each try runs on a thread with this stack: the parser and resolver must not need a large one. */
    private static final long STACK = 256 * 1024;
    /** A try that takes longer than this is a hang (the inputs are a few KiB). */
    private static final long TIMEOUT_MILLIS = 20_000;

    /** One committed WIT input: a single file, or a directory (with {@code deps/}) as files by relative path. */
    private record Committed(String name, Map<String, String> files, boolean directory) {}

    private static List<Committed> committed;

    @BeforeContainer
    static void readCommittedWit() {
        List<Committed> all = new ArrayList<>();
        for (String fixture : Fixtures.names()) {
            Optional<String> world = Fixtures.text(fixture + ".wit");
            if (world.isPresent()) {
                // jco's WIT of a fixture is its world only: complete it with the packages of the interfaces it
                // names, as printed from the binary, so that it resolves
                String printed = WitPrinter.printComponent(FixtureWitTest.typeOf(fixture));
                int nested = printed.indexOf("\npackage ");
                String wit = world.get() + (nested < 0 ? "" : printed.substring(nested));
                all.add(new Committed(fixture + ".wit", Map.of(fixture + ".wit", wit), false));
            }
        }
        try (Stream<Path> s = Files.find(SOURCES, 2, (p, a) -> a.isDirectory() && p.getFileName().toString()
                .equals("wit"))) {
            for (Path dir : s.sorted().toList()) {
                Map<String, String> files = new LinkedHashMap<>();
                for (Path f : list(dir, 4)) {
                    files.put(dir.relativize(f).toString(), read(f));
                }
                all.add(new Committed(SOURCES.relativize(dir).toString(), files, true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        committed = all;
    }

    private static List<Path> list(Path dir, int depth) {
        try (Stream<Path> s = Files.find(dir, depth, (p, a) -> a.isRegularFile() && p.toString().endsWith(".wit"))) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Example
    void committedWitLoadsAndPrintsBack() {
        assertThat(committed).hasSizeGreaterThan(30);
        for (Committed c : committed) {
            WitResolve r = load(c, Map.of());
            assertThat(r.packages()).as(c.name()).isNotEmpty();
            printsBack(r);
        }
    }

    @Property(tries = 2500)
    void damagedGeneratedWitLoadsOrFailsWithWitException(@ForAll("documents") String wit, @ForAll long seed) {
        String damaged = Mutator.damage(wit, new Random(seed));
        run(damaged, () -> {
            try {
                printsBack(WitLoader.defaults().parse("damaged.wit", damaged));
            } catch (WitException e) {
                assertThat(e.getMessage()).startsWith("damaged.wit:");
            }
        });
    }

    @Property(tries = 1500)
    void damagedCommittedWitLoadsOrFailsWithWitException(@ForAll("committedIndex") int index, @ForAll long seed) {
        Committed c = committed.get(index % committed.size());
        Random r = new Random(seed);
        List<String> names = new ArrayList<>(c.files().keySet());
        String file = names.get(r.nextInt(names.size()));
        String damaged = Mutator.damage(c.files().get(file), r);
        run(c.name() + "/" + file + ":\n" + damaged, () -> {
            try {
                printsBack(load(c, Map.of(file, damaged)));
            } catch (WitException e) {
                assertThat(e.getMessage()).isNotEmpty();
            }
        });
    }

    /** Loads a committed input with some files replaced: a single file is parsed, a directory copied and loaded. */
    private static WitResolve load(Committed c, Map<String, String> replaced) {
        if (!c.directory()) {
            String file = c.files().keySet().iterator().next();
            return WitLoader.defaults().parse(file, replaced.getOrDefault(file, c.files().get(file)));
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("wit-fuzz");
            for (Map.Entry<String, String> f : c.files().entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                // lone surrogates are written as '?': a file holds bytes, and the loader checks those for UTF-8
                Files.write(p, replaced.getOrDefault(f.getKey(), f.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return WitLoader.defaults().load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What loads prints as WIT that loads again, to the same packages; from the second print on, printing is a fixed
     * point (the first may move world imports, or make the first of only nested packages the root).
     */
    private static void printsBack(WitResolve r) {
        String printed = WitPrinter.print(r);
        WitResolve again = WitLoader.defaults().parse("printed.wit", printed);
        assertThat(again.packages()).as(printed).containsExactlyInAnyOrderElementsOf(r.packages());
        String second = WitPrinter.print(again);
        assertThat(WitPrinter.print(WitLoader.defaults().parse("second.wit", second))).as(second).isEqualTo(second);
    }

    /** Runs one try on a small stack with a time limit; anything but a normal end fails, naming the input. */
    private static void run(String input, Runnable work) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "wit-fuzz", STACK);
        t.setDaemon(true);
        t.start();
        try {
            t.join(TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (t.isAlive()) {
            fail("no result within " + TIMEOUT_MILLIS + " ms for:\n" + input);
        }
        if (failure.get() instanceof AssertionError a) {
            throw a;
        }
        if (failure.get() != null) {
            throw new AssertionError("not a WitException for:\n" + input, failure.get());
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.randomValue(r -> new WitRoundTripProperties.Generator(r).document());
    }

    @Provide
    Arbitrary<Integer> committedIndex() {
        return Arbitraries.integers().between(0, 10_000);
    }

    /** Damage done to WIT text: one to four edits of tokens, spans and characters. */
    static final class Mutator {
        private static final Pattern TOKEN = Pattern.compile("%?[A-Za-z0-9][A-Za-z0-9-]*|->|\\s+|.",
                Pattern.DOTALL);
        private static final String[] NOISE = {"{", "}", "<", ">", ";", ":", ",", ".", "@", "%", "/", "=", "(", ")",
            "\"", "*", "-", "_", "a1", "\n", "\u202e", "\u0000", "\ud800", "\ud83d\ude00", "/*", "*/", "///", "//",
            "list<", "option<", "result<", "tuple<", "borrow<", "own<", "use ", "include ", "interface ", "world ",
            "package ", "type ", "resource ", "record ", "variant ", "enum ", "flags ", "func(", "static ",
            "constructor", "import ", "export ", "as ", "with ", "@since(version = 1.0.0)",
            "@unstable(feature = x)", "@deprecated(version = 0.1.0)", "0.1.0", "18446744073709551616",
            "%interface", "a:b/c@1.0.0", "a:b/c"};

        private Mutator() {}

        static String damage(String text, Random r) {
            String s = text;
            int edits = 1 + r.nextInt(4);
            for (int i = 0; i < edits && !s.isEmpty(); i++) {
                s = edit(s, r);
            }
            return s;
        }

        private static String edit(String s, Random r) {
            List<int[]> tokens = tokens(s);
            int[] tok = tokens.get(r.nextInt(tokens.size()));
            int at = r.nextInt(s.length() + 1);
            switch (r.nextInt(10)) {
                case 0: // delete a token
                    return s.substring(0, tok[0]) + s.substring(tok[1]);
                case 1: // duplicate a token
                    return s.substring(0, tok[1]) + s.substring(tok[0], tok[1]) + s.substring(tok[1]);
                case 2: { // copy a span of tokens elsewhere
                    int[] end = tokens.get(Math.min(tokens.size() - 1, tokens.indexOf(tok) + r.nextInt(20)));
                    return s.substring(0, at) + s.substring(tok[0], end[1]) + s.substring(at);
                }
                case 3: // cut short
                    return s.substring(0, at);
                case 4: // delete a character
                    return at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
                case 5: // replace a character
                    return at < s.length() ? s.substring(0, at) + (char) (32 + r.nextInt(95)) + s.substring(at + 1)
                            : s;
                case 6: // insert noise
                    return s.substring(0, at) + NOISE[r.nextInt(NOISE.length)] + s.substring(at);
                case 7: { // nest deeply at a token
                    int depth = 1 + r.nextInt(300);
                    String open = new String[] {"list<", "option<", "tuple<u8, ", "result<_, "}[r.nextInt(4)];
                    return s.substring(0, tok[0]) + open.repeat(depth) + s.substring(tok[0], tok[1])
                            + ">".repeat(r.nextInt(depth + 1)) + s.substring(tok[1]);
                }
                case 8: { // repeat a span of tokens many times
                    int[] end = tokens.get(Math.min(tokens.size() - 1, tokens.indexOf(tok) + r.nextInt(8)));
                    return s.substring(0, tok[1]) + s.substring(tok[0], end[1]).repeat(1 + r.nextInt(200))
                            + s.substring(tok[1]);
                }
                default: { // swap two tokens
                    int[] other = tokens.get(r.nextInt(tokens.size()));
                    int[] a = tok[0] <= other[0] ? tok : other;
                    int[] b = a == tok ? other : tok;
                    if (a[1] > b[0]) {
                        return s;
                    }
                    return s.substring(0, a[0]) + s.substring(b[0], b[1]) + s.substring(a[1], b[0])
                            + s.substring(a[0], a[1]) + s.substring(b[1]);
                }
            }
        }

        private static List<int[]> tokens(String s) {
            List<int[]> out = new ArrayList<>();
            Matcher m = TOKEN.matcher(s);
            while (m.find()) {
                out.add(new int[] {m.start(), m.end()});
            }
            return out;
        }
    }
}
