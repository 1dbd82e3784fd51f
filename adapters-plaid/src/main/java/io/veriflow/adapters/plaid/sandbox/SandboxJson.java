package io.veriflow.adapters.plaid.sandbox;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's JSON: documents are built as {@code Map}/{@code List}/scalars and written the way Plaid writes them
 * (pretty-printed with two-space indentation, which matters for webhooks: Plaid hashes the exact bytes it sends).
 */
final class SandboxJson {

    private SandboxJson() {
    }

    static Optional<JsonNode> parse(JsonMapper mapper, byte[] bytes) {
        try {
            return Optional.ofNullable(mapper.readValue(bytes, JsonNode.class)).filter(JsonNode::isObject);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> text(JsonNode object, String key) {
        JsonNode value = object == null ? null : object.get(key);
        return value != null && value.isString() && !value.getStringValue().isBlank()
                ? Optional.of(value.getStringValue()) : Optional.empty();
    }

    static Optional<Boolean> bool(JsonNode object, String key) {
        JsonNode value = object == null ? null : object.get(key);
        return value != null && value.isBoolean() ? Optional.of(value.getBooleanValue()) : Optional.empty();
    }

    static boolean has(JsonNode object, String key) {
        JsonNode value = object == null ? null : object.get(key);
        return value != null && !value.isNull();
    }

    /** Pretty JSON, two-space indentation, keys in map order, no trailing newline. */
    static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    static byte[] bytes(Object value) {
        return pretty(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, StringBuilder out, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append("{\n");
                List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
                for (int i = 0; i < entries.size(); i++) {
                    indent(out, depth + 1);
                    string(String.valueOf(entries.get(i).getKey()), out);
                    out.append(": ");
                    write(entries.get(i).getValue(), out, depth + 1);
                    out.append(i + 1 < entries.size() ? ",\n" : "\n");
                }
                indent(out, depth);
                out.append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append("[\n");
                for (int i = 0; i < list.size(); i++) {
                    indent(out, depth + 1);
                    write(list.get(i), out, depth + 1);
                    out.append(i + 1 < list.size() ? ",\n" : "\n");
                }
                indent(out, depth);
                out.append(']');
            }
            case String text -> string(text, out);
            case Boolean bool -> out.append(bool);
            case Number number -> out.append(number);
            default -> string(value.toString(), out);
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
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
                default -> {
                    if (c < 0x20) {
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
