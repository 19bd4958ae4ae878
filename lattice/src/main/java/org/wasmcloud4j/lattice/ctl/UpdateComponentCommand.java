package org.wasmcloud4j.lattice.ctl;

import java.util.Map;

/**
 * The body of {@code component.update.{host_id}}: swap the image of a running component.
 *
 * @param componentId the running component (required, a NATS token)
 * @param annotations annotations of the new deployment (null: empty)
 * @param hostId the host (null or empty: the one of the subject; else a NATS token)
 * @param newComponentRef the new image (required, not empty)
 */
public record UpdateComponentCommand(String componentId, Map<String, String> annotations, String hostId,
        String newComponentRef) {
    /** Checks the ids and the image. */
    public UpdateComponentCommand {
        componentId = Checks.token("component_id", componentId);
        annotations = Checks.stringMap("annotations", annotations);
        hostId = Checks.optionalToken("host_id", hostId);
        newComponentRef = Checks.required("new_component_ref", newComponentRef);
    }
}
