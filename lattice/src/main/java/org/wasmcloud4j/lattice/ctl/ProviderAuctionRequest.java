package org.wasmcloud4j.lattice.ctl;

import java.util.Map;

/**
 * The body of {@code provider.auction}: which hosts could run this provider?
 *
 * @param providerRef the provider image (null: {@code ""})
 * @param providerId the provider id (required, a NATS token)
 * @param constraints labels a host must have (required, may be empty)
 */
public record ProviderAuctionRequest(String providerRef, String providerId, Map<String, String> constraints) {
    /** Checks the id and the presence of the constraints. */
    public ProviderAuctionRequest {
        providerRef = Checks.orEmpty(providerRef);
        providerId = Checks.token("provider_id", providerId);
        constraints = Checks.requiredStringMap("constraints", constraints);
    }
}
