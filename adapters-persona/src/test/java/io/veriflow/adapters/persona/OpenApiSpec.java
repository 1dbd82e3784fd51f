package io.veriflow.adapters.persona;

import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Persona's OpenAPI document (2023-01-05) and a small JSON Schema checker for the keywords it uses: {@code $ref},
 * {@code type}, {@code const}, {@code enum}, {@code properties}, {@code required}, {@code additionalProperties},
 * {@code unevaluatedProperties: false} (against the properties evaluated by {@code allOf}/{@code anyOf}/{@code oneOf}
 * branches that hold), {@code items}, {@code allOf}, {@code anyOf}, {@code oneOf} (at least one branch),
 * {@code discriminator} with a mapping, {@code pattern}, {@code minItems}/{@code maxItems}. {@code format} is not
 * checked. Enough to catch a wrong member name, a missing required member or a wrong type.
 */
final class OpenApiSpec {

    private static volatile OpenApiSpec loaded;

    private final Map<String, Object> document;

    private OpenApiSpec(Map<String, Object> document) {
        this.document = document;
    }

    static OpenApiSpec load() {
        if (loaded == null) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            options.setMaxAliasesForCollections(1000);
            try (InputStream in = Files.newInputStream(Fixtures.SPEC)) {
                Map<String, Object> document = new Yaml(options).load(in);
                loaded = new OpenApiSpec(document);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** The schema of a request body: {@code paths.<path>.<method>.requestBody.content.application/json.schema}. */
    Map<String, Object> requestSchema(String path, String method) {
        return map(at("paths", path, method, "requestBody", "content", "application/json", "schema"));
    }

    /** The schema of a response: {@code paths.<path>.<method>.responses.<status>.content.application/json.schema}. */
    Map<String, Object> responseSchema(String path, String method, String status) {
        Object response = at("paths", path, method, "responses", status);
        Map<String, Object> resolved = resolve(map(response));
        return map(walk(resolved, "content", "application/json", "schema"));
    }

    Map<String, Object> schema(String name) {
        return map(at("components", "schemas", name));
    }

    /** The problems of {@code value} against {@code schema}; empty when it conforms. */
    List<String> problems(Map<String, Object> schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        validate(schema, plain(value), "", problems);
        return problems;
    }

    // ---- validation ----------------------------------------------------------------------------------------------

    private Set<String> validate(Map<String, Object> schema, Object value, String path, List<String> problems) {
        Set<String> evaluated = new HashSet<>();
        if (schema.containsKey("$ref")) {
            evaluated.addAll(validate(resolve(schema), value, path, problems));
        }
        if (schema.containsKey("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(path + ": expected " + schema.get("type") + " but was " + typeOf(value));
            return evaluated;
        }
        if (schema.containsKey("const") && !Objects.equals(normalise(schema.get("const")), normalise(value))) {
            problems.add(path + ": expected const " + schema.get("const") + " but was " + value);
        }
        if (schema.get("enum") instanceof List<?> values && values.stream().map(OpenApiSpec::normalise)
                .noneMatch(candidate -> Objects.equals(candidate, normalise(value)))) {
            problems.add(path + ": " + value + " is not one of " + values);
        }
        if (schema.get("pattern") instanceof String pattern && value instanceof String text
                && !Pattern.compile(pattern).matcher(text).find()) {
            problems.add(path + ": does not match " + pattern);
        }
        for (Object branch : list(schema.get("allOf"))) {
            evaluated.addAll(validate(map(branch), value, path, problems));
        }
        if (schema.containsKey("discriminator") && value instanceof Map<?, ?> object) {
            Map<String, Object> discriminator = map(schema.get("discriminator"));
            Object kind = object.get(discriminator.get("propertyName"));
            Object target = map(discriminator.get("mapping")).get(String.valueOf(kind));
            if (target == null) {
                problems.add(path + ": no schema for " + discriminator.get("propertyName") + " " + kind);
            } else {
                evaluated.addAll(validate(Map.of("$ref", target), value, path, problems));
            }
        } else {
            for (String combinator : List.of("anyOf", "oneOf")) {
                List<Object> branches = list(schema.get(combinator));
                if (branches.isEmpty()) {
                    continue;
                }
                boolean anyHolds = false;
                List<String> firstProblems = null;
                for (Object branch : branches) {
                    List<String> branchProblems = new ArrayList<>();
                    Set<String> branchEvaluated = validate(map(branch), value, path, branchProblems);
                    if (branchProblems.isEmpty()) {
                        anyHolds = true;
                        evaluated.addAll(branchEvaluated);
                    } else if (firstProblems == null) {
                        firstProblems = branchProblems;
                    }
                }
                if (!anyHolds) {
                    problems.add(path + ": matches no " + combinator + " branch, e.g. " + firstProblems);
                }
            }
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = map(schema.get("properties"));
            for (Object required : list(schema.get("required"))) {
                if (!object.containsKey(required)) {
                    problems.add(path + ": missing required " + required);
                }
            }
            for (Map.Entry<?, ?> member : object.entrySet()) {
                String key = String.valueOf(member.getKey());
                if (properties.containsKey(key)) {
                    validate(map(properties.get(key)), member.getValue(), path + "/" + key, problems);
                    evaluated.add(key);
                } else if (schema.get("additionalProperties") instanceof Boolean allowed) {
                    if (!allowed) {
                        problems.add(path + ": unknown member " + key);
                    }
                    evaluated.add(key);
                } else if (schema.get("additionalProperties") instanceof Map<?, ?> additional) {
                    validate(map(additional), member.getValue(), path + "/" + key, problems);
                    evaluated.add(key);
                }
            }
            if (Boolean.FALSE.equals(schema.get("unevaluatedProperties"))) {
                for (Object key : object.keySet()) {
                    if (!evaluated.contains(String.valueOf(key))) {
                        problems.add(path + ": unevaluated member " + key);
                    }
                }
            }
        }
        if (value instanceof List<?> items) {
            if (schema.get("items") instanceof Map<?, ?> itemSchema) {
                for (int i = 0; i < items.size(); i++) {
                    validate(map(itemSchema), items.get(i), path + "/" + i, problems);
                }
            }
            if (schema.get("minItems") instanceof Integer min && items.size() < min) {
                problems.add(path + ": fewer than " + min + " items");
            }
            if (schema.get("maxItems") instanceof Integer max && items.size() > max) {
                problems.add(path + ": more than " + max + " items");
            }
        }
        return evaluated;
    }

    private static boolean typeMatches(Object type, Object value) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(candidate -> typeMatches(candidate, value));
        }
        return switch (String.valueOf(type)) {
            case "null" -> value == null;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue());
            case "number" -> value instanceof Number;
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            default -> true;
        };
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private static Object normalise(Object value) {
        return value instanceof Number number ? number.doubleValue() : value;
    }

    // ---- document access -----------------------------------------------------------------------------------------

    private Object at(String... keys) {
        return walk(document, keys);
    }

    private static Object walk(Object from, String... keys) {
        Object current = from;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> node) || !node.containsKey(key)) {
                throw new IllegalArgumentException("no " + String.join(".", keys) + " in the spec");
            }
            current = node.get(key);
        }
        return current;
    }

    /** The schema a {@code $ref} points to (local refs only), with the ref's siblings dropped. */
    private Map<String, Object> resolve(Map<String, Object> schema) {
        Map<String, Object> current = schema;
        int hops = 0;
        while (current.get("$ref") instanceof String ref) {
            if (!ref.startsWith("#/") || ++hops > 32) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            current = map(walk(document, ref.substring(2).split("/")));
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** A JSON tree as plain Java values (maps, lists, strings, numbers, booleans, null). */
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
            node.values().forEach(value -> list.add(plain(value)));
            return list;
        }
        if (node.isString()) {
            return node.getStringValue();
        }
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        return node.getNumberValue();
    }
}
