package org.wasmcloud4j.lattice.ctl;

/**
 * The body of {@code label.del.{host_id}}: remove a label. A {@code value} sent along (as wasmCloud 1.0 clients do)
 * is ignored.
 *
 * @param key the label key (required, not empty)
 */
public record HostLabelIdentifier(String key) {
    /** Checks the key is present. */
    public HostLabelIdentifier {
        key = Checks.required("key", key);
    }
}
