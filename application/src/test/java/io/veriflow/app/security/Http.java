package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.veriflow.app.http.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real HTTP calls for the security tests, with every answer (2xx or not) as a plain {@link Reply}. */
final class Http {

    /** What came back: status, the headers the tests look at, and the body as text. */
    record Reply(int status, Optional<String> contentType, Optional<String> challenge, String body) {

        Map<String, Object> json(JsonMapper mapper) {
            try {
                return mapper.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** Asserts an RFC 9457 problem of the given type slug and status, and returns its fields. */
        Map<String, Object> problem(JsonMapper mapper, int expectedStatus, String typeSlug) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(contentType).as("content type").hasValueSatisfying(
                    type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
            Map<String, Object> problem = json(mapper);
            assertThat(problem).containsEntry("type", Problem.TYPE_BASE + typeSlug)
                    .containsEntry("status", expectedStatus);
            return problem;
        }

        /** The JSON pointers of the fields at fault in a problem. */
        @SuppressWarnings("unchecked")
        List<String> pointers(JsonMapper mapper) {
            Object errors = json(mapper).get("errors");
            assertThat(errors).as("errors of %s", body).isInstanceOf(List.class);
            return ((List<Map<String, Object>>) errors).stream().map(error -> (String) error.get("pointer")).toList();
        }
    }

    private Http() {
    }

    static Reply call(HttpClient client, MutableHttpRequest<?> request) {
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return reply(e.getResponse(), e.getResponse().getBody(String.class).orElse(""));
        }
        return reply(response, response.getBody(String.class).orElse(""));
    }

    static Reply call(HttpClient client, MutableHttpRequest<?> request, String bearerToken) {
        return call(client, request.bearerAuth(bearerToken));
    }

    private static Reply reply(HttpResponse<?> response, String body) {
        return new Reply(response.code(), response.getHeaders().findFirst(HttpHeaders.CONTENT_TYPE),
                response.getHeaders().findFirst(HttpHeaders.WWW_AUTHENTICATE), body);
    }
}
