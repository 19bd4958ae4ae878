package org.wasmcloud4j.component.validate;

import java.util.Optional;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.Labels;

/**
 * A parsed component import or export name: a plain label ({@code greet}), a resource function
 * ({@code [method]counter.increment}), an interface name ({@code wasi:io/streams@0.2.0}), or one of the
 * dependency-name forms ({@code url=<...>}, {@code integrity=<...>}, {@code locked-dep=<...>},
 * {@code unlocked-dep=<...>}).
 */
public record ExternName(String text, Kind kind, Optional<InterfaceName> interfaceName, String resource,
        String label) {
    /** The forms an extern name can take. */
    public enum Kind {
        /** A kebab-case label. */
        LABEL,
        /** {@code [constructor]r}. */
        CONSTRUCTOR,
        /** {@code [method]r.m}. */
        METHOD,
        /** {@code [static]r.s}. */
        STATIC,
        /** {@code ns:pkg/iface[@version]}. */
        INTERFACE,
        /** {@code url=}, {@code integrity=}, {@code locked-dep=}, {@code unlocked-dep=} forms (kept verbatim). */
        DEPENDENCY
    }

    /**
     * Parses and validates {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong with the name
     */
    public static ExternName parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        for (String prefix : new String[] {"url=<", "integrity=<", "locked-dep=<", "unlocked-dep=<"}) {
            if (text.startsWith(prefix)) {
                if (!text.endsWith(">")) {
                    throw new IllegalArgumentException("name '" + text + "' must end with '>'");
                }
                return new ExternName(text, Kind.DEPENDENCY, Optional.empty(), "", "");
            }
        }
        if (text.startsWith("[constructor]")) {
            String r = text.substring("[constructor]".length());
            requireLabel(text, r);
            return new ExternName(text, Kind.CONSTRUCTOR, Optional.empty(), r, r);
        }
        for (String prefix : new String[] {"[method]", "[static]"}) {
            if (text.startsWith(prefix)) {
                String rest = text.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot < 0) {
                    throw new IllegalArgumentException("name '" + text + "' must be " + prefix + "resource.function");
                }
                String r = rest.substring(0, dot);
                String f = rest.substring(dot + 1);
                requireLabel(text, r);
                requireLabel(text, f);
                return new ExternName(text, prefix.equals("[method]") ? Kind.METHOD : Kind.STATIC, Optional.empty(), r,
                        f);
            }
        }
        if (text.indexOf(':') >= 0 || text.indexOf('/') >= 0) {
            try {
                InterfaceName n = InterfaceName.parse(text);
                return new ExternName(text, Kind.INTERFACE, Optional.of(n), "", n.interfaceLabel());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("name '" + text + "' is not a valid interface name: "
                        + e.getMessage(), e);
            }
        }
        requireLabel(text, text);
        return new ExternName(text, Kind.LABEL, Optional.empty(), "", text);
    }

    private static void requireLabel(String whole, String label) {
        if (!Labels.isLabel(label)) {
            throw new IllegalArgumentException("name '" + whole + "': '" + label + "' is not a kebab-case label");
        }
    }

    /**
     * The name two names must not share to coexist in one import or export list: names differing only in case
     * conflict, and {@code [method]r.m} conflicts with {@code m} of another kind only when identical.
     */
    public String conflictKey() {
        return text.toLowerCase(java.util.Locale.ROOT);
    }
}
