package org.wasmcloud4j.host.lattice;

import java.util.List;
import java.util.Objects;

/**
 * A wasmCloud link: calls from component {@code sourceId} to the {@code interfaces} of
 * {@code witNamespace:witPackage} go to {@code target} (a component or a Java provider). {@code name} tells links
 * of one source to the same package apart ({@code default} unless set); the config lists name the source's and
 * target's named configuration. A link is identified by (source, name, namespace, package): setting another with
 * the same identity replaces it. Immutable.
 *
 * @param sourceId the calling component's id
 * @param target the called component's (or provider's) id
 * @param name the link name
 * @param witNamespace e.g. {@code wasi}
 * @param witPackage e.g. {@code keyvalue}
 * @param interfaces e.g. {@code [store, atomics]}
 * @param sourceConfig named configuration for the source side
 * @param targetConfig named configuration for the target side
 */
public record Link(String sourceId, String target, String name, String witNamespace, String witPackage,
        List<String> interfaces, List<String> sourceConfig, List<String> targetConfig) {
    /** Checks nulls and copies the lists. */
    public Link {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(witNamespace, "witNamespace");
        Objects.requireNonNull(witPackage, "witPackage");
        interfaces = List.copyOf(interfaces);
        sourceConfig = List.copyOf(sourceConfig);
        targetConfig = List.copyOf(targetConfig);
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("a link names at least one interface");
        }
    }

    /**
     * The {@code default} link from {@code sourceId} to {@code target} for {@code interfaces} of
     * {@code namespaceAndPackage} ({@code ns:pkg}), without configuration.
     */
    public static Link of(String sourceId, String target, String namespaceAndPackage, String... interfaces) {
        int colon = namespaceAndPackage.indexOf(':');
        if (colon <= 0 || colon == namespaceAndPackage.length() - 1) {
            throw new IllegalArgumentException("'" + namespaceAndPackage + "' is not ns:pkg");
        }
        return new Link(sourceId, target, "default", namespaceAndPackage.substring(0, colon),
                namespaceAndPackage.substring(colon + 1), List.of(interfaces), List.of(), List.of());
    }

    /** Whether this is a link of {@code source} with that name, namespace and package: its identity. */
    public boolean hasIdentity(String source, String linkName, String namespace, String pkg) {
        return sourceId.equals(source) && name.equals(linkName) && witNamespace.equals(namespace)
                && witPackage.equals(pkg);
    }

    /** This link with another name. */
    public Link withName(String newName) {
        return new Link(sourceId, target, newName, witNamespace, witPackage, interfaces, sourceConfig, targetConfig);
    }
}
