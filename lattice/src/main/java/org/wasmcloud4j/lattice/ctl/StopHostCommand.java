package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code host.stop.{host_id}} (an empty body is accepted too).
 *
 * @param hostId the host (null or empty: the one of the subject; else a NATS token)
 * @param timeout how long the host may take to stop, in <b>milliseconds</b> (what hosts do, whatever wasmCloud's
 *     field doc says), or null for the host's default; left out of the JSON when null
 */
public record StopHostCommand(String hostId, @JsonInclude(JsonInclude.Include.NON_NULL) Long timeout) {
    /** Checks the host id and that the timeout is not negative. */
    public StopHostCommand {
        hostId = Checks.optionalToken("host_id", hostId);
        if (timeout != null) {
            Checks.unsigned("timeout", timeout.longValue());
        }
    }
}
