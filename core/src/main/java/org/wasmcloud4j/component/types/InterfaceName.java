package org.wasmcloud4j.component.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The name of an interface in a package, as used for component imports and exports:
 * {@code ns:pkg/iface@1.2.3}; nested forms {@code ns:sub:pkg/iface/inner} are accepted.
 */
public record InterfaceName(PackageName packageName, List<String> path) {
    /**
     * @param packageName the package (its version is the interface's version)
     * @param path the interface label, followed by nested projections if any
     */
    public InterfaceName {
        Objects.requireNonNull(packageName, "packageName");
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("an interface name needs an interface label");
        }
        path.forEach(p -> Labels.requireLabel("interface", p));
    }

    /** {@code pkg/iface}. */
    public static InterfaceName of(PackageName pkg, String iface) {
        return new InterfaceName(pkg, List.of(iface));
    }

    /**
     * Parses {@code ns:pkg/iface[@version]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static InterfaceName parse(String text) {
        Optional<InterfaceName> n = tryParse(text);
        if (n.isPresent()) {
            return n.get();
        }
        // re-run to produce the precise message
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("interface name '" + text + "' must be ns:pkg/iface[@version]");
        }
        String version = "";
        String body = text;
        int at = text.indexOf('@');
        if (at >= 0 && at < slash) {
            throw new IllegalArgumentException("interface name '" + text + "' must be ns:pkg/iface[@version]: the "
                    + "version comes after the interface");
        }
        if (at >= 0) {
            version = text.substring(at);
            body = text.substring(0, at);
        }
        PackageName pkg = PackageName.parse(body.substring(0, slash) + version);
        return new InterfaceName(pkg, List.of(body.substring(slash + 1).split("/", -1)));
    }

    /** Parses like {@link #parse(String)}, or returns empty when {@code text} is not an interface name. */
    public static Optional<InterfaceName> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0 || text.indexOf(':') < 0 || text.indexOf(':') > slash) {
            return Optional.empty();
        }
        String body = text;
        String version = "";
        int at = text.indexOf('@');
        if (at >= 0) {
            if (at < slash) {
                return Optional.empty();
            }
            version = text.substring(at);
            body = text.substring(0, at);
        }
        try {
            PackageName pkg = PackageName.parse(body.substring(0, slash) + version);
            return Optional.of(new InterfaceName(pkg, List.of(body.substring(slash + 1).split("/", -1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The interface label (the first path element). */
    public String interfaceLabel() {
        return path.get(0);
    }

    /** The version, if any. */
    public Optional<SemVer> version() {
        return packageName.version();
    }

    /** This name without its version, e.g. {@code wasi:io/streams}. */
    public String unversioned() {
        return packageName.unversioned() + "/" + String.join("/", path);
    }

    /**
     * Whether an import named {@code this} is satisfied by a provider named {@code provided}: same unversioned name
     * and {@linkplain SemVer#isCompatibleWith compatible} versions (both absent also matches).
     */
    public boolean isSatisfiedBy(InterfaceName provided) {
        if (!unversioned().equals(provided.unversioned())) {
            return false;
        }
        Optional<SemVer> mine = version();
        Optional<SemVer> theirs = provided.version();
        if (mine.isEmpty() || theirs.isEmpty()) {
            return mine.isEmpty() && theirs.isEmpty();
        }
        return mine.get().isCompatibleWith(theirs.get());
    }

    @Override
    public String toString() {
        return unversioned() + version().map(v -> "@" + v).orElse("");
    }
}
