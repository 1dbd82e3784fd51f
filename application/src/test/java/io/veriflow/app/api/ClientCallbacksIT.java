package io.veriflow.app.api;

import static io.veriflow.app.api.ProblemAssertions.assertField;
import static io.veriflow.app.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
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

/** Client callbacks forwarded by the front end: translated by the provider's adapter and recorded as hints. */
@MicronautTest(transactional = false)
@Property(name = TestProvider.ENABLED, value = "true")
class ClientCallbacksIT {

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
    void aCallbackPostedWithTheClientSecretIsRecordedOnceAndShowsOnTheTimeline() {
        Api.Reply started = api.started("acme", "tmpl_basic", "caller-1");
        String callbacks = "/v1/sessions/" + started.sessionId() + "/callbacks";
        String secret = (String) started.object().get("client_secret");

        Api.Reply exit = api.send(HttpRequest.POST(callbacks, "{\"callback\":\"exit\",\"id\":\"evt-1\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(secret));
        Api.Reply repeated = api.send(HttpRequest.POST(callbacks, "{\"id\":\"evt-1\",\"callback\":\"exit\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(secret));

        assertThat(exit.status()).as(exit.toString()).isEqualTo(202);
        assertThat(exit.object()).containsEntry("accepted", 1).containsEntry("duplicates", 0);
        assertThat(repeated.status()).isEqualTo(202);
        assertThat(repeated.object()).containsEntry("accepted", 0).containsEntry("duplicates", 1);
        assertThat(api.get("acme", "/v1/sessions/" + started.sessionId()).object())
                .containsEntry("state", "abandoned");
        List<Object> timeline = api.get("acme", "/v1/sessions/" + started.sessionId() + "/timeline").array();
        assertThat(timeline).hasSize(2);
        Map<String, Object> hint = (Map<String, Object>) timeline.get(1);
        assertThat(hint).containsEntry("name", "testprov.client.exit")
                .containsEntry("authority", "client_hint")
                .containsEntry("result", "changed")
                .containsEntry("events", List.of("session_abandoned"));
    }

    @Test
    void aCallbackMayBePostedWithTheTenantsApiKey() {
        Api.Reply started = api.started("acme", "tmpl_basic", "caller-2");

        Api.Reply open = api.post("acme", "/v1/sessions/" + started.sessionId() + "/callbacks",
                Map.of("callback", "open"));

        assertThat(open.status()).as(open.toString()).isEqualTo(202);
        assertThat(open.object()).containsEntry("accepted", 1);
    }

    @Test
    void aClientSecretIsGoodForItsOwnSessionOnly() {
        Api.Reply mine = api.started("acme", "tmpl_basic", "caller-3");
        Api.Reply other = api.started("acme", "tmpl_basic", "caller-4");

        Api.Reply crossed = api.send(HttpRequest.POST("/v1/sessions/" + other.sessionId() + "/callbacks",
                Map.of("callback", "open")).bearerAuth((String) mine.object().get("client_secret")));

        assertProblem(crossed, 404, "not-found");
    }

    @Test
    void aCallbackTheProviderDoesNotSendIsRefusedNamingTheField() {
        Api.Reply started = api.started("acme", "tmpl_basic", "caller-5");
        String callbacks = "/v1/sessions/" + started.sessionId() + "/callbacks";

        Api.Reply unknown = api.post("acme", callbacks, Map.of("callback", "teleport"));
        Api.Reply missing = api.post("acme", callbacks, Map.of("event", "exit"));

        assertField(assertProblem(unknown, 400, "callback-unreadable"), "/callback");
        assertField(assertProblem(missing, 400, "callback-unreadable"), "/callback");
    }

    @Test
    void callbacksOfAnotherTenantsSessionAreNotFound() {
        Api.Reply started = api.started("acme", "tmpl_basic", "caller-6");

        Api.Reply posted = api.post("globex", "/v1/sessions/" + started.sessionId() + "/callbacks",
                Map.of("callback", "open"));

        assertProblem(posted, 404, "not-found");
    }

    @Test
    void anEmptyCallbackBodyIsMalformed() {
        Api.Reply started = api.started("acme", "tmpl_basic", "caller-7");

        Api.Reply empty = api.send(api.as("acme", HttpRequest.POST("/v1/sessions/" + started.sessionId()
                + "/callbacks", "").contentType(MediaType.APPLICATION_JSON_TYPE)));

        assertProblem(empty, 400, "malformed-json");
    }

    @Test
    void aProviderWithoutClientCallbacksRefusesThem() {
        Api.Reply started = api.send(api.as("acme", HttpRequest.POST("/v1/sessions",
                Map.of("provider", "testplain", "template", "tmpl_basic", "subject", "caller-8"))
                .header("Idempotency-Key", "plain-1")));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);

        Api.Reply posted = api.post("acme", "/v1/sessions/" + started.sessionId() + "/callbacks",
                Map.of("callback", "open"));

        assertProblem(posted, 422, "callbacks-not-supported");
    }
}
