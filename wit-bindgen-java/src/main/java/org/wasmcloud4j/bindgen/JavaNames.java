package org.wasmcloud4j.bindgen;

import java.util.Locale;
import java.util.Set;

/**
 * Maps WIT identifiers (kebab-case, optionally {@code %}-escaped) to Java identifiers.
 *
 * <p>Types become UpperCamelCase, functions and fields lowerCamelCase, enum cases and constants
 * UPPER_SNAKE_CASE. Results that collide with a Java keyword or literal get a trailing underscore.
 */
public final class JavaNames {
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
            "yield", "record", "sealed", "permits", "_");

    private JavaNames() {}

    /** {@code http-request} → {@code HttpRequest}. */
    public static String typeName(String witName) {
        StringBuilder sb = new StringBuilder();
        for (String word : words(witName)) {
            sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return escape(sb.toString());
    }

    /** {@code get-greeting} → {@code getGreeting}. */
    public static String memberName(String witName) {
        StringBuilder sb = new StringBuilder();
        for (String word : words(witName)) {
            if (sb.length() == 0) {
                sb.append(word.toLowerCase(Locale.ROOT));
            } else {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return escape(sb.toString());
    }

    /** {@code not-found} → {@code NOT_FOUND}. */
    public static String constantName(String witName) {
        return escape(String.join("_", words(witName)).toUpperCase(Locale.ROOT));
    }

    private static String[] words(String witName) {
        String name = witName.startsWith("%") ? witName.substring(1) : witName;
        if (name.isEmpty() || name.startsWith("-") || name.endsWith("-") || name.contains("--")) {
            throw new IllegalArgumentException("not a WIT identifier: '" + witName + "'");
        }
        String[] words = name.split("-");
        for (String word : words) {
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > 0);
                if (!ok) {
                    throw new IllegalArgumentException("not a WIT identifier: '" + witName + "' (character '" + c
                            + "' in word '" + word + "')");
                }
            }
        }
        return words;
    }

    private static String escape(String javaName) {
        return RESERVED.contains(javaName) ? javaName + "_" : javaName;
    }
}
