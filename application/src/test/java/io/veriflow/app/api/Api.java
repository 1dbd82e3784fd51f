package io.veriflow.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Test driver of the sessions API over real HTTP: requests authenticated with real API keys of tenants created
 * through {@link Tenants}, replies with status, headers and the parsed JSON body.
 */
final class Api {

    static final String PROVIDER = "testprov";

    /** API keys per tenant, per application context (each IT class has its own database). */
    private static final Map<Tenants, Map<String, String>> KEYS = new WeakHashMap<>();

    private final HttpClient client;
    private final JsonMapper json;
    private final Tenants tenants;

    Api(HttpClient client, JsonMapper json, Tenants tenants) {
        this.client = client;
        this.json = json;
        this.tenants = tenants;
    }

    /** The API key of a tenant, created on first use. */
    String apiKey(String tenant) {
        synchronized (KEYS) {
            return KEYS.computeIfAbsent(tenants, any -> new java.util.HashMap<>()).computeIfAbsent(tenant,
                    id -> tenants.create(new TenantId(id), "Tenant " + id, Optional.empty()).key().reveal());
        }
    }

    <T> MutableHttpRequest<T> as(String tenant, MutableHttpRequest<T> request) {
        return request.bearerAuth(apiKey(tenant));
    }

    Reply start(String tenant, String idempotencyKey, String template, String subject) {
        return send(as(tenant, HttpRequest.POST("/v1/sessions",
                Map.of("provider", PROVIDER, "template", template, "subject", subject))
                .header("Idempotency-Key", idempotencyKey)));
    }

    /** Starts a session and returns its reply, asserting it was created. */
    Reply started(String tenant, String template, String subject) {
        Reply reply = start(tenant, java.util.UUID.randomUUID().toString(), template, subject);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply;
    }

    Reply get(String tenant, String path) {
        return send(as(tenant, HttpRequest.GET(path)));
    }

    Reply post(String tenant, String path, Object body) {
        return send(as(tenant, HttpRequest.POST(path, body)));
    }

    Reply send(MutableHttpRequest<?> request) {
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> error = (HttpResponse<String>) e.getResponse();
            response = error;
        }
        String body = response.getBody(String.class).orElse("");
        return new Reply(response.code(), response.getHeaders(), body, json);
    }

    /** One HTTP reply. */
    record Reply(int status, HttpHeaders headers, String body, JsonMapper json) {

        Optional<String> header(String name) {
            return headers.findFirst(name);
        }

        Optional<MediaType> contentType() {
            return headers.contentType().map(MediaType::of);
        }

        Map<String, Object> object() {
            try {
                return json.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + body, e);
            }
        }

        List<Object> array() {
            try {
                return json.readValue(body, Argument.listOf(Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON array: " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> session() {
            return (Map<String, Object>) object().get("session");
        }

        String sessionId() {
            return (String) session().get("id");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
