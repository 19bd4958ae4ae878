package org.wasmcloud4j.lattice.ctl;

import java.util.Map;

/**
 * The body of {@code component.auction}: which hosts could run this component? A host answers only if every
 * constraint equals one of its labels and {@code component_id} does not run on it.
 *
 * @param componentRef the image to run (null: {@code ""})
 * @param componentId the component id (required, a NATS token)
 * @param constraints labels a host must have (required, may be empty)
 */
public record ComponentAuctionRequest(String componentRef, String componentId, Map<String, String> constraints) {
    /** Checks the id and the presence of the constraints. */
    public ComponentAuctionRequest {
        componentRef = Checks.orEmpty(componentRef);
        componentId = Checks.token("component_id", componentId);
        constraints = Checks.requiredStringMap("constraints", constraints);
    }
}
