package io.veriflow.app.e2e.persona;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real HTTP calls to the running service (JDK client, so webhook bodies go out byte for byte), remembering every reply
 * so a test can check what the API ever showed.
 */
final class ServiceClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final JsonMapper json;
    private final List<Reply> replies = new CopyOnWriteArrayList<>();

    ServiceClient(URI base, JsonMapper json) {
        this.base = base;
        this.json = json;
    }

    /** {@code POST /v1/sessions} for a Persona session of {@code subject}, with a fresh Idempotency-Key. */
    Reply startPersona(String apiKey, String subject) {
        String body = "{\"provider\":\"persona\",\"template\":\"" + PersonaFixtures.TEMPLATE + "\",\"subject\":\""
                + subject + "\"}";
        return send("POST", "/v1/sessions", Optional.of(apiKey), body.getBytes(StandardCharsets.UTF_8),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    Reply get(String credential, String path) {
        return send("GET", path, Optional.of(credential), null, Map.of());
    }

    Reply post(String credential, String path, String jsonBody) {
        return send("POST", path, Optional.of(credential),
                jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code POST /webhooks/persona} with exactly these bytes and, if given, this {@code Persona-Signature}. */
    Reply webhook(byte[] body, Optional<String> signature) {
        return send("POST", "/webhooks/persona", Optional.empty(), body,
                signature.map(value -> Map.of(PersonaSigner.HEADER, value)).orElse(Map.of()));
    }

    /** Every reply received so far, oldest first. */
    List<Reply> replies() {
        return List.copyOf(replies);
    }

    private Reply send(String method, String path, Optional<String> credential, byte[] body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        credential.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Reply reply = new Reply(method, path, response.statusCode(), response.headers(), response.body(), json);
            replies.add(reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    /** One reply: status, headers, body, and the body read as JSON on demand. */
    record Reply(String method, String path, int status, HttpHeaders headers, String body, JsonMapper json) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        Map<String, Object> object() {
            try {
                return json.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + this, e);
            }
        }

        List<Map<String, Object>> array() {
            try {
                return json.readValue(body, Argument.listOf(Argument.mapOf(String.class, Object.class)));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON array: " + this, e);
            }
        }

        /** The value at a path of object members ({@code "session", "state"}), or null. */
        @SuppressWarnings("unchecked")
        Object at(String... members) {
            Object node = object();
            for (String member : members) {
                if (!(node instanceof Map<?, ?> map)) {
                    return null;
                }
                node = ((Map<String, Object>) map).get(member);
            }
            return node;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + body;
        }
    }
}
