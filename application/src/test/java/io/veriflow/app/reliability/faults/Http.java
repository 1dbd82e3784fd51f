package io.veriflow.app.reliability.faults;

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

/** Real HTTP calls to the service under test with the JDK client, so that webhook bodies go out byte for byte. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final JsonMapper json;

    Http(URI base, JsonMapper json) {
        this.base = base;
        this.json = json;
    }

    Reply get(String bearer, String path) {
        return send("GET", path, null, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer));
    }

    Reply post(String bearer, String path, String body, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        if (bearer != null) {
            all.put("Authorization", "Bearer " + bearer);
        }
        return send("POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), all);
    }

    Reply post(String path, byte[] body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    private Reply send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(method + " " + path, response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    /** One answer; its body read as JSON on demand. */
    record Reply(String request, int status, HttpHeaders headers, String body, JsonMapper json) {

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

        /** The value at a path of members ({@code "session", "id"}), or null. */
        Object at(String... members) {
            Object node = object();
            for (String member : members) {
                if (!(node instanceof Map<?, ?> map)) {
                    return null;
                }
                node = map.get(member);
            }
            return node;
        }

        /** Status and body only: the headers of a reply carry nothing a failure message needs. */
        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }
}
