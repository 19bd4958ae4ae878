package org.wasmcloud4j.lattice.ctl;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalisation and checks shared by the payload records' constructors. Every failure is a {@link FieldException}
 * (an {@link IllegalArgumentException} for Java callers) naming the wire name of the field, so {@link CtlJson} can
 * put it into a {@link CtlDecodeException} at the right path.
 */
final class Checks {
    private Checks() {}

    /** A record field that is not valid; {@link #field()} is its wire name relative to the record. */
    static final class FieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        FieldException(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    private static FieldException fail(String field, String message) {
        return new FieldException(field, message);
    }

    private static void requireToken(String field, String value) {
        try {
            CtlSubjects.requireToken(field, value, value);
        } catch (IllegalArgumentException e) {
            throw fail(field, e.getMessage());
        }
    }

    /** {@code value}, or {@code ""} when null. */
    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** {@code value}, or {@code fallback} when null. */
    static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** A required string: not null, not empty. */
    static String required(String field, String value) {
        if (value == null) {
            throw fail(field, field + " is required");
        }
        if (value.isEmpty()) {
            throw fail(field, field + " must not be empty");
        }
        return value;
    }

    /** A required id: not null, and a single NATS subject token. */
    static String token(String field, String value) {
        if (value == null) {
            throw fail(field, field + " is required");
        }
        requireToken(field, value);
        return value;
    }

    /** An optional id: null or empty become {@code ""}; anything else must be a single NATS subject token. */
    static String optionalToken(String field, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        requireToken(field, value);
        return value;
    }

    /** An immutable copy of a list of strings (null: empty); no element may be null. */
    static List<String> strings(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw fail(field + "[" + i + "]", field + "[" + i + "] must be a string, not null");
            }
        }
        return List.copyOf(values);
    }

    /** Like {@link #strings} and every element a single NATS subject token (config names). */
    static List<String> tokens(String field, List<String> values) {
        List<String> copy = strings(field, values);
        for (int i = 0; i < copy.size(); i++) {
            requireToken(field + "[" + i + "]", copy.get(i));
        }
        return copy;
    }

    /** An immutable list copy (null: empty); no element may be null. */
    static <T> List<T> list(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw fail(field + "[" + i + "]", field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** An immutable, key-sorted copy of a string map (null: empty); no value may be null. */
    static Map<String, String> stringMap(String field, Map<String, String> map) {
        return map == null ? Map.of() : sortedCopy(field, map);
    }

    /** Like {@link #stringMap} but null stays null (a field whose absence means something). */
    static Map<String, String> nullableStringMap(String field, Map<String, String> map) {
        return map == null ? null : sortedCopy(field, map);
    }

    /** A required string map: not null. */
    static Map<String, String> requiredStringMap(String field, Map<String, String> map) {
        if (map == null) {
            throw fail(field, field + " is required");
        }
        return sortedCopy(field, map);
    }

    private static Map<String, String> sortedCopy(String field, Map<String, String> map) {
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw fail(field, field + " has a null key");
            }
            if (e.getValue() == null) {
                throw fail(field + "." + e.getKey(), field + "." + e.getKey() + " must be a string, not null");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /** An unsigned 32-bit count held in an int: not negative. */
    static int unsigned(String field, int value) {
        if (value < 0) {
            throw fail(field, field + " must not be negative, was " + value);
        }
        return value;
    }

    /** An unsigned 64-bit value held in a long: not negative. */
    static long unsigned(String field, long value) {
        if (value < 0) {
            throw fail(field, field + " must not be negative, was " + value);
        }
        return value;
    }
}
