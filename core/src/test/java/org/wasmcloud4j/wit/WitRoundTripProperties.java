package org.wasmcloud4j.wit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated WIT documents: parse, print, parse again gives equal packages; printing reaches a fixed point. */
class WitRoundTripProperties {
    @Property(tries = 300)
    void printThenParseIsIdentity(@ForAll("documents") String wit) {
        WitResolve first = WitLoader.defaults().parse("generated.wit", wit);
        String printed = WitPrinter.print(first);
        WitResolve second = WitLoader.defaults().parse("printed.wit", printed);
        assertThat(second.packages()).as(printed).containsExactlyInAnyOrderElementsOf(first.packages());
        // the order of world imports may change once (dependencies of world-level `use` move first); after that
        // printing is a fixed point
        String again = WitPrinter.print(second);
        WitResolve third = WitLoader.defaults().parse("again.wit", again);
        assertThat(third.packages()).containsExactlyInAnyOrderElementsOf(first.packages());
        assertThat(WitPrinter.print(third)).isEqualTo(again);
    }

    private static final String NOISE = "{}<>;:,.@%/=()\"*-_a1\n\u202e\u0000";

    /** Damaged WIT (characters deleted, inserted or swapped) parses or fails with a WitException, nothing else. */
    @Property(tries = 500)
    void damagedDocumentsFailCleanly(@ForAll("documents") String wit, @ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(wit);
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
                default -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
            }
        }
        try {
            WitLoader.defaults().parse("damaged.wit", b.toString());
        } catch (WitException e) {
            assertThat(e.getMessage()).startsWith("damaged.wit:");
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.randomValue(r -> new Generator(r).document());
    }

    /** Writes a random, valid WIT document: a root package and a dependency package. */
    static final class Generator {
        private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "record", "type", "list", "x",
            "point", "value", "HTTP", "id2", "my-name", "a-b-c", "error", "stream", "use", "kind", "own", "flags"};
        private final Random r;
        private final StringBuilder out = new StringBuilder();

        Generator(Random r) {
            this.r = r;
        }

        /** Names usable in one scope: type names (with whether each is a resource). */
        private static final class Scope {
            final List<String> types = new ArrayList<>();
            final List<String> resources = new ArrayList<>();
            final Set<String> used = new HashSet<>();
        }

        /** Per interface: its exported type names and resources, for later uses. */
        private record Iface(String path, List<String> types, List<String> resources) {}

        String document() {
            List<Iface> deps = new ArrayList<>();
            out.append("package gen:root@1.0.").append(r.nextInt(3)).append(";\n\n");
            List<Iface> mine = new ArrayList<>();
            int interfaces = 1 + r.nextInt(3);
            StringBuilder depText = new StringBuilder("package dep:lib@0.1.0 {\n");
            Set<String> depNames = new HashSet<>();
            for (int i = 0; i < 1 + r.nextInt(2); i++) {
                String name = fresh(depNames);
                StringBuilder saved = new StringBuilder(out);
                out.setLength(0);
                Iface it = iface("dep:lib/" + id(name) + "@0.1.0", name, deps, "  ");
                depText.append(out);
                out.setLength(0);
                out.append(saved);
                deps.add(it);
            }
            depText.append("}\n");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < interfaces; i++) {
                List<Iface> visible = new ArrayList<>(deps);
                visible.addAll(mine);
                String name = fresh(names);
                mine.add(iface(name, name, visible, ""));
            }
            String world = fresh(names);
            if (world(world, mine, deps) && r.nextBoolean()) {
                // a world including one without types of its own (types keep the owner of the world that
                // defines them, so an included world-level type would not print back as the same type)
                out.append("world ").append(id(fresh(names))).append(" {\n  include ").append(id(world))
                        .append(";\n  import zeta: func();\n}\n");
            }
            out.append('\n').append(depText);
            return out.toString();
        }

        private Iface iface(String path, String name, List<Iface> visible, String indent) {
            Scope s = new Scope();
            StringBuilder body = new StringBuilder();
            if (r.nextInt(3) == 0) {
                body.append(indent).append("/// Docs for ").append(name).append(".\n");
            }
            body.append(indent).append("interface ").append(id(name)).append(" {\n");
            uses(s, visible, body, indent + "  ");
            typesAndFunctions(s, body, indent + "  ", true);
            body.append(indent).append("}\n");
            out.append(body);
            List<String> plain = new ArrayList<>(s.types);
            plain.removeAll(s.resources);
            return new Iface(path, plain, new ArrayList<>(s.resources));
        }

        private void uses(Scope s, List<Iface> visible, StringBuilder body, String indent) {
            for (Iface other : visible) {
                if (r.nextBoolean() || (other.types.isEmpty() && other.resources.isEmpty())) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                List<String> all = new ArrayList<>(other.types);
                all.addAll(other.resources);
                for (String t : all) {
                    if (r.nextBoolean()) {
                        String local = r.nextInt(4) == 0 ? fresh(s.used) : t;
                        if (!s.used.add(local) && local.equals(t)) {
                            continue;
                        }
                        s.used.add(local);
                        names.add(id(t) + (local.equals(t) ? "" : " as " + id(local)));
                        s.types.add(local);
                        if (other.resources.contains(t)) {
                            s.resources.add(local);
                        }
                    }
                }
                if (!names.isEmpty()) {
                    body.append(indent).append("use ").append(other.path.contains(":") ? other.path : id(other.path))
                            .append(".{").append(String.join(", ", names)).append("};\n");
                }
            }
        }

        private void typesAndFunctions(Scope s, StringBuilder body, String indent, boolean functions) {
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                String name = fresh(s.used);
                switch (r.nextInt(6)) {
                    case 0:
                        body.append(indent).append("record ").append(id(name)).append(" {");
                        Set<String> fs = new HashSet<>();
                        for (int f = 0; f < 1 + r.nextInt(3); f++) {
                            body.append(' ').append(id(fresh(fs))).append(": ").append(type(s, 2, false)).append(',');
                        }
                        body.append(" }\n");
                        break;
                    case 1:
                        body.append(indent).append("variant ").append(id(name)).append(" {");
                        Set<String> cs = new HashSet<>();
                        for (int c = 0; c < 1 + r.nextInt(3); c++) {
                            body.append(' ').append(id(fresh(cs)));
                            if (r.nextBoolean()) {
                                body.append('(').append(type(s, 2, false)).append(')');
                            }
                            body.append(',');
                        }
                        body.append(" }\n");
                        break;
                    case 2:
                        body.append(indent).append(r.nextBoolean() ? "enum " : "flags ").append(id(name)).append(" {");
                        Set<String> es = new HashSet<>();
                        for (int c = 0; c < 1 + r.nextInt(4); c++) {
                            body.append(' ').append(id(fresh(es))).append(',');
                        }
                        body.append(" }\n");
                        break;
                    case 3:
                        body.append(indent).append("resource ").append(id(name));
                        s.resources.add(name);
                        s.types.add(name);
                        if (r.nextBoolean()) {
                            body.append(";\n");
                        } else {
                            body.append(" {\n");
                            if (r.nextBoolean()) {
                                body.append(indent).append("  constructor(").append(params(s)).append(");\n");
                            }
                            Set<String> ms = new HashSet<>();
                            for (int m = 0; m < r.nextInt(3); m++) {
                                body.append(indent).append("  ").append(id(fresh(ms))).append(": ")
                                        .append(r.nextBoolean() ? "static " : "").append(func(s)).append(";\n");
                            }
                            body.append(indent).append("}\n");
                        }
                        continue;
                    default:
                        body.append(indent).append("type ").append(id(name)).append(" = ").append(type(s, 3, false))
                                .append(";\n");
                        break;
                }
                s.types.add(name);
            }
            if (functions) {
                for (int i = 0; i < r.nextInt(4); i++) {
                    body.append(indent).append(id(fresh(s.used))).append(": ").append(func(s)).append(";\n");
                }
            }
        }

        private String func(Scope s) {
            String f = "func(" + params(s) + ")";
            return r.nextBoolean() ? f + " -> " + type(s, 3, false) : f;
        }

        private String params(Scope s) {
            List<String> ps = new ArrayList<>();
            Set<String> names = new HashSet<>();
            names.add("self");
            for (int i = 0; i < r.nextInt(4); i++) {
                ps.add(id(fresh(names)) + ": " + type(s, 3, true));
            }
            return String.join(", ", ps);
        }

        private String type(Scope s, int depth, boolean param) {
            int choice = r.nextInt(depth <= 0 ? 2 : 9);
            switch (choice) {
                case 0: {
                    String[] prims = {"bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64",
                        "char", "string"};
                    return prims[r.nextInt(prims.length)];
                }
                case 1:
                    if (s.types.isEmpty()) {
                        return "u32";
                    }
                    String t = s.types.get(r.nextInt(s.types.size()));
                    if (param && s.resources.contains(t) && r.nextBoolean()) {
                        return "borrow<" + id(t) + ">";
                    }
                    return id(t);
                case 2: return "list<" + type(s, depth - 1, param) + ">";
                case 3: return "option<" + type(s, depth - 1, param) + ">";
                case 4: return "result";
                case 5: return "result<" + type(s, depth - 1, param) + ">";
                case 6: return "result<_, " + type(s, depth - 1, param) + ">";
                case 7: return "result<" + type(s, depth - 1, param) + ", " + type(s, depth - 1, param) + ">";
                default: {
                    List<String> es = new ArrayList<>();
                    for (int i = 0; i < 1 + r.nextInt(3); i++) {
                        es.add(type(s, depth - 1, param));
                    }
                    return "tuple<" + String.join(", ", es) + ">";
                }
            }
        }

        /** Writes a world; returns whether it has no types of its own. */
        private boolean world(String name, List<Iface> mine, List<Iface> deps) {
            out.append("world ").append(id(name)).append(" {\n");
            Scope s = new Scope();
            List<Iface> all = new ArrayList<>(deps);
            all.addAll(mine);
            uses(s, all, out, "  ");
            typesAndFunctions(s, out, "  ", false);
            Set<String> items = new HashSet<>(s.used);
            for (Iface i : all) {
                int c = r.nextInt(4);
                if (c == 0) {
                    out.append("  import ").append(i.path.contains(":") ? i.path : id(i.path)).append(";\n");
                } else if (c == 1) {
                    out.append("  export ").append(i.path.contains(":") ? i.path : id(i.path)).append(";\n");
                }
            }
            for (int i = 0; i < r.nextInt(3); i++) {
                out.append("  ").append(r.nextBoolean() ? "import " : "export ").append(id(fresh(items)))
                        .append(": ").append(func(s)).append(";\n");
            }
            if (r.nextBoolean()) {
                out.append("  import ").append(id(fresh(items))).append(": interface {\n");
                Scope inner = new Scope();
                uses(inner, all, out, "    ");
                typesAndFunctions(inner, out, "    ", true);
                out.append("  }\n");
            }
            out.append("}\n");
            return s.types.isEmpty();
        }

        private String fresh(Set<String> taken) {
            while (true) {
                String w = WORDS[r.nextInt(WORDS.length)];
                if (r.nextInt(3) == 0) {
                    w = w + "-" + r.nextInt(10);
                }
                if (taken.add(w)) {
                    return w;
                }
            }
        }

        private static String id(String name) {
            return WitPrinter.id(name);
        }
    }
}
