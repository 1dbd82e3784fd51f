package io.veriflow.adapters.persona;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JSON the way this adapter needs it: Persona speaks JSON:API, whose nesting is simpler to walk as a tree than to bind
 * to DTOs, so everything is read into Micronaut's {@link JsonNode} and written by the small writer here (insertion
 * order, or sorted keys for the canonical form that client callbacks are de-duplicated by).
 */
final class PersonaJson {

    private final JsonMapper mapper;

    PersonaJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The tree of a JSON document; an exception when the bytes are not JSON. */
    JsonNode parse(byte[] bytes) throws IOException {
        if (bytes == null || bytes.length == 0) {
            throw new IOException("empty body");
        }
        JsonNode node = mapper.readValue(bytes, JsonNode.class);
        if (node == null) {
            throw new IOException("empty body");
        }
        return node;
    }

    JsonNode parse(String text) throws IOException {
        return parse(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /** The member {@code field} of an object node, absent when the node is not an object, or it is missing or null. */
    static Optional<JsonNode> member(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<JsonNode> objectAt(JsonNode node, String field) {
        return member(node, field).filter(JsonNode::isObject);
    }

    /** A string member; absent when missing, null, not a string, or blank. */
    static Optional<String> text(JsonNode node, String field) {
        return member(node, field).filter(JsonNode::isString).map(JsonNode::getStringValue)
                .filter(value -> !value.isBlank());
    }

    /** Follows a path of object members. */
    static Optional<JsonNode> path(JsonNode node, String... fields) {
        Optional<JsonNode> current = Optional.ofNullable(node);
        for (String field : fields) {
            current = current.flatMap(value -> member(value, field));
        }
        return current;
    }

    static List<JsonNode> elements(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<JsonNode> values = new ArrayList<>(node.size());
        node.values().forEach(values::add);
        return values;
    }

    // ---- building ------------------------------------------------------------------------------------------------

    /** An object node from alternating names and values; values may be JsonNodes, strings, numbers, booleans or null. */
    static JsonNode object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], node(namesAndValues[i + 1]));
        }
        return JsonNode.createObjectNode(members);
    }

    static JsonNode object(Map<String, JsonNode> members) {
        return JsonNode.createObjectNode(new LinkedHashMap<>(members));
    }

    static JsonNode array(List<JsonNode> values) {
        return JsonNode.createArrayNode(new ArrayList<>(values));
    }

    static JsonNode node(Object value) {
        return switch (value) {
            case null -> JsonNode.nullNode();
            case JsonNode node -> node;
            case String string -> JsonNode.createStringNode(string);
            case Boolean bool -> JsonNode.createBooleanNode(bool);
            case Integer number -> JsonNode.createNumberNode(number);
            case Long number -> JsonNode.createNumberNode(number);
            case Number number -> JsonNode.createNumberNodeImpl(number);
            case Optional<?> optional -> node(optional.orElse(null));
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
        };
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /** Compact JSON, members in the node's order. */
    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, false);
        return out.toString();
    }

    /** Compact JSON with object members sorted by name: equal documents give equal text, whatever their layout. */
    static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, true);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, boolean sorted) {
        if (node == null || node.isNull()) {
            out.append("null");
        } else if (node.isString()) {
            quote(node.getStringValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.getBooleanValue());
        } else if (node.isNumber()) {
            out.append(node.getNumberValue());
        } else if (node.isArray()) {
            out.append('[');
            boolean first = true;
            for (JsonNode value : node.values()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(value, out, sorted);
            }
            out.append(']');
        } else if (node.isObject()) {
            Map<String, JsonNode> members = sorted ? new TreeMap<>() : new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                members.put(entry.getKey(), entry.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : members.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out, sorted);
            }
            out.append('}');
        } else {
            out.append("null");
        }
    }

    private static void quote(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
