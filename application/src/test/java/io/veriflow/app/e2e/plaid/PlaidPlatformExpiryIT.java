package io.veriflow.app.e2e.plaid;

import static io.veriflow.app.e2e.plaid.PlaidWorld.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plaid attempts never expire by themselves: the platform enforces {@code veriflow.plaid.session-lifetime} (here three
 * seconds, with the sweep every 100 ms). An abandoned session, and one nobody ever opened, become expired
 * ({@code session.expired}); Plaid still calling the attempt active does not reopen it; the expired session is
 * retried into a new attempt, which Plaid's success then decides.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "veriflow.plaid.session-lifetime", value = "3s")
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.poll-interval", value = "20ms")
@Property(name = "veriflow.work.silent-scan-interval", value = "100ms")
@Property(name = "veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", value = "100000")
class PlaidPlatformExpiryIT implements TestPropertyProvider {

    private final FakePlaidApi plaid = new FakePlaidApi();

    @Inject
    ApplicationContext context;

    @Override
    public Map<String, String> getProperties() {
        return plaid.serviceProperties();
    }

    @AfterAll
    void closePlaid() {
        plaid.close();
    }

    @Test
    void abandonedPlaidSessionExpiresOnThePlatformAndIsRetried() {
        PlaidWorld w = new PlaidWorld(plaid, context);
        Story story = Story.fixture();
        plaid.attemptIs(story, "active");
        PlaidWorld.Started abandoned = w.start("platform-expiry", Story.TEMPLATE, Story.USER);
        PlaidWorld.Started untouched = w.start("platform-expiry-untouched", Story.TEMPLATE, "cus_never_opened");
        w.forward(abandoned, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        assertThat(w.session(abandoned).text("state")).isEqualTo("abandoned");

        w.awaitSession(abandoned, "the abandoned session expired", session -> "expired".equals(session.text("state")));
        Veriflow.Reply expired = w.settled(abandoned);
        assertThat(expired.text("state")).isEqualTo("expired");
        assertThat(expired.at("decision")).isNull();
        assertThat(expired.text("attempts/0/provider_ref")).as("the claim was confirmed").isEqualTo(Story.ATTEMPT_1);
        assertThat(w.rows.events(abandoned.session())).containsSubsequence("session.abandoned", "session.expired")
                .containsOnlyOnce("session.expired");
        assertThat(w.awaitSession(untouched, "the untouched session expired",
                session -> "expired".equals(session.text("state"))).text("attempts/0/provider_ref")).isNull();
        assertThat(w.rows.events(untouched.session())).containsOnlyOnce("session.expired");

        // Plaid still says active: the platform's expiry stands.
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.step_updated.json"));
        assertThat(w.settled(abandoned).text("state")).isEqualTo("expired");
        assertProblem(w.veriflow.resume(abandoned.tenant(), abandoned.session()), 409, "session-not-resumable",
                "expired");

        // Retried with the deployment's default plan: Plaid chooses (strategy infer).
        plaid.retryOpens(story.text("api/identity_verification_retry.response.json"));
        Veriflow.Reply retried = w.veriflow.retry(abandoned.tenant(), abandoned.session(), "{}");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        assertThat(retried.text("session/attempts/1/provider_ref")).isEqualTo(Story.ATTEMPT_2);
        assertThat(retried.text("session/attempts/1/previous_ref")).isEqualTo(Story.ATTEMPT_1);
        assertThat(retried.text("session/attempts/1/origin")).isEqualTo("retry");
        assertThat(retried.text("launch/token")).startsWith("link-sandbox-e2e-");
        assertThat(plaid.received(FakePlaidApi.IDV_RETRY, Story.USER)).singleElement()
                .satisfies(call -> assertThat(call.field("strategy")).contains("infer"));

        // Plaid's decision closes the new attempt whether or not its own lifetime has run out meanwhile.
        plaid.attemptIs(story, "success");
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.status_updated.success.json"));
        Veriflow.Reply passed = w.awaitSession(abandoned, "attempt 2 decided",
                session -> "decided".equals(session.text("state")));
        assertThat(passed.text("decision/verdict")).isEqualTo("passed");
        assertThat(w.rows.events(abandoned.session())).containsSubsequence("session.expired",
                "session.attempt_retried", "session.decided");
    }
}
