package org.wasmcloud4j.lattice.ctl;

import java.util.List;

/**
 * A link on the wire ({@code link.put} body, {@code link.get} reply, {@code linkdef_set} data): calls from
 * {@code sourceId} to interfaces of {@code witNamespace:witPackage} go to {@code target}.
 *
 * @param sourceId the calling component (required, a NATS token)
 * @param target the component or provider called (required, a NATS token)
 * @param name the link name (null: {@code "default"}; not empty)
 * @param witNamespace the WIT namespace, e.g. {@code wasi} (required, not empty)
 * @param witPackage the WIT package, e.g. {@code keyvalue} (required, not empty)
 * @param interfaces the interface names, e.g. {@code store} (required, may be empty)
 * @param sourceConfig named-config names for the source side (each a NATS token; null: empty)
 * @param targetConfig named-config names for the target side (each a NATS token; null: empty)
 */
public record Link(
        String sourceId,
        String target,
        String name,
        String witNamespace,
        String witPackage,
        List<String> interfaces,
        List<String> sourceConfig,
        List<String> targetConfig) {
    /** The link name used when none is given. */
    public static final String DEFAULT_NAME = "default";

    /** Checks ids, names and config names, fills defaults. */
    public Link {
        sourceId = Checks.token("source_id", sourceId);
        target = Checks.token("target", target);
        name = Checks.required("name", Checks.orDefault(name, DEFAULT_NAME));
        witNamespace = Checks.required("wit_namespace", witNamespace);
        witPackage = Checks.required("wit_package", witPackage);
        if (interfaces == null) {
            throw new Checks.FieldException("interfaces", "interfaces is required");
        }
        interfaces = Checks.strings("interfaces", interfaces);
        sourceConfig = Checks.tokens("source_config", sourceConfig);
        targetConfig = Checks.tokens("target_config", targetConfig);
    }

    /** A link named {@code default} without config. */
    public static Link of(String sourceId, String target, String witNamespace, String witPackage,
            List<String> interfaces) {
        return new Link(sourceId, target, DEFAULT_NAME, witNamespace, witPackage, interfaces, List.of(), List.of());
    }

    /** This link with another name. */
    public Link withName(String name) {
        return new Link(sourceId, target, name, witNamespace, witPackage, interfaces, sourceConfig, targetConfig);
    }

    /** This link with these source and target config names. */
    public Link withConfig(List<String> sourceConfig, List<String> targetConfig) {
        return new Link(sourceId, target, name, witNamespace, witPackage, interfaces, sourceConfig, targetConfig);
    }
}
