package org.wasmcloud4j.component.types;

import java.util.Objects;

/**
 * A semantic version as used in package and interface names ({@code 0.2.3}, {@code 1.0.0-rc.1+build}).
 *
 * <p>{@link #isCompatibleWith(SemVer)} implements the import-matching rule of wasmtime: same major version, and for
 * {@code 0.x} versions also the same minor; pre-release versions only match exactly.
 */
public record SemVer(long major, long minor, long patch, String preRelease, String build) implements Comparable<SemVer> {
    /**
     * @param major major version
     * @param minor minor version
     * @param patch patch version
     * @param preRelease pre-release identifiers without the {@code -}, or empty
     * @param build build metadata without the {@code +}, or empty
     */
    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        Objects.requireNonNull(preRelease, "preRelease");
        Objects.requireNonNull(build, "build");
    }

    /**
     * Parses {@code MAJOR.MINOR.PATCH[-PRE][+BUILD]}.
     *
     * @throws IllegalArgumentException naming the offending part
     */
    public static SemVer parse(String text) {
        Objects.requireNonNull(text, "text");
        String rest = text;
        String build = "";
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            build = rest.substring(plus + 1);
            rest = rest.substring(0, plus);
            requireIdentifiers(text, "build metadata", build, false);
        }
        String pre = "";
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            pre = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
            requireIdentifiers(text, "pre-release", pre, true);
        }
        String[] parts = rest.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("version '" + text + "' must be MAJOR.MINOR.PATCH");
        }
        return new SemVer(number(text, parts[0]), number(text, parts[1]), number(text, parts[2]), pre, build);
    }

    private static long number(String text, String part) {
        if (part.isEmpty() || part.length() > 18 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                || (part.length() > 1 && part.charAt(0) == '0')) {
            throw new IllegalArgumentException("version '" + text + "' has an invalid number '" + part + "'");
        }
        return Long.parseLong(part);
    }

    private static void requireIdentifiers(String text, String what, String ids, boolean numericNoLeadingZero) {
        for (String id : ids.split("\\.", -1)) {
            if (id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-')) {
                throw new IllegalArgumentException("version '" + text + "' has an invalid " + what + " '" + ids + "'");
            }
            if (numericNoLeadingZero && id.length() > 1 && id.charAt(0) == '0'
                    && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("version '" + text + "' has a leading zero in " + what);
            }
        }
    }

    /**
     * Whether an import of version {@code this} may be satisfied by a provider of version {@code provided}: same
     * major; for major 0 also same minor; for 0.0.x the same patch; pre-releases must be equal. As in wasmtime, the
     * provider may be older or newer within that range (type checking catches a provider that lacks an item).
     */
    public boolean isCompatibleWith(SemVer provided) {
        if (!preRelease.isEmpty() || !provided.preRelease.isEmpty()) {
            return major == provided.major && minor == provided.minor && patch == provided.patch
                    && preRelease.equals(provided.preRelease);
        }
        if (major != provided.major) {
            return false;
        }
        if (major == 0) {
            if (minor != provided.minor) {
                return false;
            }
            if (minor == 0) {
                return patch == provided.patch;
            }
        }
        return true;
    }

    /** Precedence order of semver 2.0.0 (build metadata ignored). */
    @Override
    public int compareTo(SemVer o) {
        int c = Long.compare(major, o.major);
        if (c == 0) {
            c = Long.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        String[] a = preRelease.split("\\.");
        String[] b = o.preRelease.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean an = a[i].chars().allMatch(Character::isDigit);
            boolean bn = b[i].chars().allMatch(Character::isDigit);
            int r;
            if (an && bn) {
                r = new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]));
            } else if (an != bn) {
                r = an ? -1 : 1;
            } else {
                r = a[i].compareTo(b[i]);
            }
            if (r != 0) {
                return r;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
                + (build.isEmpty() ? "" : "+" + build);
    }
}
