package org.wasmcloud4j.lattice.ctl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON of the control interface: every payload record of this package to and from bytes, exactly as
 * wasmCloud 1.x writes and reads it (snake_case names, the aliases and defaults documented on each record,
 * unknown fields ignored, nulls for collections read as empty).
 *
 * <p>Decoding is strict where wasmCloud's serde is: a field of the wrong JSON type (a string for a number, a
 * number for a string, a fraction for an integer), a required field missing, a duplicate key, trailing data, or
 * an id that is not a single NATS subject token is a {@link CtlDecodeException} naming the field, e.g.
 * {@code invalid ScaleComponentCommand: count: expected an integer, got a string}. A host sends that message back
 * as {@code success:false}.
 *
 * <pre>{@code
 * ScaleComponentCommand cmd = CtlJson.decode(body, ScaleComponentCommand.class);
 * byte[] reply = CtlJson.encode(CtlResponse.accepted(""));
 * CtlResponse<List<Link>> links = CtlJson.decodeResponse(bytes, CtlJson.Shape.listOf(Link.class));
 * }</pre>
 */
public final class CtlJson {
    /** serde_json's recursion limit: no wasmCloud peer sends or accepts anything nested deeper. */
    static final int MAX_NESTING = 128;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // absent primitives take their default (serde's #[serde(default)]); null or another type fails
            .addModule(StrictPrimitives.module())
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfigDefaults(c -> c
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    private CtlJson() {}

    /**
     * The Java shape of a payload that is not a single record: a list or map of records or strings.
     *
     * @param <T> the decoded type
     */
    public static final class Shape<T> {
        /** A JSON object of strings ({@code config.put} body, {@code config.get} reply). */
        public static final Shape<Map<String, String>> STRING_MAP = mapOf(String.class);
        /** A JSON array of string maps ({@code claims.get} reply). */
        public static final Shape<List<Map<String, String>>> CLAIMS =
                new Shape<>("list of string maps", TypeFactory.defaultInstance().constructCollectionType(List.class,
                        TypeFactory.defaultInstance().constructMapType(Map.class, String.class, String.class)));
        /** No payload: whatever {@code response} holds is ignored. */
        public static final Shape<Void> NONE = new Shape<>("nothing", TypeFactory.defaultInstance()
                .constructType(JsonNode.class));

        private static final Map<Class<?>, Shape<?>> SINGLE = new ConcurrentHashMap<>();

        private final String name;
        private final ObjectReader reader;
        private final ObjectReader envelopeReader;

        private Shape(String name, JavaType type) {
            this.name = name;
            this.reader = MAPPER.readerFor(type);
            this.envelopeReader = MAPPER.readerFor(TypeFactory.defaultInstance()
                    .constructParametricType(CtlResponse.class, type));
        }

        /** A single record (or {@code String}). */
        @SuppressWarnings("unchecked")
        public static <T> Shape<T> of(Class<T> type) {
            return (Shape<T>) SINGLE.computeIfAbsent(type,
                    t -> new Shape<>(t.getSimpleName(), TypeFactory.defaultInstance().constructType(t)));
        }

        /** A JSON array of {@code element}. */
        public static <E> Shape<List<E>> listOf(Class<E> element) {
            return new Shape<>("list of " + element.getSimpleName(),
                    TypeFactory.defaultInstance().constructCollectionType(List.class, element));
        }

        /** A JSON object of {@code value}s keyed by strings. */
        public static <V> Shape<Map<String, V>> mapOf(Class<V> value) {
            return new Shape<>("map of " + value.getSimpleName(),
                    TypeFactory.defaultInstance().constructMapType(Map.class, String.class, value));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Decodes one payload record (or {@code String}) from JSON. */
    public static <T> T decode(byte[] json, Class<T> type) {
        return decode(json, Shape.of(type));
    }

    /** Decodes a payload of {@code shape}; lists and maps come back immutable, with no null element or value. */
    @SuppressWarnings("unchecked")
    public static <T> T decode(byte[] json, Shape<T> shape) {
        Objects.requireNonNull(json, "json");
        if (shape == Shape.NONE) {
            read(json, shape.reader, shape.name);
            return null;
        }
        return (T) immutable(shape.name, "", read(json, shape.reader, shape.name));
    }

    /**
     * Decodes a reply envelope whose {@code response} has {@code shape}. {@code success} is required, a missing
     * {@code message} reads as {@code ""}, a missing {@code response} as null.
     */
    @SuppressWarnings("unchecked")
    public static <T> CtlResponse<T> decodeResponse(byte[] json, Shape<T> shape) {
        Objects.requireNonNull(json, "json");
        String what = "reply (" + shape.name + ")";
        CtlResponse<Object> r = (CtlResponse<Object>) read(json, shape.envelopeReader, what);
        Object payload = shape == Shape.NONE || r.response() == null ? null : immutable(what, "response", r.response());
        return new CtlResponse<>(r.success(), r.message(), (T) payload);
    }

    /** Decodes a reply envelope whose {@code response} is one record. */
    public static <T> CtlResponse<T> decodeResponse(byte[] json, Class<T> type) {
        return decodeResponse(json, Shape.of(type));
    }

    /** Encodes a record, a {@link CtlResponse}, or a list or map of them as compact JSON. */
    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(checkedTree(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Encodes like {@link #encode} as indented JSON text (for people). */
    public static String encodePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(checkedTree(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a tree, refusing strings that are not Unicode text (JSON cannot carry them). */
    private static JsonNode checkedTree(Object value) {
        JsonNode tree = MAPPER.valueToTree(value);
        String lone = loneSurrogate(tree, "");
        if (lone != null) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName() + ": the string at '"
                    + lone + "' holds an unpaired UTF-16 surrogate (not Unicode text)");
        }
        return tree;
    }

    /** The path of the first field name or string value with an unpaired surrogate, or null. */
    private static String loneSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return isUnicode(node.textValue()) ? null : path;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String bad = loneSurrogate(node.get(i), path + "[" + i + "]");
                if (bad != null) {
                    return bad;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!isUnicode(e.getKey())) {
                    return p;
                }
                String bad = loneSurrogate(e.getValue(), p);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static boolean isUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The tree of {@code value}'s JSON, for tests in this package. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The tree of a JSON text, for tests in this package. */
    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(byte[] json, ObjectReader reader, String what) {
        if (isBlank(json)) {
            throw new CtlDecodeException("", "invalid " + what + ": empty payload", null);
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                throw new CtlDecodeException("", "invalid " + what + ": expected a JSON value, got null", null);
            }
            String lone = loneSurrogate(tree, "");
            if (lone != null) {
                throw new CtlDecodeException(lone, "invalid " + what + at(lone)
                        + ": a string holds an unpaired UTF-16 surrogate (not Unicode text)", null);
            }
            return reader.readValue(tree);
        } catch (ValueInstantiationException e) {
            String at = path(e);
            if (e.getCause() instanceof Checks.FieldException f) {
                String field = at.isEmpty() ? f.field() : at + "." + f.field();
                String msg = f.getMessage();
                if (msg.startsWith(f.field())) {
                    msg = field + msg.substring(f.field().length());
                } else {
                    msg = field + ": " + msg;
                }
                throw new CtlDecodeException(field, "invalid " + what + ": " + msg, e);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CtlDecodeException(at, "invalid " + what + at(at) + ": " + cause.getMessage(), e);
        } catch (InvalidNullException e) {
            String at = path(e);
            throw new CtlDecodeException(at, "invalid " + what + at(at) + ": must not be null", e);
        } catch (InvalidFormatException e) {
            String at = path(e);
            Matcher m = COERCE.matcher(String.valueOf(e.getOriginalMessage()));
            String msg = !m.lookingAt() ? e.getOriginalMessage() : "expected " + expected(e.getTargetType()) + ", got "
                    + switch (m.group(1)) {
                        case "Integer" -> "an integer";
                        case "Float" -> "a number with a fraction";
                        case "Boolean" -> "a boolean";
                        case "EmptyString" -> "an empty string";
                        case "String" -> "a string";
                        default -> "another JSON type";
                    };
            throw new CtlDecodeException(at, "invalid " + what + at(at) + ": " + msg, e);
        } catch (MismatchedInputException e) {
            String at = path(e);
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Missing required creator property")) {
                throw new CtlDecodeException(at, "invalid " + what + at(at) + ": is required", e);
            }
            if (msg != null && msg.startsWith("Trailing token")) {
                throw new CtlDecodeException("", "invalid " + what + ": trailing data after the JSON value", e);
            }
            throw new CtlDecodeException(at, "invalid " + what + at(at) + ": expected " + expected(e.getTargetType())
                    + ", got " + actual(e), e);
        } catch (StreamReadException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new CtlDecodeException("", "invalid " + what + ": not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            String at = path(e);
            throw new CtlDecodeException(at, "invalid " + what + at(at) + ": " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new CtlDecodeException("", "invalid " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBlank(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : ": " + path;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "another JSON type";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "an integer";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "an object";
    }

    private static final Pattern COERCE = Pattern.compile("Cannot coerce (\\w+)");
    private static final Pattern FROM = Pattern.compile("from (\\w+)[- ]");
    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.(\\w+)");

    /** The JSON type found, from the token Jackson names in its message (its parser is closed by now). */
    private static String actual(MismatchedInputException e) {
        String msg = e.getOriginalMessage();
        Matcher m = TOKEN.matcher(msg == null ? "" : msg);
        if (!m.find()) {
            Matcher from = FROM.matcher(msg == null ? "" : msg);
            if (!from.find()) {
                return "another JSON type";
            }
            return switch (from.group(1)) {
                case "String" -> "a string";
                case "Integer" -> "an integer";
                case "Floating" -> "a number with a fraction";
                case "Boolean" -> "a boolean";
                case "Object" -> "an object";
                case "Array" -> "an array";
                default -> "another JSON type";
            };
        }
        return switch (m.group(1)) {
            case "START_OBJECT", "END_OBJECT", "FIELD_NAME" -> "an object";
            case "START_ARRAY", "END_ARRAY" -> "an array";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT" -> "an integer";
            case "VALUE_NUMBER_FLOAT" -> "a number with a fraction";
            case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
            case "VALUE_NULL" -> "null";
            default -> "another JSON type";
        };
    }

    /** Lists and maps made immutable, refusing null elements and values (records check themselves). */
    private static Object immutable(String what, String path, Object value) {
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                copy.add(immutable(what, path + "[" + i + "]", l.get(i)));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
                copy.put(e.getKey(), immutable(what, p, e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value == null) {
            throw new CtlDecodeException(path, "invalid " + what + at(path) + ": must not be null", null);
        }
        return value;
    }
}
