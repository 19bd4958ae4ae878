package org.wasmcloud4j.lattice.ctl;

/**
 * The body of {@code link.del}: remove the link of {@code sourceId} with this name and WIT package.
 *
 * @param sourceId the calling component (required, a NATS token)
 * @param name the link name (null: {@code "default"}; not empty)
 * @param witNamespace the WIT namespace (required, not empty)
 * @param witPackage the WIT package (required, not empty)
 */
public record DeleteInterfaceLinkDefinitionRequest(String sourceId, String name, String witNamespace,
        String witPackage) {
    /** Checks the id and names, fills the default name. */
    public DeleteInterfaceLinkDefinitionRequest {
        sourceId = Checks.token("source_id", sourceId);
        name = Checks.required("name", Checks.orDefault(name, Link.DEFAULT_NAME));
        witNamespace = Checks.required("wit_namespace", witNamespace);
        witPackage = Checks.required("wit_package", witPackage);
    }
}
