package io.veriflow.adapters.persona;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's Persona API at {@code /sandbox/persona/api/v1}: the three endpoints the adapter calls, with Persona's
 * request rules and answer shapes (OpenAPI 2023-01-05; bodies like {@code fixtures/api/*.json}).
 *
 * <ul>
 *   <li>{@code POST /inquiries}: 201 with a {@code created} inquiry. The body must be {@code {data: {attributes:
 *       {...}}, meta?: {...}}} with exactly one of {@code inquiry-template-id} ({@code itmpl_}),
 *       {@code inquiry-template-version-id} ({@code itmplv_}), {@code template-id} ({@code tmpl_}); {@code meta} only
 *       with the keys the spec lists; otherwise 400. {@code meta.auto-create-account-reference-id} becomes the
 *       inquiry's {@code reference-id}.
 *   <li>{@code GET /inquiries/{id}}: 200, or 404 "Record not found".
 *   <li>{@code POST /inquiries/{id}/resume}: 200 with {@code meta.session-token} for created, pending and expired
 *       (which becomes pending) inquiries; 409 "Conflict" otherwise.
 * </ul>
 * Every call needs {@code Authorization: Bearer <the sandbox's generated key>} (401 otherwise). Writes honour
 * {@code Idempotency-Key} like Persona: the same key and request replay the first answer; the same key with another
 * request is a 400 "Idempotency error".
 */
@Controller(PersonaSandbox.API_PATH)
@Requires(missingProperty = PersonaSettings.API_KEY)
final class PersonaSandboxApiController {

    private static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final Set<String> META_KEYS = Set.of(
            "auto-create-account", "auto-create-account-type-id", "auto-create-account-reference-id",
            "expiration-after-create-interval-seconds", "expiration-after-start-interval-seconds",
            "expiration-after-resume-interval-seconds", "one-time-link-expiration-seconds");
    private static final Map<String, String> TEMPLATE_PREFIXES = Map.of(
            "inquiry-template-id", "itmpl_",
            "inquiry-template-version-id", "itmplv_",
            "template-id", "tmpl_");

    private final PersonaSandbox sandbox;
    private final PersonaJson json;

    PersonaSandboxApiController(PersonaSandbox sandbox, PersonaJson json) {
        this.sandbox = sandbox;
        this.json = json;
    }

    @Post(value = "/inquiries", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> create(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
            @Header("Idempotency-Key") @Nullable String idempotencyKey, @Body byte[] body) {
        if (!authorised(authorization)) {
            return unauthorised();
        }
        String fingerprint = "POST /inquiries " + new String(body, StandardCharsets.UTF_8);
        Optional<HttpResponse<String>> replayed = replayed(idempotencyKey, fingerprint);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        JsonNode request;
        try {
            request = json.parse(body);
        } catch (IOException | RuntimeException notJson) {
            return error(HttpStatus.BAD_REQUEST, "Bad request", "the body is not JSON");
        }
        Optional<String> problem = problemWith(request);
        if (problem.isPresent()) {
            return remembered(idempotencyKey, fingerprint,
                    error(HttpStatus.BAD_REQUEST, "Bad request", problem.get()));
        }
        JsonNode attributes = PersonaJson.path(request, "data", "attributes").orElseThrow();
        String attribute = TEMPLATE_PREFIXES.keySet().stream()
                .filter(key -> PersonaJson.text(attributes, key).isPresent()).findFirst().orElseThrow();
        Optional<String> referenceId = PersonaJson.path(request, "meta")
                .flatMap(meta -> PersonaJson.text(meta, "auto-create-account-reference-id"))
                .or(() -> PersonaJson.text(attributes, "reference-id"));
        SandboxInquiry inquiry = sandbox.create(attribute, PersonaJson.text(attributes, attribute).orElseThrow(),
                referenceId);
        return remembered(idempotencyKey, fingerprint,
                ok(HttpStatus.CREATED, sandbox.document(inquiry, Optional.empty())));
    }

    @Get(value = "/inquiries/{id}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> retrieve(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
            @PathVariable String id) {
        if (!authorised(authorization)) {
            return unauthorised();
        }
        return sandbox.find(id)
                .map(inquiry -> ok(HttpStatus.OK, sandbox.document(inquiry, Optional.empty())))
                .orElseGet(PersonaSandboxApiController::notFound);
    }

    @Post(value = "/inquiries/{id}/resume", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> resume(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
            @Header("Idempotency-Key") @Nullable String idempotencyKey, @PathVariable String id) {
        if (!authorised(authorization)) {
            return unauthorised();
        }
        String fingerprint = "POST /inquiries/" + id + "/resume";
        Optional<HttpResponse<String>> replayed = replayed(idempotencyKey, fingerprint);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        HttpResponse<String> answer = switch (sandbox.resume(id)) {
            case PersonaSandbox.Changed changed -> ok(HttpStatus.OK,
                    sandbox.document(changed.inquiry(), changed.sessionToken()));
            case PersonaSandbox.NotFound notFound -> notFound();
            case PersonaSandbox.Conflict conflict -> error(HttpStatus.CONFLICT, "Conflict",
                    "Inquiry cannot be resumed from its current status");
        };
        return remembered(idempotencyKey, fingerprint, answer);
    }

    /** What is wrong with a create request, against the spec's request schema; empty when nothing. */
    private static Optional<String> problemWith(JsonNode request) {
        if (!request.isObject()) {
            return Optional.of("the body must be an object");
        }
        for (Map.Entry<String, JsonNode> member : request.entries()) {
            if (!member.getKey().equals("data") && !member.getKey().equals("meta")) {
                return Optional.of("unknown member " + member.getKey());
            }
        }
        Optional<JsonNode> data = PersonaJson.objectAt(request, "data");
        if (data.isEmpty()) {
            return Optional.of("data is required");
        }
        for (Map.Entry<String, JsonNode> member : data.get().entries()) {
            if (!member.getKey().equals("attributes")) {
                return Optional.of("unknown member data." + member.getKey());
            }
        }
        Optional<JsonNode> attributes = PersonaJson.objectAt(data.get(), "attributes");
        if (attributes.isEmpty()) {
            return Optional.of("data.attributes is required");
        }
        long templates = TEMPLATE_PREFIXES.keySet().stream()
                .filter(key -> PersonaJson.text(attributes.get(), key).isPresent()).count();
        if (templates != 1) {
            return Optional.of("exactly one of inquiry-template-id, inquiry-template-version-id, template-id is "
                    + "required");
        }
        for (Map.Entry<String, String> template : TEMPLATE_PREFIXES.entrySet()) {
            Optional<String> value = PersonaJson.text(attributes.get(), template.getKey());
            if (value.isPresent() && !value.get().startsWith(template.getValue())) {
                return Optional.of(template.getKey() + " must start with " + template.getValue());
            }
        }
        Optional<JsonNode> meta = PersonaJson.member(request, "meta");
        if (meta.isPresent()) {
            if (!meta.get().isObject()) {
                return Optional.of("meta must be an object");
            }
            for (Map.Entry<String, JsonNode> member : meta.get().entries()) {
                if (!META_KEYS.contains(member.getKey())) {
                    return Optional.of("unknown member meta." + member.getKey());
                }
            }
            Optional<JsonNode> reference = PersonaJson.member(meta.get(), "auto-create-account-reference-id");
            if (reference.isPresent() && !reference.get().isString()) {
                return Optional.of("meta.auto-create-account-reference-id must be a string");
            }
        }
        return Optional.empty();
    }

    private boolean authorised(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, sandbox.apiKey().reveal().getBytes(StandardCharsets.UTF_8));
    }

    private Optional<HttpResponse<String>> replayed(@Nullable String key, String fingerprint) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return sandbox.replay(key).map(replay -> replay.fingerprint().equals(fingerprint)
                ? HttpResponse.<String>status(HttpStatus.valueOf(replay.status())).contentType(JSON_UTF8)
                        .body(replay.body())
                : error(HttpStatus.BAD_REQUEST, "Idempotency error", "Keys for idempotent requests can only be "
                        + "used with the same parameters they were first used with."));
    }

    private HttpResponse<String> remembered(@Nullable String key, String fingerprint, HttpResponse<String> answer) {
        if (key != null && !key.isBlank()) {
            sandbox.remember(key, new PersonaSandbox.Replay(fingerprint, answer.code(),
                    answer.getBody().orElse("")));
        }
        return answer;
    }

    private static HttpResponse<String> ok(HttpStatus status, JsonNode document) {
        return HttpResponse.<String>status(status).contentType(JSON_UTF8).body(PersonaJson.write(document));
    }

    private static HttpResponse<String> unauthorised() {
        return error(HttpStatus.UNAUTHORIZED, "Must be authenticated to access this endpoint", null);
    }

    private static HttpResponse<String> notFound() {
        return error(HttpStatus.NOT_FOUND, "Record not found", null);
    }

    /** Persona's error envelope: {@code {"errors": [{"title", "details"?}]}}. */
    static HttpResponse<String> error(HttpStatus status, String title, @Nullable String details) {
        JsonNode error = details == null
                ? PersonaJson.object("title", title)
                : PersonaJson.object("title", title, "details", details);
        return HttpResponse.<String>status(status).contentType(JSON_UTF8)
                .body(PersonaJson.write(PersonaJson.object("errors", PersonaJson.array(List.of(error)))));
    }
}
