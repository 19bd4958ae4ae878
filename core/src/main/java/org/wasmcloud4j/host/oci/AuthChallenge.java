package org.wasmcloud4j.host.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): a scheme such as {@code Bearer} or
 * {@code Basic} and its parameters, for example {@code realm}, {@code service} and {@code scope} of the registry
 * token flow.
 *
 * @param scheme the authentication scheme as sent
 * @param params parameter names in lower case → values, in header order
 */
record AuthChallenge(String scheme, Map<String, String> params) {
    /** The longest header value parsed; registries send a few hundred bytes. */
    static final int MAX_HEADER = 16 * 1024;
    private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";

    AuthChallenge {
        if (scheme.isEmpty() || !scheme.chars().allMatch(AuthChallenge::isTchar)) {
            throw new IllegalArgumentException("auth scheme '" + scheme + "' is not a token");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Whether this is a challenge of {@code scheme}, compared without case. */
    boolean is(String otherScheme) {
        return scheme.equalsIgnoreCase(otherScheme);
    }

    /**
     * The challenges in one header value, in order.
     *
     * @throws IllegalArgumentException for a value that is not challenges, naming the offset
     */
    static List<AuthChallenge> parse(String header) {
        if (header.length() > MAX_HEADER) {
            throw new IllegalArgumentException("WWW-Authenticate value of " + header.length()
                    + " characters is over " + MAX_HEADER);
        }
        List<AuthChallenge> out = new ArrayList<>();
        int[] pos = {0};
        while (true) {
            skip(header, pos, true);
            if (pos[0] >= header.length()) {
                return out;
            }
            String scheme = token(header, pos);
            if (scheme.isEmpty()) {
                throw bad(header, pos[0], "an auth scheme");
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skip(header, pos, true);
                int start = pos[0];
                String name = token(header, pos);
                if (name.isEmpty()) {
                    if (pos[0] < header.length()) {
                        throw bad(header, pos[0], "a parameter name");
                    }
                    break;
                }
                skip(header, pos, false);
                if (pos[0] >= header.length() || header.charAt(pos[0]) != '=') {
                    pos[0] = start;   // the next challenge's scheme
                    break;
                }
                pos[0]++;
                skip(header, pos, false);
                String value = pos[0] < header.length() && header.charAt(pos[0]) == '"'
                        ? quoted(header, pos) : token(header, pos);
                params.put(name.toLowerCase(Locale.ROOT), value);
                skip(header, pos, false);
                if (pos[0] < header.length() && header.charAt(pos[0]) != ',') {
                    throw bad(header, pos[0], "',' after a parameter");
                }
            }
            out.add(new AuthChallenge(scheme, params));
        }
    }

    /** The challenge as a header value; {@link #parse} gives back an equal challenge. */
    String format() {
        StringBuilder b = new StringBuilder(scheme);
        String sep = " ";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(e.getKey()).append("=\"");
            for (char c : e.getValue().toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
            b.append('"');
            sep = ", ";
        }
        return b.toString();
    }

    private static void skip(String s, int[] pos, boolean commas) {
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]);
            if (c == ' ' || c == '\t' || (commas && c == ',')) {
                pos[0]++;
            } else {
                return;
            }
        }
    }

    private static String token(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && isTchar(s.charAt(pos[0]))) {
            pos[0]++;
        }
        return s.substring(start, pos[0]);
    }

    private static String quoted(String s, int[] pos) {
        int open = pos[0]++;
        StringBuilder b = new StringBuilder();
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && pos[0] < s.length()) {
                c = s.charAt(pos[0]++);
            }
            b.append(c);
        }
        throw bad(s, open, "a closing '\"'");
    }

    private static boolean isTchar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || TCHAR_SPECIALS.indexOf(c) >= 0;
    }

    private static IllegalArgumentException bad(String header, int at, String expected) {
        return new IllegalArgumentException("WWW-Authenticate '" + header + "': expected " + expected + " at offset "
                + at);
    }
}
