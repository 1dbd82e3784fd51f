package io.veriflow.app.api;

import static io.veriflow.app.api.ProblemAssertions.assertField;
import static io.veriflow.app.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.api.testprovider.TestProvider;
import io.veriflow.app.security.Tenants;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resuming and retrying sessions, and the refusals the domain decides. */
@MicronautTest(transactional = false)
@Property(name = TestProvider.ENABLED, value = "true")
class SessionActionsIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    Api api;

    @BeforeEach
    void driver() {
        api = new Api(client, json, tenants);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOpenSessionResumesWithAFreshLaunch() {
        Api.Reply started = api.started("acme", "tmpl_basic", "resumer-1");
        String firstToken = (String) ((Map<String, Object>) started.object().get("launch")).get("token");

        Api.Reply resumed = api.post("acme", "/v1/sessions/" + started.sessionId() + "/resume", Map.of());

        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.sessionId()).isEqualTo(started.sessionId());
        assertThat(resumed.session()).containsEntry("state", "in_progress");
        Map<String, Object> launch = (Map<String, Object>) resumed.object().get("launch");
        assertThat((String) launch.get("token")).startsWith("tp-token-").isNotEqualTo(firstToken);
    }

    @Test
    void aResumeNeedsNoBodyNorContentType() {
        Api.Reply started = api.started("acme", "tmpl_basic", "resumer-2");

        Api.Reply resumed = api.send(api.as("acme", HttpRequest.POST("/v1/sessions/" + started.sessionId()
                + "/resume", "")));

        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
    }

    @Test
    void aDecidedSessionIsNotResumable() {
        Api.Reply started = api.started("acme", "tmpl_passed", "resumer-3");

        Api.Reply refused = api.post("acme", "/v1/sessions/" + started.sessionId() + "/resume", Map.of());

        Map<String, Object> problem = assertProblem(refused, 409, "session-not-resumable");
        assertThat(problem).containsEntry("reason", "already_decided");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedSessionIsRetriedWithANewChainedAttempt() {
        Api.Reply started = api.started("acme", "tmpl_failed", "retrier-1");
        String firstRef = (String) ((List<Map<String, Object>>) started.session().get("attempts")).getFirst()
                .get("provider_ref");

        Api.Reply retried = api.post("acme", "/v1/sessions/" + started.sessionId() + "/retry",
                Map.of("mode", "from_failed_step"));

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        Map<String, Object> session = retried.session();
        assertThat(session).containsEntry("state", "created").containsEntry("decision", null);
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) session.get("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1)).containsEntry("number", 2).containsEntry("origin", "retry")
                .containsEntry("previous_ref", firstRef);
        assertThat((String) ((Map<String, Object>) retried.object().get("launch")).get("token"))
                .startsWith("tp-token-");
    }

    @Test
    void aRetryWithoutABodyUsesTheProvidersDefault() {
        Api.Reply started = api.started("acme", "tmpl_failed", "retrier-2");

        Api.Reply retried = api.send(api.as("acme",
                HttpRequest.POST("/v1/sessions/" + started.sessionId() + "/retry", "")));

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    }

    @Test
    void aPassedSessionIsNotRetryable() {
        Api.Reply started = api.started("acme", "tmpl_passed", "retrier-3");

        Api.Reply refused = api.post("acme", "/v1/sessions/" + started.sessionId() + "/retry", Map.of());

        Map<String, Object> problem = assertProblem(refused, 409, "session-not-retryable");
        assertThat(problem).containsEntry("reason", "already_passed");
    }

    @Test
    void anOpenSessionIsNotRetryable() {
        Api.Reply started = api.started("acme", "tmpl_basic", "retrier-4");

        Api.Reply refused = api.post("acme", "/v1/sessions/" + started.sessionId() + "/retry", Map.of());

        assertThat(assertProblem(refused, 409, "session-not-retryable")).containsEntry("reason", "still_open");
    }

    @Test
    void anInvalidRetryPlanIsRefusedNamingTheField() {
        Api.Reply started = api.started("acme", "tmpl_failed", "retrier-5");
        String retry = "/v1/sessions/" + started.sessionId() + "/retry";

        assertField(assertProblem(api.post("acme", retry, Map.of("mode", "again")), 422, "validation-failed"),
                "/mode");
        assertField(assertProblem(api.post("acme", retry, Map.of("mode", "selected_steps")), 422,
                "validation-failed"), "/steps");
        assertField(assertProblem(api.post("acme", retry, Map.of("mode", "restart", "steps", List.of("selfie"))),
                422, "validation-failed"), "/steps");
        assertField(assertProblem(api.post("acme", retry, Map.of("mode", "restart", "force", true)), 422,
                "validation-failed"), "/force");
    }

    @Test
    void aClientSecretCannotDriveTheSession() {
        Api.Reply started = api.started("acme", "tmpl_basic", "resumer-4");
        String secret = (String) started.object().get("client_secret");

        Api.Reply resume = api.send(HttpRequest.POST("/v1/sessions/" + started.sessionId() + "/resume", Map.of())
                .bearerAuth(secret));
        Api.Reply read = api.send(HttpRequest.GET("/v1/sessions/" + started.sessionId()).bearerAuth(secret));

        assertProblem(resume, 403, "forbidden");
        assertProblem(read, 403, "forbidden");
    }
}
