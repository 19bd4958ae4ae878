package org.wasmcloud4j.wit;

import java.util.Set;

/**
 * Tokens of WIT text, produced on demand so that the parser can read a semantic version raw after {@code '@'}.
 * Doc comments ({@code ///} and {@code /** *}{@code /}) are attached to the token that follows them.
 */
final class WitLexer {
    enum Kind { ID, EXPLICIT_ID, INTEGER, STRING, SYMBOL, EOF }

    record Token(Kind kind, String text, Pos pos, int start, int end, String docs) {
        boolean is(String symbolOrKeyword) {
            return (kind == Kind.SYMBOL || kind == Kind.ID) && text.equals(symbolOrKeyword);
        }

        String describe() {
            switch (kind) {
                case EOF: return "end of input";
                case STRING: return "string literal";
                case EXPLICIT_ID: return "'%" + text + "'";
                default: return "'" + text + "'";
            }
        }
    }

    static final Set<String> KEYWORDS = Set.of("as", "async", "bool", "borrow", "char", "constructor", "enum",
            "export", "f32", "f64", "flags", "from", "func", "future", "import", "include", "interface", "list", "map",
            "option", "own", "package", "record", "resource", "result", "s16", "s32", "s64", "s8", "static", "stream",
            "string", "tuple", "type", "u16", "u32", "u64", "u8", "use", "variant", "with", "world", "float32",
            "float64");

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    WitLexer(String source, String text) {
        this.source = source;
        this.text = text;
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') {
            pos = 1;
        }
    }

    String source() {
        return source;
    }

    Pos here() {
        return new Pos(source, line, pos - lineStart + 1);
    }

    /** The next token, skipping whitespace and comments. */
    Token next() {
        StringBuilder docs = null;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '/' && peekChar(1) == '/') {
                int startLine = pos;
                int end = text.indexOf('\n', pos);
                end = end < 0 ? text.length() : end;
                String body = text.substring(startLine, end);
                checkChars(startLine, end);
                if (body.startsWith("///") && !body.startsWith("////")) {
                    docs = appendDoc(docs, stripOne(body.substring(3)));
                }
                pos = end;
            } else if (c == '/' && peekChar(1) == '*') {
                Pos at = here();
                int startBlock = pos;
                boolean doc = peekChar(2) == '*' && peekChar(3) != '*' && peekChar(3) != '/';
                skipBlockComment(at);
                if (doc) {
                    String body = text.substring(startBlock + 3, pos - 2);
                    docs = appendDoc(docs, blockDoc(body));
                }
            } else {
                break;
            }
        }
        String d = docs == null ? null : docs.toString();
        if (pos >= text.length()) {
            return new Token(Kind.EOF, "", here(), pos, pos, d);
        }
        Pos at = here();
        int start = pos;
        char c = text.charAt(pos);
        if (c == '-' && peekChar(1) == '>') {
            pos += 2;
            return new Token(Kind.SYMBOL, "->", at, start, pos, d);
        }
        if ("=,:;(){}<>*/.@_".indexOf(c) >= 0 && !(c == '_' && isIdChar(peekChar(1)))) {
            pos++;
            return new Token(Kind.SYMBOL, String.valueOf(c), at, start, pos, d);
        }
        if (c == '"') {
            return new Token(Kind.STRING, string(at), at, start, pos, d);
        }
        boolean explicit = c == '%';
        if (explicit) {
            pos++;
        }
        int idStart = pos;
        while (pos < text.length() && isIdChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == idStart) {
            if (Character.isISOControl(c) || isForbidden(c)) {
                throw at.error("invalid character U+" + String.format("%04X", (int) c));
            }
            throw at.error("unexpected character '" + new String(Character.toChars(text.codePointAt(start))) + "'");
        }
        String word = text.substring(idStart, pos);
        if (!explicit && word.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return new Token(Kind.INTEGER, word, at, start, pos, d);
        }
        return new Token(explicit ? Kind.EXPLICIT_ID : Kind.ID, word, at, start, pos, d);
    }

    /** Reads a semantic version starting right here (after {@code '@'} or {@code '='}, spaces allowed before). */
    String version() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-'
                    || c == '+') {
                pos++;
            } else {
                break;
            }
        }
        // a version never ends with '.', which may start a `use` path's `.{` instead
        while (pos > start && text.charAt(pos - 1) == '.') {
            pos--;
        }
        return text.substring(start, pos);
    }

    /** Whether the character right at the current position (no whitespace skipped) is {@code c}. */
    boolean immediately(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private static boolean isIdChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static boolean isForbidden(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private void checkChars(int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if ((Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') || isForbidden(c)) {
                throw new Pos(source, line, i - lineStart + 1).error("invalid character U+"
                        + String.format("%04X", (int) c) + " in a comment");
            }
        }
    }

    private int peekChar(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : -1;
    }

    private void skipBlockComment(Pos at) {
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '/' && peekChar(1) == '*') {
                depth++;
                pos += 2;
            } else if (c == '*' && peekChar(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                } else if ((Character.isISOControl(c) && c != '\t' && c != '\r') || isForbidden(c)) {
                    throw here().error("invalid character U+" + String.format("%04X", (int) c) + " in a comment");
                }
                pos++;
            }
        }
        throw at.error("unterminated block comment");
    }

    private String string(Pos at) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw at.error("unterminated string literal");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw at.error("unterminated string literal");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case '"': sb.append('"'); break;
                case '\'': sb.append('\''); break;
                case '\\': sb.append('\\'); break;
                case 'u': {
                    int close = text.indexOf('}', pos);
                    if (pos >= text.length() || text.charAt(pos) != '{' || close < 0 || close - pos > 7) {
                        throw here().error("invalid unicode escape in string literal");
                    }
                    try {
                        sb.appendCodePoint(Integer.parseInt(text.substring(pos + 1, close), 16));
                    } catch (IllegalArgumentException ex) {
                        throw here().error("invalid unicode escape in string literal");
                    }
                    pos = close + 1;
                    break;
                }
                default: {
                    if (pos < text.length() && Character.digit(e, 16) >= 0 && Character.digit(text.charAt(pos), 16) >= 0) {
                        sb.append((char) Integer.parseInt(text.substring(pos - 1, pos + 1), 16));
                        pos++;
                        break;
                    }
                    throw here().error("invalid escape '\\" + e + "' in string literal");
                }
            }
        }
    }

    private static StringBuilder appendDoc(StringBuilder docs, String line) {
        if (docs == null) {
            return new StringBuilder(line);
        }
        return docs.append('\n').append(line);
    }

    private static String stripOne(String s) {
        return s.startsWith(" ") ? s.substring(1) : s;
    }

    private static String blockDoc(String body) {
        StringBuilder sb = new StringBuilder();
        for (String l : body.strip().split("\n", -1)) {
            String t = l.strip();
            if (t.startsWith("* ")) {
                t = t.substring(2);
            } else if (t.equals("*")) {
                t = "";
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(t);
        }
        return sb.toString();
    }
}
