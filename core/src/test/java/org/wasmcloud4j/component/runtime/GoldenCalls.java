package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Replays a fixture's golden file ({@code <fixture>.expected.json}, written by the fixture script from jco): every
 * key of the form {@code name(args)} is a call whose arguments are parsed as WAVE, and the result is compared with
 * the golden JSON in jco's conventions (64-bit integers as strings, results as {@code {"ok"|"error": v}}, flags as
 * objects of booleans, options as the value or null).
 */
final class GoldenCalls {
    private static final Pattern CALL = Pattern.compile("^(?:([a-z0-9-]+)\\.)?([a-z0-9-]+)\\((.*)\\)$");

    private GoldenCalls() {}

    static JsonNode golden(String fixture) {
        try {
            return new ObjectMapper().readTree(jsonPart(Fixtures.text(fixture + ".expected.json").orElseThrow()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The JSON object of a golden file; text before it is what the guest printed to stdout while it ran. */
    static String jsonPart(String golden) {
        int at = golden.startsWith("{") ? 0 : golden.indexOf("\n{") + 1;
        return golden.substring(at);
    }

    /** What the guest printed to stdout while the golden file was made (the text before the JSON object). */
    static String guestStdout(String fixture) {
        String g = Fixtures.text(fixture + ".expected.json").orElseThrow();
        return g.substring(0, g.length() - jsonPart(g).length());
    }

    /**
     * Calls every {@code name(args)} key; {@code lookup} finds the function from (interface or null, name).
     *
     * @return how many calls were checked
     */
    /**
     * Instantiates the QuickJS greeter {@code c} with a Java logger and checks its golden calls and the host
     * {@code log()} calls they make.
     */
    static void replayQuickJsGreeter(Component c) {
        List<String> logged = new ArrayList<>();
        Instance i = quickJsGreeter(c, logged).instantiate();
        assertThat(replay("js-greeter.qjs", (iface, name) -> i.func(name).orElseThrow())).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        golden("js-greeter.qjs").get("host log() calls").forEach(n -> expected.add(n.asText()));
        assertThat(logged).isEqualTo(expected);
    }

    /** The QuickJS greeter {@code c} linked to a Java logger that adds each {@code log()} message to {@code logged}. */
    static InstancePre quickJsGreeter(Component c, List<String> logged) {
        return new Linker(c.engine()).defineJavaFunction("example:greeter/logger@0.1.0", "log", args -> {
            logged.add(String.valueOf(args.get(0)));
            return null;
        }).instantiatePre(c);
    }

    static int replay(String fixture, BiFunction<String, String, Func> lookup) {
        JsonNode g = golden(fixture);
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Matcher m = CALL.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            Func f = lookup.apply(m.group(1), m.group(2));
            List<ValType> types = new ArrayList<>();
            f.type().params().forEach(p -> types.add(p.type()));
            String args = m.group(3);
            if (types.stream().anyMatch(t -> t.unwrap() == PrimitiveType.CHAR)) {
                args = args.replace('"', '\'');
            }
            Optional<Value> result = f.call(Wave.parseArguments(args, types));
            JsonNode actual = normalize(result.map(v -> json(v, f.type().result().get()))
                    .orElse(JsonNodeFactory.instance.nullNode()));
            assertThat(actual).as(fixture + ": " + e.getKey()).isEqualTo(normalize(e.getValue()));
            checked++;
        }
        return checked;
    }

    /** Numbers compare by value: integral ones as longs, others as doubles; containers recursively. */
    private static JsonNode normalize(JsonNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n.isNumber()) {
            return n.doubleValue() == Math.rint(n.doubleValue()) && !n.isBigInteger()
                    ? f.numberNode(n.longValue()) : f.numberNode(n.doubleValue());
        }
        if (n.isArray()) {
            var a = f.arrayNode();
            n.forEach(x -> a.add(normalize(x)));
            return a;
        }
        if (n.isObject()) {
            var o = f.objectNode();
            n.fields().forEachRemaining(e -> o.set(e.getKey(), normalize(e.getValue())));
            return o;
        }
        return n;
    }

    static JsonNode json(Value v, ValType type) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ValType t = type.unwrap();
        if (v instanceof Value.Bool b) {
            return f.booleanNode(b.value());
        }
        if (v instanceof Value.Int i) {
            if (i.type() == PrimitiveType.U64 || i.type() == PrimitiveType.S64) {
                return f.textNode(i.type() == PrimitiveType.U64 ? Long.toUnsignedString(i.value())
                        : Long.toString(i.value()));
            }
            return f.numberNode(i.value());
        }
        if (v instanceof Value.F32 x) {
            return normalize(f.numberNode((double) x.value()));
        }
        if (v instanceof Value.F64 x) {
            return normalize(f.numberNode(x.value()));
        }
        if (v instanceof Value.Char c) {
            return f.textNode(new String(Character.toChars(c.codePoint())));
        }
        if (v instanceof Value.Str s) {
            return f.textNode(s.value());
        }
        if (v instanceof Value.ListValue l) {
            var a = f.arrayNode();
            ValType el = ((org.wasmcloud4j.component.types.ListType) t).element();
            l.elements().forEach(x -> a.add(json(x, el)));
            return a;
        }
        if (v instanceof Value.TupleValue tv) {
            var a = f.arrayNode();
            List<ValType> es = ((org.wasmcloud4j.component.types.TupleType) t).elements();
            for (int i = 0; i < es.size(); i++) {
                a.add(json(tv.elements().get(i), es.get(i)));
            }
            return a;
        }
        if (v instanceof Value.RecordValue r) {
            var o = f.objectNode();
            for (var field : ((org.wasmcloud4j.component.types.RecordType) t).fields()) {
                o.set(field.name(), json(r.fields().get(field.name()), field.type()));
            }
            return o;
        }
        if (v instanceof Value.OptionValue o) {
            return o.value().map(x -> json(x, ((org.wasmcloud4j.component.types.OptionType) t).some()))
                    .orElse(f.nullNode());
        }
        if (v instanceof Value.ResultValue r) {
            var rt = (org.wasmcloud4j.component.types.ResultType) t;
            var o = f.objectNode();
            Optional<ValType> pt = r.isOk() ? rt.ok() : rt.err();
            o.set(r.isOk() ? "ok" : "error", r.payload().map(x -> json(x, pt.get())).orElse(f.nullNode()));
            return o;
        }
        if (v instanceof Value.EnumValue e) {
            return f.textNode(e.caseName());
        }
        if (v instanceof Value.FlagsValue fl) {
            var o = f.objectNode();
            for (String name : ((FlagsType) t).flags()) {
                o.put(name, fl.set().contains(name));
            }
            return o;
        }
        if (v instanceof Value.VariantValue var) {
            var o = f.objectNode();
            o.put("tag", var.caseName());
            return o;
        }
        throw new IllegalArgumentException("no JSON form for " + v);
    }
}
