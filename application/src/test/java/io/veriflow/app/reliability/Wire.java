package io.veriflow.app.reliability;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Real HTTP to the running instances with the JDK client (HTTP/1.1, bodies sent byte for byte, safe to share between
 * many virtual threads), and the answers read as JSON on demand.
 */
final class Wire {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Pattern SECRETS = Pattern.compile(
            "\"(client_secret|token|session_token|sessionToken|link_token)\"\\s*:\\s*\"[^\"]*\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One request: where, how, what. A null body is sent as no body. */
    record Call(String method, URI base, String path, Map<String, String> headers, byte[] body) {

        static Call post(URI base, String path, Map<String, String> headers, byte[] body) {
            return new Call("POST", base, path, headers, body);
        }

        static Call get(URI base, String path, String bearer) {
            return new Call("GET", base, path, Map.of("Authorization", "Bearer " + bearer), null);
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + (body == null ? 0 : body.length) + " bytes)";
        }
    }

    /** One answer. */
    record Answer(int status, Optional<String> contentType, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Map<String, Object> object() {
            try {
                return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + this, e);
            }
        }

        /** The value at a path of object members ({@code "session", "id"}), or null. */
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

        /** Status, type and the start of the body, with any secret or token in it masked (failure messages). */
        @Override
        public String toString() {
            String masked = SECRETS.matcher(body).replaceAll("\"$1\":\"<redacted>\"");
            String shown = masked.length() > 300 ? masked.substring(0, 300) + "..." : masked;
            return status + " " + contentType.orElse("(no content type)") + " " + shown;
        }
    }

    Answer send(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.base().resolve(call.path()))
                .timeout(Duration.ofSeconds(30))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(call + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(call + " interrupted", e);
        }
    }
}
