package org.wasmcloud4j.lattice.ctl;

import java.util.Objects;

/**
 * Subjects of the wasmCloud control interface v1: {@code {prefix}.v1.{lattice}.{noun}.{verb}[.{arg}]}.
 *
 * <p>Immutable. Every token is checked to be a valid single NATS token (non-empty, no {@code .}, {@code *},
 * {@code >} or whitespace), so a lattice name or host id can never widen a subscription by accident.
 */
public final class CtlSubjects {
    /** The default prefix used by wasmCloud hosts, {@code wash} and {@code wadm}. */
    public static final String DEFAULT_PREFIX = "wasmbus.ctl";
    /** The control interface version token. */
    public static final String VERSION = "v1";

    private final String prefix;
    private final String lattice;

    private CtlSubjects(String prefix, String lattice) {
        this.prefix = prefix;
        this.lattice = lattice;
    }

    /** Subjects for {@code lattice} under the default prefix. */
    public static CtlSubjects of(String lattice) {
        return of(DEFAULT_PREFIX, lattice);
    }

    /**
     * Subjects for {@code lattice} under {@code prefix} (dot-separated tokens, like {@code wasmbus.ctl}).
     *
     * @throws IllegalArgumentException naming the offending field when a token is not a valid NATS token
     */
    public static CtlSubjects of(String prefix, String lattice) {
        Objects.requireNonNull(prefix, "prefix");
        for (String token : prefix.split("\\.", -1)) {
            requireToken("prefix", prefix, token);
        }
        requireToken("lattice", lattice, lattice);
        return new CtlSubjects(prefix, lattice);
    }

    /** The prefix, e.g. {@code wasmbus.ctl}. */
    public String prefix() {
        return prefix;
    }

    /** The lattice name. */
    public String lattice() {
        return lattice;
    }

    /** {@code {prefix}.v1.{lattice}.{noun}.{verb}}. */
    public String subject(String noun, String verb) {
        requireToken("noun", noun, noun);
        requireToken("verb", verb, verb);
        return base() + noun + "." + verb;
    }

    /** {@code {prefix}.v1.{lattice}.{noun}.{verb}.{arg}}, for host-addressed operations. */
    public String subject(String noun, String verb, String arg) {
        requireToken("argument", arg, arg);
        return subject(noun, verb) + "." + arg;
    }

    /** {@code {prefix}.v1.{lattice}.} — what every control subject of this lattice starts with. */
    public String base() {
        return prefix + "." + VERSION + "." + lattice + ".";
    }

    /** The queue group a host joins for {@code noun} operations that one host of the lattice answers. */
    public String queueGroup(String noun) {
        requireToken("noun", noun, noun);
        return base() + noun;
    }

    static void requireToken(String field, String whole, String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty" + (whole != null && !whole.equals(token)
                    ? " (in '" + whole + "')" : ""));
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + " '" + whole + "' is not a valid NATS subject token: "
                        + "character " + describe(c) + " at index " + i);
            }
        }
    }

    private static String describe(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CtlSubjects other && prefix.equals(other.prefix) && lattice.equals(other.lattice);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode() * 31 + lattice.hashCode();
    }

    @Override
    public String toString() {
        return "CtlSubjects[" + base() + "*]";
    }
}
