package org.wasmcloud4j.lattice.ctl;

/**
 * The body of {@code label.put.{host_id}}: set a label on a host.
 *
 * @param key the label key (required, not empty)
 * @param value the value (required, may be empty)
 */
public record HostLabel(String key, String value) {
    /** Checks both are present. */
    public HostLabel {
        key = Checks.required("key", key);
        if (value == null) {
            throw new Checks.FieldException("value", "value is required");
        }
    }
}
