package org.wasmcloud4j.component.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A package name: {@code namespace:name@version}, with optional nested namespaces ({@code a:b:c}) and version.
 */
public record PackageName(List<String> namespaces, String name, Optional<SemVer> version) {
    /**
     * @param namespaces one or more namespace labels (more than one is the nested-namespace form)
     * @param name the package label
     * @param version the version, if any
     */
    public PackageName {
        namespaces = List.copyOf(namespaces);
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("a package name needs a namespace");
        }
        namespaces.forEach(n -> Labels.requireLabel("namespace", n));
        Labels.requireLabel("package", name);
        Objects.requireNonNull(version, "version");
    }

    /** {@code ns:name} without version. */
    public static PackageName of(String namespace, String name) {
        return new PackageName(List.of(namespace), name, Optional.empty());
    }

    /** {@code ns:name@version}. */
    public static PackageName of(String namespace, String name, String version) {
        return new PackageName(List.of(namespace), name, Optional.of(SemVer.parse(version)));
    }

    /**
     * Parses {@code ns:name[@version]} (also nested {@code ns:sub:name}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PackageName parse(String text) {
        String body = text;
        Optional<SemVer> version = Optional.empty();
        int at = text.indexOf('@');
        if (at >= 0) {
            version = Optional.of(SemVer.parse(text.substring(at + 1)));
            body = text.substring(0, at);
        }
        String[] parts = body.split(":", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("package name '" + text + "' must be namespace:name[@version]");
        }
        try {
            return new PackageName(List.of(parts).subList(0, parts.length - 1), parts[parts.length - 1], version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("package name '" + text + "': " + e.getMessage(), e);
        }
    }

    /** This name without its version. */
    public PackageName withoutVersion() {
        return version.isEmpty() ? this : new PackageName(namespaces, name, Optional.empty());
    }

    /** This name with {@code newVersion}. */
    public PackageName withVersion(Optional<SemVer> newVersion) {
        return new PackageName(namespaces, name, newVersion);
    }

    /** {@code ns:name} (no version). */
    public String unversioned() {
        return String.join(":", namespaces) + ":" + name;
    }

    @Override
    public String toString() {
        return unversioned() + version.map(v -> "@" + v).orElse("");
    }
}
