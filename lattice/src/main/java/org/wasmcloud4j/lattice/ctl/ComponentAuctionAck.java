package org.wasmcloud4j.lattice.ctl;

import java.util.Map;

/**
 * A host's answer to a {@link ComponentAuctionRequest}: it could run the component.
 *
 * @param componentRef the image asked for
 * @param componentId the component id asked for
 * @param hostId the answering host
 * @param constraints the constraints it satisfies (null: empty)
 */
public record ComponentAuctionAck(String componentRef, String componentId, String hostId,
        Map<String, String> constraints) {
    /** Nulls become {@code ""} / empty. */
    public ComponentAuctionAck {
        componentRef = Checks.orEmpty(componentRef);
        componentId = Checks.orEmpty(componentId);
        hostId = Checks.orEmpty(hostId);
        constraints = Checks.stringMap("constraints", constraints);
    }
}
