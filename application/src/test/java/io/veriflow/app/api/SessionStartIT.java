package io.veriflow.app.api;

import static io.veriflow.app.api.ProblemAssertions.assertField;
import static io.veriflow.app.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.api.testprovider.TestProvider;
import io.veriflow.app.security.Tenants;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/sessions}: starting a session, idempotently, over real HTTP on embedded PostgreSQL. */
@MicronautTest(transactional = false)
@Property(name = TestProvider.ENABLED, value = "true")
@Property(name = "veriflow.providers.testprov.resilience.retry.max-attempts", value = "1")
class SessionStartIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    @Inject
    TestProvider provider;

    @Inject
    DataSource transactionAwareDataSource;

    @Inject
    DataSourceResolver dataSourceResolver;

    Api api;

    DataSource dataSource;

    @BeforeEach
    void driver() {
        api = new Api(client, json, tenants);
        // Plain JDBC outside any transaction: unwrap Micronaut's transaction-aware data source.
        dataSource = dataSourceResolver.resolve(transactionAwareDataSource);
    }

    @Test
    @SuppressWarnings("unchecked")
    void startingASessionAnswersTheSessionItsLaunchAndAClientSecret() {
        Api.Reply reply = api.start("acme", UUID.randomUUID().toString(), "tmpl_basic", "user-1");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = reply.object();
        assertThat((String) body.get("client_secret")).startsWith("vfcs_");
        assertThat(body.get("replayed")).isEqualTo(false);
        Map<String, Object> session = reply.session();
        assertThat(session).containsEntry("provider", "testprov").containsEntry("template", "tmpl_basic")
                .containsEntry("subject", "user-1").containsEntry("state", "created")
                .containsKeys("id", "decision", "steps", "attempts", "created_at", "updated_at");
        assertThat(session.get("decision")).isNull();
        assertThat((List<Map<String, Object>>) session.get("steps"))
                .containsExactly(Map.of("step", "document", "status", "pending"));
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) session.get("attempts");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getFirst()).containsEntry("number", 1).containsEntry("origin", "session_start")
                .containsEntry("previous_ref", null).containsKey("opened_at");
        assertThat((String) attempts.getFirst().get("provider_ref")).startsWith("tp_");
        Map<String, Object> launch = (Map<String, Object>) body.get("launch");
        assertThat((String) launch.get("token")).startsWith("tp-token-");
        assertThat((Map<String, Object>) launch.get("parameters")).containsEntry("environment", "sandbox");
        assertThat(launch).containsKey("expires_at");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameKeyAndBodyReplaysTheSameSessionWithoutStoringOrRepeatingTheLaunchToken() throws SQLException {
        String key = UUID.randomUUID().toString();
        Api.Reply first = api.start("acme", key, "tmpl_basic", "user-2");
        int startsAfterFirst = provider.starts();

        Api.Reply again = api.start("acme", key, "tmpl_basic", "user-2");

        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(again.object().get("replayed")).isEqualTo(true);
        assertThat(again.sessionId()).isEqualTo(first.sessionId());
        assertThat(again.session()).isEqualTo(first.session());
        assertThat(provider.starts()).as("the provider is not asked again").isEqualTo(startsAfterFirst);
        Map<String, Object> launch = (Map<String, Object>) again.object().get("launch");
        assertThat(launch).doesNotContainKey("token");
        assertThat((Map<String, Object>) launch.get("parameters")).containsEntry("environment", "sandbox");
        String reissued = (String) again.object().get("client_secret");
        assertThat(reissued).startsWith("vfcs_").isNotEqualTo(first.object().get("client_secret"));

        String stored = storedResponse("acme", key);
        assertThat(stored).contains(first.sessionId())
                .doesNotContain("vfcs_")
                .doesNotContain("tp-token-")
                .doesNotContain((String) first.object().get("client_secret"));
    }

    @Test
    void theReissuedClientSecretReplacesTheFirstOne() {
        String key = UUID.randomUUID().toString();
        Api.Reply first = api.start("acme", key, "tmpl_basic", "user-3");
        Api.Reply again = api.start("acme", key, "tmpl_basic", "user-3");
        String callbacks = "/v1/sessions/" + first.sessionId() + "/callbacks";

        Api.Reply withOld = api.send(HttpRequest.POST(callbacks, Map.of("callback", "open"))
                .bearerAuth((String) first.object().get("client_secret")));
        Api.Reply withNew = api.send(HttpRequest.POST(callbacks, Map.of("callback", "open"))
                .bearerAuth((String) again.object().get("client_secret")));

        assertProblem(withOld, 401, "unauthenticated");
        assertThat(withNew.status()).as(withNew.toString()).isEqualTo(202);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        api.start("acme", key, "tmpl_basic", "user-4");

        Api.Reply reused = api.start("acme", key, "tmpl_basic", "someone-else");

        Map<String, Object> problem = assertProblem(reused, 422, "idempotency-key-reused");
        assertField(problem, "Idempotency-Key");
    }

    @Test
    void aKeyBelongsToItsTenant() {
        String key = UUID.randomUUID().toString();
        Api.Reply acme = api.start("acme", key, "tmpl_basic", "user-5");
        Api.Reply globex = api.start("globex", key, "tmpl_basic", "user-5");

        assertThat(globex.status()).as(globex.toString()).isEqualTo(201);
        assertThat(globex.object().get("replayed")).isEqualTo(false);
        assertThat(globex.sessionId()).isNotEqualTo(acme.sessionId());
    }

    @Test
    void concurrentRequestsWithOneKeyStartOneSession() throws Exception {
        String key = UUID.randomUUID().toString();
        TestProvider.Gate gate = provider.newGate();
        int startsBefore = provider.starts();
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Api.Reply> first = background.submit(() -> api.start("acme", key, "tmpl_gated", "user-6"));
            assertThat(gate.awaitEntered()).as("the first request reached the provider").isTrue();

            Api.Reply second = api.start("acme", key, "tmpl_gated", "user-6");

            Map<String, Object> problem = assertProblem(second, 409, "request-in-progress");
            assertThat(second.header("Retry-After")).hasValue("1");
            assertThat(problem).containsKey("detail");
            gate.open();
            Api.Reply firstReply = first.get(20, TimeUnit.SECONDS);
            assertThat(firstReply.status()).as(firstReply.toString()).isEqualTo(201);
            Api.Reply third = api.start("acme", key, "tmpl_gated", "user-6");
            assertThat(third.status()).isEqualTo(201);
            assertThat(third.sessionId()).isEqualTo(firstReply.sessionId());
        } finally {
            gate.open();
        }
        assertThat(provider.starts() - startsBefore).as("starts that reached the provider").isEqualTo(1);
    }

    @Test
    void aMissingIdempotencyKeyIsRefused() {
        Api.Reply reply = api.send(api.as("acme", HttpRequest.POST("/v1/sessions",
                Map.of("provider", "testprov", "template", "tmpl_basic", "subject", "user-7"))));

        assertField(assertProblem(reply, 400, "idempotency-key-required"), "Idempotency-Key");
    }

    @Test
    void anIdempotencyKeyWithWhitespaceIsRefused() {
        Api.Reply reply = api.start("acme", "two words", "tmpl_basic", "user-8");

        assertField(assertProblem(reply, 400, "invalid-field"), "Idempotency-Key");
    }

    @Test
    void anUnknownProviderIsRefusedAndDoesNotUseUpTheKey() {
        String key = UUID.randomUUID().toString();
        Api.Reply unknown = api.send(api.as("acme", HttpRequest.POST("/v1/sessions",
                Map.of("provider", "nosuchprovider", "template", "tmpl_basic", "subject", "user-9"))
                .header("Idempotency-Key", key)));

        assertField(assertProblem(unknown, 422, "unknown-provider"), "/provider");
        Api.Reply corrected = api.start("acme", key, "tmpl_basic", "user-9");
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(201);
    }

    @Test
    void aProviderFailureDoesNotUseUpTheKey() {
        String key = UUID.randomUUID().toString();

        Api.Reply first = api.start("acme", key, "tmpl_unavailable", "user-10");
        Api.Reply retried = api.start("acme", key, "tmpl_unavailable", "user-10");

        assertProblem(first, 503, "provider-unavailable");
        assertProblem(retried, 503, "provider-unavailable");
    }

    @Test
    void aClaimWhoseLeaseLapsedIsTakenOver() throws SQLException {
        String key = UUID.randomUUID().toString();
        api.apiKey("acme");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO idempotency_key (tenant_id, idempotency_key, request_hash, state, claim_token,
                                                     locked_until)
                        VALUES ('acme', ?, ?, 'in_progress', gen_random_uuid(), now() - interval '1 second')""")) {
            insert.setString(1, key);
            insert.setString(2, io.veriflow.app.api.idempotency.RequestFingerprint.of("POST /v1/sessions",
                    "testprov", "tmpl_basic", "user-11"));
            insert.executeUpdate();
        }

        Api.Reply reply = api.start("acme", key, "tmpl_basic", "user-11");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.object().get("replayed")).isEqualTo(false);
    }

    @Test
    void invalidBodyFieldsAreNamedByPointer() {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("provider", "testprov");
        body.put("subject", "");
        Api.Reply reply = api.send(api.as("acme", HttpRequest.POST("/v1/sessions", body)
                .header("Idempotency-Key", UUID.randomUUID().toString())));

        Map<String, Object> problem = assertProblem(reply, 422, "validation-failed");
        assertField(problem, "/subject");
        assertField(problem, "/template");
    }

    @Test
    void aSubjectTheDomainRefusesIsNamedByPointer() {
        Api.Reply reply = api.start("acme", UUID.randomUUID().toString(), "tmpl_basic", "user 12");

        assertField(assertProblem(reply, 422, "validation-failed"), "/subject");
    }

    @Test
    void anUnknownBodyFieldIsRefused() {
        Api.Reply reply = api.send(api.as("acme", HttpRequest.POST("/v1/sessions",
                Map.of("provider", "testprov", "template", "tmpl_basic", "subject", "user-13", "colour", "blue"))
                .header("Idempotency-Key", UUID.randomUUID().toString())));

        assertField(assertProblem(reply, 422, "validation-failed"), "/colour");
    }

    private String storedResponse(String tenant, String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT response::text FROM idempotency_key WHERE tenant_id = ? AND idempotency_key = ?")) {
            select.setString(1, tenant);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (row.next()) {
                    found.add(row.getString(1));
                }
                assertThat(found).hasSize(1);
                return found.getFirst();
            }
        }
    }
}
