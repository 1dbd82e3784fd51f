package io.veriflow.app.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.http.Problem;
import io.veriflow.app.security.Tenants;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/webhook-endpoints} over real HTTP with real API keys: the secret is shown once, fields are validated
 * with problem+json pointers, cloud metadata addresses are refused even in development, and a tenant never reaches
 * another tenant's endpoint.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.notifications.allow-private-endpoints", value = "true")
@Property(name = "veriflow.notifications.allow-http-endpoints", value = "true")
@Property(name = "veriflow.notifications.delivery.enabled", value = "false")
class WebhookEndpointsApiIT {

    private static final String RECEIVER = "http://127.0.0.1:9/hooks";

    @Inject
    ApplicationContext context;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    EndpointsApi api;
    Rows rows;

    @BeforeEach
    void setUp() {
        api = new EndpointsApi(client, json, tenants);
        rows = new Rows(context);
    }

    @Test
    void registeringAnswersTheSigningSecretOnceAndNeverAgain() {
        TenantId tenant = api.aTenant();

        var created = api.post(tenant, EndpointsApi.BASE, Map.of("url", RECEIVER, "description", "orders service",
                "event_types", List.of("session.decided", "session.decision_changed")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.field("id");
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(created.location()).isEqualTo(EndpointsApi.BASE + "/" + id);
        assertThat(created.object()).containsEntry("url", RECEIVER).containsEntry("enabled", true)
                .containsEntry("description", "orders service")
                .containsEntry("event_types", List.of("session.decided", "session.decision_changed"));
        assertThat(created.field("secret")).startsWith("whsec_");

        var fetched = api.get(tenant, EndpointsApi.BASE + "/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.object()).doesNotContainKey("secret").containsEntry("id", id)
                .containsEntry("enabled", true).containsEntry("consecutive_failures", 0);
        assertThat(fetched.body()).doesNotContain(created.field("secret"));
        var listed = api.get(tenant, EndpointsApi.BASE);
        assertThat(listed.data()).singleElement().satisfies(endpoint -> assertThat(endpoint)
                .containsEntry("id", id).doesNotContainKey("secret"));

        // kept only sealed, in the vault
        assertThat(rows.select("SELECT ciphertext FROM secret WHERE tenant_id = ? AND purpose = ? AND owner = ?",
                tenant.value(), "ENDPOINT_SIGNING_SECRET", id)).singleElement()
                .satisfies(row -> assertThat(new String((byte[]) row.get("ciphertext"),
                        java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(created.field("secret")));
        assertThat(rows.select("SELECT * FROM webhook_endpoint WHERE tenant_id = ?", tenant.value()).toString())
                .doesNotContain(created.field("secret"));
    }

    @Test
    void aCloudMetadataAddressIsRefusedEvenInDevelopmentWithoutEchoingTheUrl() {
        TenantId tenant = api.aTenant();

        var refused = api.post(tenant, EndpointsApi.BASE,
                Map.of("url", "http://169.254.169.254/latest/meta-data?token=top-secret-query"));

        assertUrlRefused(refused, "forbidden_address");
        assertThat(refused.field("detail")).contains("cloud metadata");
        assertThat(refused.body()).doesNotContain("top-secret-query").doesNotContain("169.254.169.254");
        var byName = api.post(tenant, EndpointsApi.BASE, Map.of("url", "http://metadata.google.internal/x"));
        assertUrlRefused(byName, "cloud_metadata_host");
        var linkLocal = api.post(tenant, EndpointsApi.BASE, Map.of("url", "http://169.254.10.20/hooks"));
        assertUrlRefused(linkLocal, "forbidden_address");
        assertThat(api.get(tenant, EndpointsApi.BASE).data()).isEmpty();
    }

    @Test
    void badFieldsAreProblemsNamingTheField() {
        TenantId tenant = api.aTenant();

        assertField(api.post(tenant, EndpointsApi.BASE, Map.of("description", "no url")), "/url");
        assertField(api.post(tenant, EndpointsApi.BASE, Map.of("url", "not a url")), "/url");
        assertField(api.post(tenant, EndpointsApi.BASE,
                Map.of("url", RECEIVER, "event_types", List.of("session.decided", "session.exploded"))),
                "/event_types/1");
        assertField(api.post(tenant, EndpointsApi.BASE, Map.of("url", RECEIVER, "description", "x".repeat(501))),
                "/description");
        var unknown = api.post(tenant, EndpointsApi.BASE, Map.of("url", RECEIVER, "evnt_types", List.of()));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.contentType()).startsWith(Problem.MEDIA_TYPE);
        var malformedId = api.get(tenant, EndpointsApi.BASE + "/not-an-id");
        assertThat(malformedId.status()).isEqualTo(400);
        assertThat(malformedId.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(api.get(tenant, EndpointsApi.BASE).data()).isEmpty();
    }

    @Test
    void aReplayMustNameWhatToReplay() {
        TenantId tenant = api.aTenant();
        String id = api.registered(tenant, RECEIVER).field("id");
        String replay = EndpointsApi.BASE + "/" + id + "/replay";

        var nothing = api.post(tenant, replay, Map.of());
        assertThat(nothing.status()).as(nothing.body()).isEqualTo(422);
        assertField(api.post(tenant, replay, Map.of("session_id", "42")), "/session_id");
        assertField(api.post(tenant, replay, Map.of("since", "yesterday")), "/since");
        var none = api.post(tenant, replay, Map.of("since", "2025-01-01T00:00:00Z"));
        assertThat(none.status()).as(none.body()).isEqualTo(202);
        assertThat(none.object()).containsEntry("queued", 0);
    }

    @Test
    void anotherTenantsEndpointDoesNotExistForATenant() {
        TenantId owner = api.aTenant();
        TenantId other = api.aTenant();
        String id = api.registered(owner, RECEIVER).field("id");
        String path = EndpointsApi.BASE + "/" + id;

        assertNotFound(api.get(other, path));
        assertNotFound(api.delete(other, path));
        assertNotFound(api.post(other, path + "/enable", Map.of()));
        assertNotFound(api.post(other, path + "/rotate-secret", Map.of()));
        assertNotFound(api.post(other, path + "/replay", Map.of("since", "2025-01-01T00:00:00Z")));
        assertThat(api.get(other, EndpointsApi.BASE).data()).isEmpty();

        assertThat(api.get(owner, path).status()).isEqualTo(200);
        assertThat(api.get(owner, EndpointsApi.BASE).data()).hasSize(1);
    }

    @Test
    void deletingAnEndpointForgetsItAndItsSecret() {
        TenantId tenant = api.aTenant();
        String id = api.registered(tenant, RECEIVER).field("id");
        api.post(tenant, EndpointsApi.BASE + "/" + id + "/rotate-secret", Map.of());
        assertThat(rows.count("SELECT count(*) FROM secret WHERE tenant_id = ? AND owner LIKE ?", tenant.value(),
                id + "%")).isEqualTo(2);

        var deleted = api.delete(tenant, EndpointsApi.BASE + "/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertNotFound(api.get(tenant, EndpointsApi.BASE + "/" + id));
        assertNotFound(api.delete(tenant, EndpointsApi.BASE + "/" + id));
        assertThat(rows.count("SELECT count(*) FROM secret WHERE tenant_id = ? AND owner LIKE ?", tenant.value(),
                id + "%")).isZero();
    }

    @Test
    void withoutAnApiKeyNothingIsAnswered() {
        var anonymous = api.send(HttpRequest.GET(EndpointsApi.BASE));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith(Problem.MEDIA_TYPE);
    }

    private static void assertUrlRefused(EndpointsApi.Reply reply, String reason) {
        assertField(reply, "/url");
        assertThat(reply.field("reason")).as(reply.toString()).isEqualTo(reason);
        assertThat(reply.field("type")).isEqualTo(Problem.TYPE_BASE + "validation-failed");
    }

    private static void assertField(EndpointsApi.Reply reply, String pointer) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.errors()).as(reply.toString()).extracting(error -> error.get("pointer")).containsExactly(pointer);
    }

    private static void assertNotFound(EndpointsApi.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.field("type")).as(reply.toString())
                .isEqualTo(Problem.TYPE_BASE + "not-found");
    }
}
