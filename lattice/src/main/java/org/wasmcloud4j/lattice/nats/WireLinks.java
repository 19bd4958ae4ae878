package org.wasmcloud4j.lattice.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.wasmcloud4j.host.lattice.Link;

/**
 * A {@link Link} as wasmCloud writes it in {@code COMPONENT_*} specs, {@code link.put}, {@code link.get} and
 * {@code linkdef_*} events: {@code source_id}, {@code target}, {@code name} (default {@code "default"}),
 * {@code wit_namespace}, {@code wit_package}, {@code interfaces}, {@code source_config}, {@code target_config}
 * (names, default empty).
 */
final class WireLinks {
    private WireLinks() {
    }

    static ObjectNode toJson(Link l) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("source_id", l.sourceId());
        o.put("target", l.target());
        o.put("name", l.name());
        o.put("wit_namespace", l.witNamespace());
        o.put("wit_package", l.witPackage());
        strings(o.putArray("interfaces"), l.interfaces());
        strings(o.putArray("source_config"), l.sourceConfig());
        strings(o.putArray("target_config"), l.targetConfig());
        return o;
    }

    /** @throws IllegalArgumentException naming the field that is missing or of the wrong type */
    static Link fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("a link must be a JSON object");
        }
        return new Link(text(o, "source_id", null), text(o, "target", null), text(o, "name", "default"),
                text(o, "wit_namespace", null), text(o, "wit_package", null), list(o, "interfaces", true),
                list(o, "source_config", false), list(o, "target_config", false));
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static String text(JsonNode o, String field, String dflt) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (dflt != null) {
                return dflt;
            }
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    private static List<String> list(JsonNode o, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("field '" + field + "' is missing");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new IllegalArgumentException("field '" + field + "[" + i + "]' must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }
}
