package io.veriflow.app.e2e.plaid;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The service under test, driven over real HTTP as its users drive it: a product team's backend with its tenant's
 * API key ({@code /v1/sessions}...), its front end with the session's client secret ({@code /callbacks}), and Plaid
 * posting signed webhooks ({@code /webhooks/plaid}).
 */
final class Veriflow {

    /** A tenant and its API key. */
    record Tenant(String id, String apiKey) {
        @Override
        public String toString() {
            return "Tenant[" + id + "]";
        }
    }

    private final URI base;
    private final JsonMapper json;
    private final Tenants tenants;
    private final FakePlaidApi plaid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Veriflow(URI base, JsonMapper json, Tenants tenants, FakePlaidApi plaid) {
        this.base = base;
        this.json = json;
        this.tenants = tenants;
        this.plaid = plaid;
    }

    /** A new tenant, with a unique id starting with {@code prefix}. */
    Tenant tenant(String prefix) {
        String id = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(java.util.Locale.ROOT);
        String key = tenants.create(new TenantId(id), "E2E " + prefix, Optional.empty()).key().reveal();
        return new Tenant(id, key);
    }

    /** {@code POST /v1/sessions} for Plaid with a fresh idempotency key. */
    Reply start(Tenant tenant, String template, String subject) {
        return start(tenant, template, subject, UUID.randomUUID().toString());
    }

    Reply start(Tenant tenant, String template, String subject, String idempotencyKey) {
        String body = "{\"provider\":\"plaid\",\"template\":\"" + template + "\",\"subject\":\"" + subject + "\"}";
        return send(request("/v1/sessions", tenant.apiKey())
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply session(Tenant tenant, String session) {
        return send(request("/v1/sessions/" + session, tenant.apiKey()).GET());
    }

    Reply timeline(Tenant tenant, String session) {
        return send(request("/v1/sessions/" + session + "/timeline", tenant.apiKey()).GET());
    }

    Reply retry(Tenant tenant, String session, String body) {
        return send(request("/v1/sessions/" + session + "/retry", tenant.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply resume(Tenant tenant, String session) {
        return send(request("/v1/sessions/" + session + "/resume", tenant.apiKey())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The front end forwards a Link callback with the session's client secret. */
    Reply callback(String session, String clientSecret, byte[] body) {
        return send(request("/v1/sessions/" + session + "/callbacks", clientSecret)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Plaid posts a webhook signed now with its current key. */
    Reply plaidWebhook(byte[] body) {
        return webhook(body, plaid.signer().sign(body, Instant.now()));
    }

    /** A webhook with exactly this {@code Plaid-Verification} header (none when null). */
    Reply webhook(byte[] body, String verification) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/webhooks/plaid"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (verification != null) {
            request.header("Plaid-Verification", verification);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String path, String bearer) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json, application/problem+json");
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers().map(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One HTTP answer; {@link #at} reads its JSON body by a slash-separated path ({@code session/attempts/1/origin}). */
    record Reply(int status, Map<String, List<String>> headers, String body, JsonMapper mapper) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .flatMap(header -> header.getValue().stream()).findFirst();
        }

        Object json() {
            try {
                return mapper.readValue(body, Argument.OBJECT_ARGUMENT);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The value at a slash-separated path of object keys and list indexes; null when absent. */
        Object at(String path) {
            Object node = json();
            for (String step : path.split("/")) {
                if (step.isEmpty()) {
                    continue;
                }
                if (node instanceof Map<?, ?> object) {
                    node = object.get(step);
                } else if (node instanceof List<?> list) {
                    int index = Integer.parseInt(step);
                    node = index < list.size() ? list.get(index) : null;
                } else {
                    return null;
                }
            }
            return node;
        }

        String text(String path) {
            Object value = at(path);
            return value == null ? null : value.toString();
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String path) {
            Object value = at(path);
            return value == null ? List.of() : (List<Object>) value;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
