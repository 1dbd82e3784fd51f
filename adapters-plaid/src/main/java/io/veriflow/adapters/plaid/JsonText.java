package io.veriflow.adapters.plaid;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON helpers over Micronaut's {@link JsonNode} tree: parsing, a compact writer (keys in insertion order), a
 * canonical writer (keys sorted, no whitespace: the basis of dedupe keys), SHA-256, and small builders.
 */
final class JsonText {

    private static final HexFormat HEX = HexFormat.of();

    private JsonText() {
    }

    /** The parsed document, or empty when the bytes are not JSON. */
    static Optional<JsonNode> parse(JsonMapper mapper, byte[] bytes) {
        try {
            JsonNode node = mapper.readValue(bytes, JsonNode.class);
            return Optional.ofNullable(node);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<JsonNode> parse(JsonMapper mapper, String text) {
        return parse(mapper, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Compact JSON, object keys in their order. */
    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, false);
        return out.toString();
    }

    /** Compact JSON with object keys sorted at every level: equal documents give equal text. */
    static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, true);
        return out.toString();
    }

    static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The string at {@code key}, empty when absent, null, not a string, or blank. */
    static Optional<String> text(JsonNode object, String key) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        JsonNode value = object.get(key);
        if (value == null || !value.isString()) {
            return Optional.empty();
        }
        String text = value.getStringValue();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** Whether {@code key} is present at all (even as null). */
    static boolean has(JsonNode object, String key) {
        return object != null && object.isObject() && object.get(key) != null;
    }

    static Builder object() {
        return new Builder();
    }

    static JsonNode strings(List<String> values) {
        List<JsonNode> nodes = new ArrayList<>(values.size());
        for (String value : values) {
            nodes.add(JsonNode.createStringNode(value));
        }
        return JsonNode.createArrayNode(nodes);
    }

    /** Builds an object node, keys in insertion order; absent optionals are left out. */
    static final class Builder {

        private final Map<String, JsonNode> fields = new LinkedHashMap<>();

        Builder put(String key, String value) {
            fields.put(key, value == null ? JsonNode.nullNode() : JsonNode.createStringNode(value));
            return this;
        }

        Builder put(String key, boolean value) {
            fields.put(key, JsonNode.createBooleanNode(value));
            return this;
        }

        Builder put(String key, long value) {
            fields.put(key, JsonNode.createNumberNode(value));
            return this;
        }

        Builder put(String key, JsonNode value) {
            fields.put(key, value == null ? JsonNode.nullNode() : value);
            return this;
        }

        Builder putIfPresent(String key, Optional<String> value) {
            value.ifPresent(present -> put(key, present));
            return this;
        }

        JsonNode build() {
            return JsonNode.createObjectNode(new LinkedHashMap<>(fields));
        }
    }

    private static void write(JsonNode node, StringBuilder out, boolean sorted) {
        if (node == null || node.isNull()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                entries.add(entry);
            }
            if (sorted) {
                entries.sort(Map.Entry.comparingByKey());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : entries) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out, sorted);
            }
            out.append('}');
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
        } else if (node.isString()) {
            string(node.getStringValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.getBooleanValue());
        } else if (node.isNumber()) {
            out.append(node.getNumberValue().toString());
        } else {
            out.append("null");
        }
    }

    private static void string(String value, StringBuilder out) {
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
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
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
