package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A lattice event as received on {@code wasmbus.evt.{lattice}.{name}}: a CloudEvents 1.0 JSON envelope in
 * structured mode.
 *
 * @param specversion {@code "1.0"} (required)
 * @param id the event id, a ULID written as a UUID (required)
 * @param type {@code com.wasmcloud.lattice.{name}} (required)
 * @param source the publishing host's public key (required)
 * @param time RFC 3339 time, or {@code ""}
 * @param datacontenttype {@code application/json}, or {@code ""}
 * @param data the event data as an immutable JSON-like map: values are {@code String}, {@code Long},
 *     {@code Double} ({@code java.math.BigInteger} / {@code BigDecimal} when too large), {@code Boolean},
 *     {@code null}, immutable {@code List}s and {@code Map}s of the same; empty when the event has none
 */
public record CloudEvent(
        String specversion,
        String id,
        String type,
        String source,
        String time,
        String datacontenttype,
        Map<String, Object> data) {
    /** The prefix of the {@code type} of every wasmCloud lattice event. */
    public static final String TYPE_PREFIX = "com.wasmcloud.lattice.";

    /** Checks the required attributes, makes {@code data} immutable. */
    public CloudEvent {
        specversion = Checks.required("specversion", specversion);
        id = Checks.required("id", id);
        type = Checks.required("type", type);
        source = Checks.required("source", source);
        time = Checks.orEmpty(time);
        datacontenttype = Checks.orEmpty(datacontenttype);
        data = JsonValues.immutableObject("data", data);
    }

    /** The event name: {@code type} without {@link #TYPE_PREFIX} ({@code component_scaled}), else the type. */
    @JsonIgnore
    public String name() {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }

    /** {@code time} as an instant, empty when absent or not RFC 3339. */
    @JsonIgnore
    public Optional<Instant> instant() {
        try {
            return time.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A string field of {@code data}, empty when absent or not a string. */
    public Optional<String> dataString(String field) {
        return data.get(field) instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
