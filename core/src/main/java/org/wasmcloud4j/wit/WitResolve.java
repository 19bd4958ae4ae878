package org.wasmcloud4j.wit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.WorldType;

/**
 * The result of loading WIT: every package, dependencies before the packages that use them, and the root package
 * (the one the loaded file or directory declares).
 */
public final class WitResolve {
    private final List<WitPackage> packages;
    private final Optional<WitPackage> root;

    WitResolve(List<WitPackage> packages, Optional<WitPackage> root) {
        this.packages = List.copyOf(packages);
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Every package, each after the packages it depends on. */
    public List<WitPackage> packages() {
        return packages;
    }

    /**
     * The root package: the package the loaded file or directory declares, else the first of its nested packages
     * (absent when it holds no package at all).
     */
    public Optional<WitPackage> root() {
        return root;
    }

    /** The package named {@code name} (with its version, if it has one). */
    public Optional<WitPackage> findPackage(PackageName name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The interface named {@code name}. */
    public Optional<InterfaceType> findInterface(InterfaceName name) {
        return findPackage(name.packageName()).flatMap(p -> p.interfaceType(name.interfaceLabel()));
    }

    /**
     * Selects a world as WIT tooling does: {@code null} or empty for the root package's only world, a plain name for
     * a world of the root package, or {@code ns:pkg/world[@version]} for any loaded world.
     *
     * @throws WitException when there is no such world, or no single world to choose
     */
    public WorldType world(String spec) {
        if (spec == null || spec.isEmpty()) {
            WitPackage p = root.orElseThrow(() -> new WitException("no root package to select a world from"));
            if (p.worlds().size() != 1) {
                throw new WitException("package " + p.name() + " has " + p.worlds().size() + " worlds "
                        + p.worlds().keySet() + "; name the one to use");
            }
            return p.worlds().values().iterator().next();
        }
        Optional<InterfaceName> qualified = InterfaceName.tryParse(spec);
        if (qualified.isPresent()) {
            InterfaceName q = qualified.get();
            List<WitPackage> candidates = new ArrayList<>();
            for (WitPackage p : packages) {
                if (p.name().equals(q.packageName()) || (q.version().isEmpty()
                        && p.name().withoutVersion().equals(q.packageName()))) {
                    candidates.add(p);
                }
            }
            if (candidates.size() > 1) {
                throw new WitException("world " + spec + " is ambiguous: several versions of its package are loaded");
            }
            return candidates.stream().findFirst().flatMap(p -> p.world(q.interfaceLabel()))
                    .orElseThrow(() -> new WitException("world " + spec + " not found"));
        }
        WitPackage p = root.orElseThrow(() -> new WitException("no root package to find world '" + spec + "' in"));
        return p.world(spec).orElseThrow(() -> new WitException("world '" + spec + "' not found in package "
                + p.name() + " (there are: " + String.join(", ", p.worlds().keySet()) + ")"));
    }
}
