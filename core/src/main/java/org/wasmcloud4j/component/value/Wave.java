package org.wasmcloud4j.component.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * WAVE, the WebAssembly Value Encoding: the standard human-readable text form of component values, as used by
 * {@code wasmtime} and {@code wasm-tools}. Parsing is type-directed; printing is canonical (explicit
 * {@code some(...)}/{@code ok(...)}, {@code %}-escaped keyword labels, escaped strings).
 */
public final class Wave {
    /** Deepest nesting of lists, records, variants... a parse accepts. */
    public static final int MAX_DEPTH = 256;

    private static final Set<String> KEYWORDS = Set.of("true", "false", "inf", "nan", "some", "none", "ok", "err");

    private Wave() {}

    /**
     * Parses {@code text} as a value of {@code type}; whitespace and {@code //} comments may surround it.
     *
     * @throws WaveParseException naming the offset and what was expected
     */
    public static Value parse(String text, ValType type) {
        Parser p = new Parser(text);
        p.skipWs();
        Value v = p.value(type, 0);
        p.skipWs();
        if (!p.atEnd()) {
            throw p.error("expected end of input after the value");
        }
        return v;
    }

    /**
     * Parses a comma-separated argument list (without the parentheses) for parameters of {@code types}; trailing
     * {@code none} arguments of option type may be left out.
     *
     * @throws WaveParseException naming the offset and what was expected
     */
    public static List<Value> parseArguments(String text, List<ValType> types) {
        Parser p = new Parser(text);
        List<Value> out = new ArrayList<>();
        p.skipWs();
        for (int i = 0; i < types.size(); i++) {
            if (p.atEnd()) {
                for (int j = i; j < types.size(); j++) {
                    if (!(types.get(j).unwrap() instanceof OptionType)) {
                        throw p.error("expected " + types.size() + " arguments, got " + i);
                    }
                    out.add(new Value.OptionValue(Optional.empty()));
                }
                return out;
            }
            out.add(p.value(types.get(i), 0));
            p.skipWs();
            if (!p.atEnd()) {
                p.expect(',');
                p.skipWs();
            }
        }
        if (!p.atEnd()) {
            throw p.error("expected " + types.size() + " arguments, got more");
        }
        return out;
    }

    /** Prints {@code value} in canonical WAVE. */
    public static String print(Value value) {
        StringBuilder sb = new StringBuilder();
        print(value, sb);
        return sb.toString();
    }

