package io.veriflow.app.security;

import static io.veriflow.app.security.Fixtures.aFreshTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session's client secret, through real HTTP: it may post that session's client callbacks and nothing else.
 * Another session's callbacks path answers 404 (it learns nothing); any other request is forbidden.
 */
@MicronautTest(transactional = false)
@Property(name = CallerEchoFilter.ENABLED, value = "true")
@Property(name = OperatorKey.PROPERTY, value = Fixtures.OPERATOR_KEY)
@Property(name = DevelopmentTenant.ENABLED, value = "false")
class ClientSecretReachesOnlyItsSessionsCallbacksIT {

    private static final Map<String, Object> CALLBACK = Map.of("event", "onExit");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Tenants tenants;

    @Inject
    ClientSecrets clientSecrets;

    @Inject
    ApplicationContext context;

    private DataSource dataSource;

    @Inject
    JsonMapper json;

    private TenantId tenant;
    private SessionId session;
    private SessionId otherSession;
    private String secret;

    @BeforeEach
    void aSessionWithItsClientSecret() throws Exception {
        dataSource = Fixtures.plainDataSource(context);
        tenant = aFreshTenant();
        tenants.create(tenant, "Tenant", Optional.empty());
        session = Fixtures.aSessionOf(dataSource, tenant);
        otherSession = Fixtures.aSessionOf(dataSource, tenant);
        secret = clientSecrets.issue(tenant, session).reveal();
    }

    @Test
    void itPostsItsOwnSessionsCallbacks() {
        Http.Reply reply = postCallback(session.toString(), secret);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json(json))
                .containsEntry("kind", "session-client")
                .containsEntry("tenant", tenant.value())
                .containsEntry("session", session.toString());
        assertThat(clientSecrets.authenticate(secret)).contains(new Caller.SessionClient(tenant, session));
    }

    @Test
    void anotherSessionsCallbacksAnswerNotFound() throws Exception {
        TenantId otherTenant = aFreshTenant();
        SessionId otherTenantsSession = Fixtures.aSessionOf(dataSource, otherTenant);

        for (String id : List.of(otherSession.toString(), otherTenantsSession.toString(),
                Fixtures.aSessionId().toString(), "not-a-session-id")) {
            Http.Reply reply = postCallback(id, secret);
            reply.problem(json, 404, Problems.NOT_FOUND);
            assertThat(reply.body()).doesNotContain(session.toString()).doesNotContain(tenant.value());
        }
    }

    @Test
    void anythingElseIsForbidden() {
        String own = "/v1/sessions/" + session;
        List<Http.Reply> replies = List.of(
                Http.call(client, HttpRequest.GET(own + "/callbacks"), secret),
                Http.call(client, HttpRequest.PUT(own + "/callbacks", CALLBACK), secret),
                Http.call(client, HttpRequest.GET(own), secret),
                Http.call(client, HttpRequest.POST(own + "/resume", Map.of()), secret),
                Http.call(client, HttpRequest.GET("/v1/sessions"), secret),
                Http.call(client, HttpRequest.POST("/v1/sessions", Map.of()), secret),
                Http.call(client, HttpRequest.POST(own + "/callbacks/extra", CALLBACK), secret),
                Http.call(client, HttpRequest.POST("/admin/tenants", Map.of("id", "x", "display_name", "x")), secret),
                Http.call(client, HttpRequest.GET("/somewhere-else"), secret));

        assertThat(replies).allSatisfy(reply -> reply.problem(json, 403, Problems.FORBIDDEN));
    }

    @Test
    void issuingAgainReplacesTheSecret() {
        Secret replacement = clientSecrets.issue(tenant, session);

        postCallback(session.toString(), secret).problem(json, 401, Problems.UNAUTHENTICATED);
        assertThat(postCallback(session.toString(), replacement.reveal()).status()).isEqualTo(200);
    }

    @Test
    void theSecretGoesWithItsSession() throws Exception {
        Fixtures.execute(dataSource, "DELETE FROM verification_session WHERE tenant_id = ? AND id = ?",
                tenant.value(), session.value());

        postCallback(session.toString(), secret).problem(json, 401, Problems.UNAUTHENTICATED);
    }

    @Test
    void aDisabledTenantsSecretsStopWorking() throws Exception {
        Fixtures.execute(dataSource, "UPDATE tenant SET disabled_at = now() WHERE id = ?", tenant.value());

        postCallback(session.toString(), secret).problem(json, 401, Problems.UNAUTHENTICATED);
    }

    @Test
    void aWrongSecretGetsTheSameAnswerAsAnUnknownOne() {
        String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("0") ? "1" : "0");
        String unknown = "vfcs_aaaaaaaaaaaa_" + Fixtures.secretPart(secret);

        Http.Reply toWrong = postCallback(session.toString(), wrong);
        Http.Reply toUnknown = postCallback(session.toString(), unknown);

        toWrong.problem(json, 401, Problems.UNAUTHENTICATED);
        assertThat(toWrong).isEqualTo(toUnknown);
    }

    @Test
    void secretsAreStoredOnlyAsTheirDigests() throws Exception {
        byte[] stored = Fixtures.digest(dataSource,
                "SELECT hash FROM session_client_secret WHERE tenant_id = ? AND session_id = ?",
                tenant.value(), session.value());
        List<String> rows = Fixtures.texts(dataSource,
                "SELECT row_to_json(s)::text FROM session_client_secret s WHERE tenant_id = ?", tenant.value());

        assertThat(secret).matches("vfcs_[a-z2-7]{12}_[0-9A-Za-z]{43}");
        assertThat(stored).isEqualTo(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(rows).hasSize(1).allSatisfy(row -> assertThat(row).doesNotContain(Fixtures.secretPart(secret)));
    }

    private Http.Reply postCallback(String sessionId, String credential) {
        return Http.call(client, HttpRequest.POST("/v1/sessions/" + sessionId + "/callbacks", CALLBACK), credential);
    }
}
