package org.wasmcloud4j.lattice.ctl;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code provider.start.{host_id}}.
 *
 * @param providerId the provider id (required, a NATS token)
 * @param providerRef the provider image (null: {@code ""})
 * @param hostId the host (null or empty: the one of the subject; else a NATS token)
 * @param config named-config names (each a NATS token; null: empty)
 * @param annotations annotations (null: empty)
 */
public record StartProviderCommand(String providerId, String providerRef, String hostId, List<String> config,
        Map<String, String> annotations) {
    /** Checks the ids and config names, fills defaults. */
    public StartProviderCommand {
        providerId = Checks.token("provider_id", providerId);
        providerRef = Checks.orEmpty(providerRef);
        hostId = Checks.optionalToken("host_id", hostId);
        config = Checks.tokens("config", config);
        annotations = Checks.stringMap("annotations", annotations);
    }
}
