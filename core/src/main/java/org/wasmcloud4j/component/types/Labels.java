package org.wasmcloud4j.component.types;

/** Component-model labels: kebab-case words, each all lower-case or all upper-case letters and digits. */
public final class Labels {
    private Labels() {}

    /** Whether {@code s} is a label such as {@code get-greeting} or {@code HTTP-status}. */
    public static boolean isLabel(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int start = 0;
        boolean first = true;
        while (true) {
            int end = s.indexOf('-', start);
            String fragment = end < 0 ? s.substring(start) : s.substring(start, end);
            if (!isFragment(fragment, first)) {
                return false;
            }
            if (end < 0) {
                return true;
            }
            start = end + 1;
            first = false;
        }
    }

    private static boolean isFragment(String f, boolean first) {
        if (f.isEmpty()) {
            return false;
        }
        char c0 = f.charAt(0);
        if (first && !Character.isLetter(c0)) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return !(lower && upper);
    }

    /**
     * Returns {@code name} if it is a label.
     *
     * @param what what the name names, for the message
     * @throws IllegalArgumentException otherwise
     */
    public static String requireLabel(String what, String name) {
        if (!isLabel(name)) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not a kebab-case label "
                    + "(fragments of lower-case or upper-case letters and digits joined by '-')");
        }
        return name;
    }
}
