package io.veriflow.app.notify;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test driver of {@code /v1/webhook-endpoints} over real HTTP, authenticated with real API keys of tenants created
 * through {@link Tenants}.
 */
final class EndpointsApi {

    static final String BASE = "/v1/webhook-endpoints";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient client;
    private final JsonMapper json;
    private final Tenants tenants;
    private final Map<TenantId, String> keys = new HashMap<>();

    EndpointsApi(HttpClient client, JsonMapper json, Tenants tenants) {
        this.client = client;
        this.json = json;
        this.tenants = tenants;
    }

    /** A new tenant, with an API key. */
    TenantId aTenant() {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        TenantId tenant = new TenantId("n-" + HexFormat.of().formatHex(suffix));
        keys.put(tenant, tenants.create(tenant, "Tenant " + tenant, Optional.empty()).key().reveal());
        return tenant;
    }

    /** Registers an endpoint and returns the answer, asserting it was created. */
    Reply registered(TenantId tenant, String url, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        Reply reply = post(tenant, BASE, body);
        if (reply.status() != 201) {
            throw new AssertionError("registration failed: " + reply);
        }
        return reply;
    }

    Reply get(TenantId tenant, String path) {
        return send(as(tenant, HttpRequest.GET(path)));
    }

    Reply post(TenantId tenant, String path, Object body) {
        return send(as(tenant, HttpRequest.POST(path, body)));
    }

    Reply delete(TenantId tenant, String path) {
        return send(as(tenant, HttpRequest.DELETE(path)));
    }

    private <T> MutableHttpRequest<T> as(TenantId tenant, MutableHttpRequest<T> request) {
        return request.bearerAuth(keys.get(tenant));
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
        return new Reply(response.code(), response.getHeaders().findFirst("Content-Type").orElse(""),
                response.getHeaders().findFirst("Location").orElse(null),
                response.getBody(String.class).orElse(""), json);
    }

    /** One HTTP reply. */
    record Reply(int status, String contentType, String location, String body, JsonMapper json) {

        Map<String, Object> object() {
            try {
                return json.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + body, e);
            }
        }

        String field(String name) {
            Object value = object().get(name);
            return value == null ? null : value.toString();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data() {
            return (List<Map<String, Object>>) object().get("data");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors() {
            return (List<Map<String, Object>>) object().get("errors");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
