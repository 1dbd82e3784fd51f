package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.http.Problem;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API through real HTTP: the operator creates tenants and issues and revokes keys; the keys work. */
@MicronautTest(transactional = false)
@Property(name = CallerEchoFilter.ENABLED, value = "true")
@Property(name = OperatorKey.PROPERTY, value = Fixtures.OPERATOR_KEY)
@Property(name = DevelopmentTenant.ENABLED, value = "false")
class OperatorManagesTenantsAndKeysIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    void aCreatedTenantsKeyAuthenticatesAsThatTenant() {
        String id = Fixtures.aFreshTenant().value();

        Http.Reply created = admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<String, Object> body = created.json(json);
        assertThat(body).containsEntry("tenant", id).containsEntry("display_name", "Acme").doesNotContainKey("expires_at");
        String key = (String) body.get("api_key");
        assertThat(key).matches("vfk_[a-z2-7]{12}_[0-9A-Za-z]{43}").startsWith("vfk_" + body.get("prefix") + "_");
        assertThat(whoAmI(key)).containsEntry("kind", "tenant").containsEntry("tenant", id);
    }

    @Test
    void anotherKeyCanBeIssuedAndTheFirstRevoked() {
        String id = Fixtures.aFreshTenant().value();
        Map<String, Object> tenant = admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")))
                .json(json);
        String firstKey = (String) tenant.get("api_key");
        String expiresAt = Instant.now().plus(Duration.ofDays(30)).toString();

        Http.Reply issued = admin(HttpRequest.POST("/admin/tenants/" + id + "/api-keys", Map.of("expires_at", expiresAt)));

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Map<String, Object> second = issued.json(json);
        assertThat(second).containsEntry("tenant", id).containsEntry("expires_at", expiresAt);
        String secondKey = (String) second.get("api_key");
        assertThat(whoAmI(secondKey)).containsEntry("tenant", id);

        String revokePath = "/admin/tenants/" + id + "/api-keys/" + tenant.get("prefix");
        assertThat(admin(HttpRequest.DELETE(revokePath)).status()).isEqualTo(204);
        assertThat(admin(HttpRequest.DELETE(revokePath)).status()).as("revoking again").isEqualTo(204);

        Http.call(client, HttpRequest.GET("/v1/whoami"), firstKey).problem(json, 401, Problems.UNAUTHENTICATED);
        assertThat(whoAmI(secondKey)).containsEntry("tenant", id);
    }

    @Test
    void aKeyCanBeIssuedWithoutABody() {
        String id = Fixtures.aFreshTenant().value();
        admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")));

        Http.Reply issued = admin(HttpRequest.POST("/admin/tenants/" + id + "/api-keys", ""));

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(whoAmI((String) issued.json(json).get("api_key"))).containsEntry("tenant", id);
    }

    @Test
    void unknownTenantsAndKeysAreNotFound() {
        String id = Fixtures.aFreshTenant().value();
        String prefix = (String) admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")))
                .json(json).get("prefix");
        String stranger = Fixtures.aFreshTenant().value();

        admin(HttpRequest.POST("/admin/tenants/" + stranger + "/api-keys", Map.of()))
                .problem(json, 404, Problems.NOT_FOUND);
        admin(HttpRequest.DELETE("/admin/tenants/" + stranger + "/api-keys/" + prefix))
                .problem(json, 404, Problems.NOT_FOUND);
        admin(HttpRequest.DELETE("/admin/tenants/" + id + "/api-keys/aaaaaaaaaaaa"))
                .problem(json, 404, Problems.NOT_FOUND);
        admin(HttpRequest.DELETE("/admin/tenants/" + id + "/api-keys/not-a-prefix"))
                .problem(json, 404, Problems.NOT_FOUND);
        admin(HttpRequest.POST("/admin/tenants/NOT%20A%20TENANT/api-keys", Map.of()))
                .problem(json, 404, Problems.NOT_FOUND);
    }

    @Test
    void aTenantIdIsTakenOnce() {
        String id = Fixtures.aFreshTenant().value();
        admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")));

        Http.Reply again = admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Other")));

        again.problem(json, 409, Problems.TENANT_EXISTS);
        assertThat(again.pointers(json)).containsExactly("/id");
        assertThat(again.body()).doesNotContain("vfk_");
    }

    @Test
    void malformedValuesAre400AndTheFieldIsNamed() {
        String id = Fixtures.aFreshTenant().value();
        assertProblem(HttpRequest.POST("/admin/tenants", Map.of("id", "Not A Tenant!", "display_name", "Acme")),
                400, Problems.INVALID_FIELD, "/id");
        assertProblem(HttpRequest.POST("/admin/tenants",
                Map.of("id", id, "display_name", "Acme", "key_expires_at", "tomorrow")),
                400, Problems.INVALID_FIELD, "/key_expires_at");

        admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")));
        assertProblem(HttpRequest.POST("/admin/tenants/" + id + "/api-keys", Map.of("expires_at", "2030-13-01")),
                400, Problems.INVALID_FIELD, "/expires_at");
    }

    @Test
    void valuesBreakingTheRulesAre422AndTheFieldIsNamed() {
        String id = Fixtures.aFreshTenant().value();
        assertProblem(HttpRequest.POST("/admin/tenants", Map.of("display_name", "Acme")),
                422, Problems.VALIDATION_FAILED, "/id");
        assertProblem(HttpRequest.POST("/admin/tenants", Map.of("id", id)),
                422, Problems.VALIDATION_FAILED, "/display_name");
        assertProblem(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "  ")),
                422, Problems.VALIDATION_FAILED, "/display_name");
        assertProblem(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "x".repeat(201))),
                422, Problems.VALIDATION_FAILED, "/display_name");
        assertProblem(HttpRequest.POST("/admin/tenants",
                Map.of("id", id, "display_name", "Acme", "key_expires_at", "2001-01-01T00:00:00Z")),
                422, Problems.VALIDATION_FAILED, "/key_expires_at");

        admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")));
        assertProblem(HttpRequest.POST("/admin/tenants/" + id + "/api-keys", Map.of("expires_at", "2001-01-01T00:00:00Z")),
                422, Problems.VALIDATION_FAILED, "/expires_at");
    }

    @Test
    void unknownFieldsAreRefusedSoAMisspeltExpiryIsNeverDropped() {
        String id = Fixtures.aFreshTenant().value();
        Http.Reply create = admin(HttpRequest.POST("/admin/tenants",
                Map.of("id", id, "display_name", "Acme", "expires", "2040-01-01T00:00:00Z")));
        create.problem(json, 422, Problems.VALIDATION_FAILED);
        assertThat(create.pointers(json)).singleElement().asString().startsWith("/expires");

        admin(HttpRequest.POST("/admin/tenants", Map.of("id", id, "display_name", "Acme")));
        Http.Reply issue = admin(HttpRequest.POST("/admin/tenants/" + id + "/api-keys",
                Map.of("expiresAt", "2040-01-01T00:00:00Z")));
        issue.problem(json, 422, Problems.VALIDATION_FAILED);
        assertThat(issue.pointers(json)).singleElement().asString().startsWith("/expiresAt");
    }

    @Test
    void brokenBodiesAreClientErrorsNeverServerErrors() {
        for (String body : new String[] {"{not json", "[]", "\"text\"", "{\"id\": 5, \"display_name\": {}}"}) {
            Http.Reply reply = admin(HttpRequest.POST("/admin/tenants", body));
            assertThat(reply.status()).as("%s -> %s", body, reply.body()).isBetween(400, 499);
            assertThat(reply.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
            assertThat(reply.body()).doesNotContain("Exception");
        }
    }

    @Test
    void onlyTheOperatorKeyGetsIn() {
        Map<String, Object> body = new HashMap<>(Map.of("id", Fixtures.aFreshTenant().value(), "display_name", "A"));

        Http.call(client, HttpRequest.POST("/admin/tenants", body)).problem(json, 401, Problems.UNAUTHENTICATED);
        Http.call(client, HttpRequest.POST("/admin/tenants", body), Fixtures.OPERATOR_KEY + "x")
                .problem(json, 401, Problems.UNAUTHENTICATED);
        Http.call(client, HttpRequest.POST("/admin/tenants", body), Fixtures.OPERATOR_KEY.toUpperCase(java.util.Locale.ROOT))
                .problem(json, 401, Problems.UNAUTHENTICATED);
        assertThat(admin(HttpRequest.POST("/admin/tenants", body)).status()).isEqualTo(201);
    }

    private void assertProblem(MutableHttpRequest<?> request, int status, String type, String pointer) {
        Http.Reply reply = admin(request);
        reply.problem(json, status, type);
        assertThat(reply.pointers(json)).containsExactly(pointer);
    }

    private Http.Reply admin(MutableHttpRequest<?> request) {
        return Http.call(client, request.contentType(MediaType.APPLICATION_JSON_TYPE), Fixtures.OPERATOR_KEY);
    }

    private Map<String, Object> whoAmI(String key) {
        Http.Reply reply = Http.call(client, HttpRequest.GET("/v1/whoami"), key);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json(json);
    }
}
