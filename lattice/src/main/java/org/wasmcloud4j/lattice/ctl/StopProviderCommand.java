package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The body of {@code provider.stop.{host_id}}.
 *
 * @param hostId the host (null or empty: the one of the subject; else a NATS token)
 * @param providerId the provider to stop (required, a NATS token; {@code provider_ref} accepted on the wire)
 */
public record StopProviderCommand(String hostId, @JsonAlias("provider_ref") String providerId) {
    /** Checks the ids. */
    public StopProviderCommand {
        hostId = Checks.optionalToken("host_id", hostId);
        providerId = Checks.token("provider_id", providerId);
    }
}
