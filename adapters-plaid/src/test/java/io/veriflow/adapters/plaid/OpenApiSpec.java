package io.veriflow.adapters.plaid;

import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A small validator for JSON documents against the schemas of Plaid's saved OpenAPI 3.0 spec
 * ({@code ../shared/providers/plaid/openapi/2020-09-14.yml}): {@code $ref}, {@code allOf}/{@code anyOf}/{@code oneOf},
 * {@code type}, {@code nullable}, {@code required}, {@code properties}, {@code additionalProperties: false},
 * {@code items}, {@code enum}, {@code minLength}, {@code minItems}. Enough for the IDV, link-token, key and error
 * shapes this adapter sends and its sandbox answers; formats are not checked.
 */
public final class OpenApiSpec {

    private static volatile Map<String, Object> schemas;

    private OpenApiSpec() {
    }

    /** What is wrong with {@code document} as an instance of {@code schema}; empty when it is valid. */
    public static List<String> violations(String schema, JsonNode document) {
        List<String> errors = new ArrayList<>();
        Object definition = schemas().get(schema);
        if (definition == null) {
            throw new IllegalArgumentException("the spec has no schema " + schema);
        }
        validate(definition, plain(document), "$", errors, 0);
        return errors;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> schemas() {
        Map<String, Object> loaded = schemas;
        if (loaded == null) {
            synchronized (OpenApiSpec.class) {
                if (schemas == null) {
                    LoaderOptions options = new LoaderOptions();
                    options.setCodePointLimit(20 * 1024 * 1024);
                    options.setMaxAliasesForCollections(1_000);
                    try (Reader reader = Files.newBufferedReader(
                            Fixtures.ROOT.resolve("openapi").resolve("2020-09-14.yml"), StandardCharsets.UTF_8)) {
                        Map<String, Object> root = new Yaml(options).load(reader);
                        schemas = (Map<String, Object>) ((Map<String, Object>) root.get("components")).get("schemas");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                loaded = schemas;
            }
        }
        return loaded;
    }

    @SuppressWarnings("unchecked")
    private static void validate(Object schemaObject, Object value, String path, List<String> errors, int depth) {
        if (depth > 64 || !(schemaObject instanceof Map)) {
            return;
        }
        Map<String, Object> schema = (Map<String, Object>) schemaObject;
        if (value == null) {
            if (!nullable(schema, 0) && constrains(schema)) {
                errors.add(path + ": null is not allowed");
            }
            return;
        }
        if (schema.get("$ref") instanceof String ref) {
            validate(resolve(ref), value, path, errors, depth + 1);
        }
        if (schema.get("allOf") instanceof List<?> all) {
            for (Object sub : all) {
                validate(sub, value, path, errors, depth + 1);
            }
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (schema.get(key) instanceof List<?> options && !options.isEmpty()) {
                boolean any = false;
                for (Object sub : options) {
                    List<String> attempt = new ArrayList<>();
                    validate(sub, value, path, attempt, depth + 1);
                    any |= attempt.isEmpty();
                }
                if (!any) {
                    errors.add(path + ": matches none of " + key);
                }
            }
        }
        if (schema.get("type") instanceof String type && !hasType(value, type)) {
            errors.add(path + ": expected " + type + " but was " + value.getClass().getSimpleName());
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && value instanceof String text
                && allowed.stream().noneMatch(option -> String.valueOf(option).equals(text))) {
            errors.add(path + ": '" + text + "' is not one of " + allowed);
        }
        if (schema.get("minLength") instanceof Integer min && value instanceof String text && text.length() < min) {
            errors.add(path + ": shorter than " + min);
        }
        if (value instanceof Map<?, ?> object) {
            if (schema.get("required") instanceof List<?> required) {
                for (Object key : required) {
                    if (!object.containsKey(String.valueOf(key))) {
                        errors.add(path + ": missing required " + key);
                    }
                }
            }
            Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p
                    ? (Map<String, Object>) p : Map.of();
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (properties.containsKey(key)) {
                    validate(properties.get(key), entry.getValue(), path + "." + key, errors, depth + 1);
                } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                    errors.add(path + ": unexpected property " + key);
                }
            }
        }
        if (value instanceof List<?> list) {
            if (schema.get("minItems") instanceof Integer min && list.size() < min) {
                errors.add(path + ": fewer than " + min + " items");
            }
            if (schema.get("items") != null) {
                for (int i = 0; i < list.size(); i++) {
                    validate(schema.get("items"), list.get(i), path + "[" + i + "]", errors, depth + 1);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean nullable(Map<String, Object> schema, int depth) {
        if (depth > 16) {
            return false;
        }
        if (Boolean.TRUE.equals(schema.get("nullable"))) {
            return true;
        }
        if (schema.get("$ref") instanceof String ref && resolve(ref) instanceof Map<?, ?> target
                && nullable((Map<String, Object>) target, depth + 1)) {
            return true;
        }
        if (schema.get("allOf") instanceof List<?> all) {
            for (Object sub : all) {
                if (sub instanceof Map<?, ?> map && nullable((Map<String, Object>) map, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean constrains(Map<String, Object> schema) {
        return schema.containsKey("type") || schema.containsKey("$ref") || schema.containsKey("properties")
                || schema.containsKey("allOf") || schema.containsKey("enum");
    }

    private static Object resolve(String ref) {
        String prefix = "#/components/schemas/";
        if (!ref.startsWith(prefix)) {
            throw new IllegalArgumentException("unsupported $ref " + ref);
        }
        return schemas().get(ref.substring(prefix.length()));
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof BigInteger
                    || value instanceof Short || (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0);
            case "number" -> value instanceof Number;
            default -> true;
        };
    }

    /** A JSON tree as plain maps, lists and scalars. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                map.put(entry.getKey(), plain(entry.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode value : node.values()) {
                list.add(plain(value));
            }
            return list;
        }
        if (node.isString()) {
            return node.getStringValue();
        }
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        if (node.isNumber()) {
            return node.getNumberValue();
        }
        return null;
    }
}