    /** Prints a list of values separated by {@code ", "}, e.g. function arguments. */
    public static String printAll(List<Value> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            print(values.get(i), sb);
        }
        return sb.toString();
    }

    private static void print(Value v, StringBuilder sb) {
        if (v instanceof Value.Bool b) {
            sb.append(b.value());
        } else if (v instanceof Value.Int i) {
            sb.append(i);
        } else if (v instanceof Value.F32 f) {
            printFloat(f.value(), Float.isNaN(f.value()), Float.isInfinite(f.value()), Float.toString(f.value()), sb);
        } else if (v instanceof Value.F64 d) {
            printFloat(d.value(), Double.isNaN(d.value()), Double.isInfinite(d.value()), Double.toString(d.value()), sb);
        } else if (v instanceof Value.Char c) {
            sb.append('\'');
            escape(c.codePoint(), '\'', sb);
            sb.append('\'');
        } else if (v instanceof Value.Str s) {
            sb.append('"');
            s.value().codePoints().forEach(cp -> escape(cp, '"', sb));
            sb.append('"');
        } else if (v instanceof Value.ListValue l) {
            sb.append('[');
            join(l.elements(), sb);
            sb.append(']');
        } else if (v instanceof Value.TupleValue t) {
            sb.append('(');
            join(t.elements(), sb);
            sb.append(')');
        } else if (v instanceof Value.RecordValue r) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Value> e : r.fields().entrySet()) {
                sb.append(first ? "" : ", ").append(e.getKey()).append(": ");
                print(e.getValue(), sb);
                first = false;
            }
            sb.append(first ? ":}" : "}");
        } else if (v instanceof Value.VariantValue vv) {
            label(vv.caseName(), sb);
            vv.payload().ifPresent(p -> {
                sb.append('(');
                print(p, sb);
                sb.append(')');
            });
        } else if (v instanceof Value.EnumValue e) {
            label(e.caseName(), sb);
        } else if (v instanceof Value.OptionValue o) {
            if (o.value().isPresent()) {
                sb.append("some(");
                print(o.value().get(), sb);
                sb.append(')');
            } else {
                sb.append("none");
            }
        } else if (v instanceof Value.ResultValue r) {
            sb.append(r.isOk() ? "ok" : "err");
            r.payload().ifPresent(p -> {
                sb.append('(');
                print(p, sb);
                sb.append(')');
            });
        } else if (v instanceof Value.FlagsValue f) {
            sb.append('{').append(String.join(", ", f.set())).append('}');
        } else if (v instanceof Value.Handle h) {
            // WAVE has no syntax for handles; this form is for logs and is not parsed back
            sb.append('<').append(h.resource()).append('>');
        }
    }

    private static void printFloat(double value, boolean nan, boolean inf, String javaText, StringBuilder sb) {
        if (nan) {
            sb.append("nan");
        } else if (inf) {
            sb.append(value > 0 ? "inf" : "-inf");
        } else {
            sb.append(javaText.endsWith(".0") ? javaText.substring(0, javaText.length() - 2) : javaText
                    .replace(".0E", "E"));
        }
    }

    private static void label(String name, StringBuilder sb) {
        if (KEYWORDS.contains(name)) {
            sb.append('%');
        }
        sb.append(name);
    }

    private static void join(List<Value> values, StringBuilder sb) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            print(values.get(i), sb);
        }
    }

    private static void escape(int cp, char quote, StringBuilder sb) {
        switch (cp) {
            case '\\': sb.append("\\\\"); break;
            case '\n': sb.append("\\n"); break;
            case '\t': sb.append("\\t"); break;
            case '\r': sb.append("\\r"); break;
            case '\'': sb.append(quote == '\'' ? "\\'" : "'"); break;
            case '"': sb.append(quote == '"' ? "\\\"" : "\""); break;
            default:
                if (cp < 0x20 || cp == 0x7f) {
                    sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
                } else {
                    sb.appendCodePoint(cp);
                }
        }
    }

    /** Recursive-descent parser over the text, with an explicit depth limit. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        WaveParseException error(String message) {
            return new WaveParseException(pos, message);
        }

        void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '/') {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("expected '" + c + "'" + (pos < s.length() ? ", found '" + s.charAt(pos) + "'" : ", found end of input"));
            }
            pos++;
        }

        boolean accept(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        /** Reads a label, possibly {@code %}-prefixed; returns it without the prefix and whether it was escaped. */
        String label() {
            int start = pos;
            accept('%');
            int body = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                    pos++;
                } else {
                    break;
                }
            }
            if (pos == body) {
                pos = start;
                throw error("expected a label");
            }
            return s.substring(start, pos);
        }

        private static String unescaped(String label) {
            return label.startsWith("%") ? label.substring(1) : label;
        }

        private boolean peekKeyword(String kw) {
            if (!s.startsWith(kw, pos)) {
                return false;
            }
            int end = pos + kw.length();
            if (end < s.length()) {
                char c = s.charAt(end);
                return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
            }
            return true;
        }

        Value value(ValType type, int depth) {
            if (depth > MAX_DEPTH) {
                throw error("values nested deeper than " + MAX_DEPTH);
            }
            ValType t = type.unwrap();
            if (t instanceof PrimitiveType p) {
                return primitive(p, type);
            }
            if (t instanceof ListType l) {
                List<Value> out = new ArrayList<>();
                expect('[');
                sequence(']', () -> out.add(value(l.element(), depth + 1)));
                return new Value.ListValue(out);
            }
            if (t instanceof TupleType tt) {
                List<Value> out = new ArrayList<>();
                int start = pos;
                expect('(');
                sequence(')', () -> {
                    if (out.size() >= tt.elements().size()) {
                        throw error("too many tuple elements for " + type);
                    }
                    out.add(value(tt.elements().get(out.size()), depth + 1));
                });
                if (out.size() != tt.elements().size()) {
                    throw new WaveParseException(start, "expected " + tt.elements().size() + " tuple elements for "
                            + type + ", got " + out.size());
                }
                return new Value.TupleValue(out);
            }
            if (t instanceof RecordType r) {
                return record(r, type, depth);
            }
            if (t instanceof FlagsType f) {
                Set<String> set = new LinkedHashSet<>();
                expect('{');
                sequence('}', () -> {
                    int at = pos;
                    String name = unescaped(label());
                    if (!f.flags().contains(name)) {
                        throw new WaveParseException(at, "unknown flag '" + name + "' for " + type);
                    }
                    if (!set.add(name)) {
                        throw new WaveParseException(at, "flag '" + name + "' given twice");
                    }
                });
                return new Value.FlagsValue(set);
            }
            if (t instanceof EnumType e) {
                int at = pos;
                String raw = label();
                String name = unescaped(raw);
                if (!e.cases().contains(name) || (KEYWORDS.contains(name) && !raw.startsWith("%"))) {
                    throw new WaveParseException(at, "expected a case of " + type + (KEYWORDS.contains(name)
                            ? " (keywords must be written %" + name + ")" : ", found '" + raw + "'"));
                }
                return new Value.EnumValue(name);
            }
            if (t instanceof VariantType v) {
                int at = pos;
                String raw = label();
                String name = unescaped(raw);
                VariantType.Case c = v.cases().stream().filter(k -> k.name().equals(name)).findFirst()
                        .orElseThrow(() -> new WaveParseException(at, "expected a case of " + type + ", found '" + raw
                                + "'"));
                if (KEYWORDS.contains(name) && !raw.startsWith("%")) {
                    throw new WaveParseException(at, "case '" + name + "' is a keyword and must be written %" + name);
                }
                return new Value.VariantValue(name, payload(c.type(), "case " + name, depth));
            }
            if (t instanceof OptionType o) {
                if (peekKeyword("none")) {
                    pos += 4;
                    return new Value.OptionValue(Optional.empty());
                }
                if (peekKeyword("some")) {
                    pos += 4;
                    return new Value.OptionValue(payload(Optional.of(o.some()), "some", depth));
                }
                if (isOptionOrResult(o.some())) {
                    throw error("expected some(...) or none for " + type);
                }
                return new Value.OptionValue(Optional.of(value(o.some(), depth + 1)));
            }
            if (t instanceof ResultType r) {
                if (peekKeyword("ok")) {
                    pos += 2;
                    return new Value.ResultValue(true, payload(r.ok(), "ok", depth));
                }
                if (peekKeyword("err")) {
                    pos += 3;
                    return new Value.ResultValue(false, payload(r.err(), "err", depth));
                }
                if (r.ok().isEmpty() || isOptionOrResult(r.ok().get())) {
                    throw error("expected ok or err for " + type);
                }
                return new Value.ResultValue(true, Optional.of(value(r.ok().get(), depth + 1)));
            }
            throw error("values of type " + type + " have no WAVE form");
        }

        private static boolean isOptionOrResult(ValType t) {
            ValType u = t.unwrap();
            return u instanceof OptionType || u instanceof ResultType;
        }

        private Optional<Value> payload(Optional<ValType> type, String what, int depth) {
            if (type.isEmpty()) {
                if (pos < s.length() && s.charAt(pos) == '(') {
                    throw error(what + " has no payload");
                }
                return Optional.empty();
            }
            if (pos >= s.length() || s.charAt(pos) != '(') {
                throw error("expected '(' and the payload of " + what);
            }
            pos++;
            skipWs();
            Value v = value(type.get(), depth + 1);
            skipWs();
            expect(')');
            return Optional.of(v);
        }

        private Value record(RecordType r, ValType type, int depth) {
            int start = pos;
            expect('{');
            skipWs();
            Map<String, Value> given = new LinkedHashMap<>();
            if (accept(':')) {
                skipWs();
                expect('}');
            } else {
                sequence('}', () -> {
                    int at = pos;
                    String name = unescaped(label());
                    RecordType.Field f = r.fields().stream().filter(x -> x.name().equals(name)).findFirst()
                            .orElseThrow(() -> new WaveParseException(at, "unknown field '" + name + "' for " + type));
                    if (given.containsKey(name)) {
                        throw new WaveParseException(at, "field '" + name + "' given twice");
                    }
                    skipWs();
                    expect(':');
                    skipWs();
                    given.put(name, value(f.type(), depth + 1));
                });
            }
            Map<String, Value> fields = new LinkedHashMap<>();
            for (RecordType.Field f : r.fields()) {
                Value v = given.get(f.name());
                if (v == null) {
                    if (!(f.type().unwrap() instanceof OptionType)) {
                        throw new WaveParseException(start, "missing field '" + f.name() + "' of " + type);
                    }
                    v = new Value.OptionValue(Optional.empty());
                }
                fields.put(f.name(), v);
            }
            return new Value.RecordValue(fields);
        }

        /** Parses {@code item (, item)* ,? close} after the opening delimiter. */
        private void sequence(char close, Runnable item) {
            skipWs();
            while (!accept(close)) {
                if (atEnd()) {
                    throw error("expected '" + close + "' before end of input");
                }
                item.run();
                skipWs();
                if (!accept(',')) {
                    skipWs();
                    expect(close);
                    return;
                }
                skipWs();
            }
        }

        private Value primitive(PrimitiveType p, ValType type) {
            switch (p) {
                case BOOL:
                    if (peekKeyword("true")) {
                        pos += 4;
                        return new Value.Bool(true);
                    }
                    if (peekKeyword("false")) {
                        pos += 5;
                        return new Value.Bool(false);
                    }
                    throw error("expected true or false");
                case CHAR: {
                    int at = pos;
                    expect('\'');
                    if (atEnd() || s.charAt(pos) == '\'') {
                        throw new WaveParseException(at, "expected one character between quotes");
                    }
                    int cp = character('\'');
                    expect('\'');
                    return new Value.Char(cp);
                }
                case STRING:
                    return new Value.Str(string());
                case F32: case F64: {
                    String text = number();
                    return p == PrimitiveType.F32 ? new Value.F32(Float.parseFloat(text))
                            : new Value.F64(Double.parseDouble(text));
                }
                default: {
                    int at = pos;
                    String digits = integerText();
                    try {
                        long v;
                        if (p == PrimitiveType.U64) {
                            if (digits.startsWith("-")) {
                                throw new NumberFormatException();
                            }
                            v = Long.parseUnsignedLong(digits);
                        } else {
                            v = Long.parseLong(digits);
                        }
                        Values.requireInRange(p, v);
                        return new Value.Int(p, v);
                    } catch (IllegalArgumentException e) {
                        throw new WaveParseException(at, "'" + digits + "' is not a " + type + " value");
                    }
                }
            }
        }

        private String integerText() {
            int start = pos;
            accept('-');
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start || (pos == start + 1 && s.charAt(start) == '-')) {
                throw error("expected an integer");
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("expected an integer, found a fraction or exponent");
            }
            return s.substring(start, pos);
        }

        /** A float token as Java's parsers accept it: {@code NaN}, {@code Infinity} or a JSON number. */
        private String number() {
            if (peekKeyword("nan")) {
                pos += 3;
                return "NaN";
            }
            if (peekKeyword("inf")) {
                pos += 3;
                return "Infinity";
            }
            if (s.startsWith("-inf", pos)) {
                pos += 4;
                return "-Infinity";
            }
            int start = pos;
            accept('-');
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits) {
                throw error("expected a number");
            }
            if (accept('.')) {
                int frac = pos;
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                    pos++;
                }
                if (pos == frac) {
                    throw error("expected digits after '.'");
                }
            }
            if (accept('e') || accept('E')) {
                if (!accept('+')) {
                    accept('-');
                }
                int exp = pos;
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                    pos++;
                }
                if (pos == exp) {
                    throw error("expected exponent digits");
                }
            }
            return s.substring(start, pos);
        }

        private String string() {
            if (s.startsWith("\"\"\"", pos)) {
                return multiline();
            }
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                if (s.charAt(pos) == '"') {
                    pos++;
                    return sb.toString();
                }
                if (s.charAt(pos) == '\n') {
                    throw error("newline in a string must be escaped as \\n");
                }
                sb.appendCodePoint(character('"'));
            }
        }

        private String multiline() {
            int start = pos;
            pos += 3;
            if (s.startsWith("\r\n", pos)) {
                pos += 2;
            } else if (!accept('\n')) {
                throw error("expected a line break after \"\"\"");
            }
            int end = s.indexOf("\"\"\"", pos);
            while (end > 0 && s.charAt(end - 1) == '\\') {
                end = s.indexOf("\"\"\"", end + 1);
            }
            if (end < 0) {
                throw new WaveParseException(start, "unterminated multiline string");
            }
            int lineStart = s.lastIndexOf('\n', end - 1);
            if (lineStart < pos - 1) {
                throw new WaveParseException(end, "the closing \"\"\" must be on its own line");
            }
            String indent = s.substring(lineStart + 1, end);
            if (!indent.chars().allMatch(c -> c == ' ')) {
                throw new WaveParseException(lineStart + 1, "only spaces may precede the closing \"\"\"");
            }
            String body = s.substring(pos, lineStart > 0 && s.charAt(lineStart - 1) == '\r' ? lineStart - 1 : lineStart);
            StringBuilder raw = new StringBuilder();
            String[] lines = body.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].startsWith(indent) && !lines[i].isEmpty()) {
                    throw new WaveParseException(pos, "line " + (i + 1) + " of the multiline string is indented less "
                            + "than the closing \"\"\"");
                }
                raw.append(i > 0 ? "\n" : "").append(lines[i].isEmpty() ? "" : lines[i].substring(indent.length()));
            }
            Parser inner = new Parser(raw.toString());
            StringBuilder sb = new StringBuilder();
            while (!inner.atEnd()) {
                char c = inner.s.charAt(inner.pos);
                if (c == '\n') {
                    inner.pos++;
                    sb.append('\n');
                } else {
                    sb.appendCodePoint(inner.multilineCharacter());
                }
            }
            pos = end + 3;
            return sb.toString();
        }

        private int multilineCharacter() {
            if (s.charAt(pos) == '"' || s.charAt(pos) == '\'') {
                return s.charAt(pos++);
            }
            return character('\0');
        }

        private int character(char quote) {
            char c = s.charAt(pos);
            if (c != '\\') {
                if (c == quote) {
                    throw error("unescaped " + quote);
                }
                int cp = s.codePointAt(pos);
                if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
                    throw error("unpaired surrogate in text");
                }
                pos += Character.charCount(cp);
                return cp;
            }
            pos++;
            if (atEnd()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '\\': return '\\';
                case '\'': return '\'';
                case '"': return '"';
                case 'n': return '\n';
                case 't': return '\t';
                case 'r': return '\r';
                case 'u': {
                    expect('{');
                    int start = pos;
                    while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0 && pos - start < 7) {
                        pos++;
                    }
                    if (pos == start || pos - start > 6) {
                        throw error("expected 1 to 6 hex digits in \\u{...}");
                    }
                    int cp = Integer.parseInt(s.substring(start, pos), 16);
                    expect('}');
                    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        throw new WaveParseException(start, "\\u{" + Integer.toHexString(cp)
                                + "} is not a Unicode scalar value");
                    }
                    return cp;
                }
                default:
                    throw new WaveParseException(pos - 2, "unknown escape \\" + e);
            }
        }
    }
}
