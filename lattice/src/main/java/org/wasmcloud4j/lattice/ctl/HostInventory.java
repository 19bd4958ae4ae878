package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Map;

/**
 * What runs on a host: the reply to {@code host.get.{host_id}} and the data of {@code host_heartbeat}.
 *
 * @param components the components running (wire name {@code components}, {@code actors} accepted); required
 * @param providers the providers running; required
 * @param hostId the host's public nkey
 * @param friendlyName the host's human name
 * @param labels its labels (null: empty)
 * @param version the host's version (wadm reads it as semver)
 * @param uptimeHuman uptime as text
 * @param uptimeSeconds seconds since the host started
 */
public record HostInventory(
        @JsonAlias("actors") List<ComponentDescription> components,
        List<ProviderDescription> providers,
        String hostId,
        String friendlyName,
        Map<String, String> labels,
        String version,
        String uptimeHuman,
        long uptimeSeconds) {
    /** {@code components} and {@code providers} are required (as in wasmCloud); other nulls become empty. */
    public HostInventory {
        if (components == null) {
            throw new Checks.FieldException("components", "components is required");
        }
        if (providers == null) {
            throw new Checks.FieldException("providers", "providers is required");
        }
        components = Checks.list("components", components);
        providers = Checks.list("providers", providers);
        hostId = Checks.orEmpty(hostId);
        friendlyName = Checks.orEmpty(friendlyName);
        labels = Checks.stringMap("labels", labels);
        version = Checks.orEmpty(version);
        uptimeHuman = Checks.orEmpty(uptimeHuman);
        uptimeSeconds = Checks.unsigned("uptime_seconds", uptimeSeconds);
    }
}
