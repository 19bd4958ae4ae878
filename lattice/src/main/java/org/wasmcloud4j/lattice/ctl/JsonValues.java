package org.wasmcloud4j.lattice.ctl;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep immutable copies of JSON-like Java values (what Jackson gives for untyped JSON). */
final class JsonValues {
    private JsonValues() {}

    /** An immutable deep copy of a JSON object (null: empty). */
    static Map<String, Object> immutableObject(String field, Map<String, ?> map) {
        if (map == null) {
            return Map.of();
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new Checks.FieldException(field, field + " has a null key");
            }
            copy.put(e.getKey(), immutable(field + "." + e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object immutable(String field, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> sm = (Map<String, ?>) m;
            return immutableObject(field, sm);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                copy.add(immutable(field + "[" + i + "]", l.get(i)));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new Checks.FieldException(field, field + " is not a JSON value: " + value.getClass().getName());
    }
}
