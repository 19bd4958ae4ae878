package org.wasmcloud4j.host.lattice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A wasmCloud lattice event as a CloudEvents 1.0 object (structured JSON mode): {@code specversion} 1.0, an id that
 * is a ULID written as a UUID, {@code type} {@code com.wasmcloud.lattice.<name>}, {@code source} the host id,
 * {@code time} in RFC 3339 UTC, {@code datacontenttype} {@code application/json}, and the event's {@code data}
 * with wasmCloud's field names. Immutable.
 *
 * @param id the event id (time-ordered)
 * @param name the event name, e.g. {@code component_scaled}
 * @param source the emitting host's id
 * @param time when it happened
 * @param data the event data (a JSON object)
 */
public record LatticeEvent(String id, String name, String source, Instant time, ObjectNode data) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks nulls. */
    public LatticeEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** An event {@code name} from host {@code source}, now, with a fresh id. */
    public static LatticeEvent of(String name, String source, ObjectNode data) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new LatticeEvent(ulid(now), name, source, now, data);
    }

    /**
     * An empty JSON object for event data. Made by Jackson's node factory, not an {@code ObjectMapper}: a host builds
     * events from its first moment, and a mapper's start-up (≈ 40 ms in a cold JVM) is only needed to write them.
     */
    public static ObjectNode newData() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A copy of the event data (listeners share the event). */
    @Override
    public ObjectNode data() {
        return data.deepCopy();
    }

    /** The CloudEvents {@code type}: {@code com.wasmcloud.lattice.<name>}. */
    public String type() {
        return "com.wasmcloud.lattice." + name;
    }

    /** The whole CloudEvents JSON object. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("specversion", "1.0");
        o.put("id", id);
        o.put("type", type());
        o.put("source", source);
        o.put("time", time.toString());
        o.put("datacontenttype", "application/json");
        o.set("data", data.deepCopy());
        return o;
    }

    /** A data field, or a missing node. */
    public JsonNode field(String name) {
        return data.path(name);
    }

    /** A ULID (48-bit milliseconds, 80 random bits) written as a UUID string, as wasmCloud does. */
    private static String ulid(Instant t) {
        long ms = t.toEpochMilli();
        long msb = (ms << 16) | (RANDOM.nextInt() & 0xffffL);
        return new UUID(msb, RANDOM.nextLong()).toString();
    }
}
