package org.wasmcloud4j.lattice.ctl;

import java.util.Map;

/**
 * A host's answer to a {@link ProviderAuctionRequest}: it could run the provider.
 *
 * @param hostId the answering host
 * @param providerRef the image asked for
 * @param providerId the provider id asked for
 * @param constraints the constraints it satisfies (null: empty)
 */
public record ProviderAuctionAck(String hostId, String providerRef, String providerId,
        Map<String, String> constraints) {
    /** Nulls become {@code ""} / empty. */
    public ProviderAuctionAck {
        hostId = Checks.orEmpty(hostId);
        providerRef = Checks.orEmpty(providerRef);
        providerId = Checks.orEmpty(providerId);
        constraints = Checks.stringMap("constraints", constraints);
    }
}
