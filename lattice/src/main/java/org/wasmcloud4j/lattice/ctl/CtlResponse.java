package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope of every control-interface reply: {@code {"success":…,"message":…,"response":…}}.
 * {@code message} is always sent ({@code ""} when there is nothing to say); {@code response} is left out when
 * there is no payload.
 *
 * @param success whether the operation was accepted
 * @param message the host's message, never null
 * @param response the payload, or null
 * @param <T> the payload type
 */
public record CtlResponse<T>(
        @JsonProperty(required = true) boolean success,
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) T response) {
    /** A null message becomes {@code ""}. */
    public CtlResponse {
        message = Checks.orEmpty(message);
    }

    /** A successful reply with a payload and an empty message. */
    public static <T> CtlResponse<T> ok(T response) {
        return new CtlResponse<>(true, "", response);
    }

    /** A successful reply without payload, with {@code message} (may be empty). */
    public static <T> CtlResponse<T> accepted(String message) {
        return new CtlResponse<>(true, message, null);
    }

    /** A failed reply carrying {@code message}. */
    public static <T> CtlResponse<T> error(String message) {
        return new CtlResponse<>(false, message, null);
    }
}
