package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A host's answer to {@code host.ping}: who it is and how long it has run.
 *
 * @param id the host's public nkey ({@code N…})
 * @param friendlyName its human name ({@code adjective-noun-NNNN})
 * @param labels its labels (null: empty)
 * @param lattice the lattice it belongs to
 * @param uptimeSeconds seconds since it started
 * @param uptimeHuman uptime as text, or null
 * @param version the host's version, or null
 * @param jsDomain the JetStream domain it uses, or null
 * @param ctlHost the NATS server of its control connection, or null
 * @param rpcHost the NATS server of its RPC connection, or null
 */
public record Host(
        String id,
        String friendlyName,
        Map<String, String> labels,
        String lattice,
        long uptimeSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String uptimeHuman,
        @JsonInclude(JsonInclude.Include.NON_NULL) String version,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jsDomain,
        @JsonInclude(JsonInclude.Include.NON_NULL) String ctlHost,
        @JsonInclude(JsonInclude.Include.NON_NULL) String rpcHost) {
    /** Nulls become {@code ""} / empty, {@code uptime_seconds} must not be negative. */
    public Host {
        id = Checks.orEmpty(id);
        friendlyName = Checks.orEmpty(friendlyName);
        labels = Checks.stringMap("labels", labels);
        lattice = Checks.orEmpty(lattice);
        uptimeSeconds = Checks.unsigned("uptime_seconds", uptimeSeconds);
    }
}
