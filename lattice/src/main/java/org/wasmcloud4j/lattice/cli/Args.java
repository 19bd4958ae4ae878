package org.wasmcloud4j.lattice.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into positional arguments and {@code --flag value} options (also {@code --flag=value}).
 * Which flags take a value and which may repeat is declared up front, so a typo is a {@link UsageException}.
 */
final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Set<String> switches;

    private Args(Set<String> switches) {
        this.switches = switches;
    }

    /**
     * Parses {@code args}. {@code valued} flags take a value, {@code switches} take none; {@code --} ends the
     * options.
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> switches) {
        Args a = new Args(switches);
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!optionsDone && arg.equals("--")) {
                optionsDone = true;
                continue;
            }
            if (optionsDone || !arg.startsWith("--")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (switches.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return a;
    }

    List<String> positional() {
        return positional;
    }

    /** The last value of {@code flag}, or {@code fallback}. */
    String value(String flag, String fallback) {
        List<String> v = options.get(flag);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    /** Every value of {@code flag}, in order. */
    List<String> values(String flag) {
        return options.getOrDefault(flag, List.of());
    }

    boolean has(String flag) {
        return options.containsKey(flag);
    }

    /** {@code k=v} arguments as a map (a repeated key is an error). */
    static Map<String, String> pairs(String what, List<String> items, boolean valueRequired) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq == 0 || eq < 0 && valueRequired) {
                throw new UsageException(what + " must be KEY=VALUE, got '" + item + "'");
            }
            String key = eq < 0 ? item : item.substring(0, eq);
            if (out.put(key, eq < 0 ? "" : item.substring(eq + 1)) != null) {
                throw new UsageException(what + " key '" + key + "' given twice");
            }
        }
        return out;
    }

    /** A duration: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or a plain number of milliseconds. */
    static Duration duration(String flag, String text) {
        try {
            long n;
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                n = Long.parseLong(text.substring(0, text.length() - 1));
                return Duration.ofSeconds(n);
            } else if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(flag + " must be a duration like 500ms, 2s, 5m or a number of milliseconds, got '"
                    + text + "'");
        }
    }

    /** A non-negative integer. */
    static long count(String what, String text, long max) {
        try {
            long n = Long.parseLong(text);
            if (n < 0 || n > max) {
                throw new UsageException(what + " must be between 0 and " + max + ", got " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a number, got '" + text + "'");
        }
    }
}
