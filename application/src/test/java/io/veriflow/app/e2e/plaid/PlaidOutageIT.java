package io.veriflow.app.e2e.plaid;

import static io.veriflow.app.e2e.plaid.PlaidWorld.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plaid failing for a while ({@code 500 INTERNAL_SERVER_ERROR}, {@code 429 RATE_LIMIT}, {@code 503
 * PLANNED_MAINTENANCE}, from the shared error fixtures): reconciliation is retried with backoff by the provider
 * decorator and then by the task worker, honouring {@code Retry-After}, until the session converges; a user-facing
 * call answers {@code 503 provider-unavailable} and can be repeated; a {@code /retry} whose answer was lost is never
 * sent twice. Short backoffs; the circuit breaker is kept out of the way (its own tests live in
 * {@code io.veriflow.app.provider}) so that the call counts below are exact.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.poll-interval", value = "20ms")
@Property(name = "veriflow.work.retry-initial", value = "50ms")
@Property(name = "veriflow.work.retry-max", value = "300ms")
@Property(name = "veriflow.providers.plaid.resilience.retry.max-attempts", value = "2")
@Property(name = "veriflow.providers.plaid.resilience.retry.initial-backoff", value = "10ms")
@Property(name = "veriflow.providers.plaid.resilience.retry.max-backoff", value = "50ms")
@Property(name = "veriflow.providers.plaid.resilience.circuit-breaker.sliding-window-size", value = "1000")
@Property(name = "veriflow.providers.plaid.resilience.circuit-breaker.minimum-number-of-calls", value = "1000")
@Property(name = "veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", value = "100000")
class PlaidOutageIT implements TestPropertyProvider {

    private static final FakePlaidApi.Reply INTERNAL_ERROR =
            FakePlaidApi.Reply.error("500_API_ERROR.INTERNAL_SERVER_ERROR.json");
    private static final FakePlaidApi.Reply RATE_LIMITED =
            FakePlaidApi.Reply.error("429_RATE_LIMIT_EXCEEDED.RATE_LIMIT.json");
    private static final FakePlaidApi.Reply MAINTENANCE =
            FakePlaidApi.Reply.error("503_API_ERROR.PLANNED_MAINTENANCE.json");

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
    void reconcileIsRetriedWithBackoffThroughA500And429BurstUntilTheSessionConverges() {
        PlaidWorld w = new PlaidWorld(plaid, context);
        Story story = Story.suffixed("Out");
        plaid.attemptIs(story, "failed");
        PlaidWorld.Started started = w.start("outage", Story.TEMPLATE, story.user());
        plaid.failNext(FakePlaidApi.IDV_GET, story.attempt1(), INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR,
                INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR, RATE_LIMITED, RATE_LIMITED, RATE_LIMITED,
                RATE_LIMITED.withHeader("Retry-After", "1"));

        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        Veriflow.Reply meanwhile = w.session(started);
        assertThat(meanwhile.text("state")).as("the client hint applies at once").isEqualTo("abandoned");

        Veriflow.Reply decided = w.awaitSession(started, "session decided after the outage",
                session -> "decided".equals(session.text("state")));
        assertThat(decided.text("decision/verdict")).isEqualTo("failed");
        assertThat(decided.text("attempts/0/provider_ref")).isEqualTo(story.attempt1());

        List<FakePlaidApi.Received> gets = plaid.received(FakePlaidApi.IDV_GET, story.attempt1());
        assertThat(gets).as("ten failed reads, then the one that worked").hasSize(11);
        Duration afterRetryAfter = Duration.between(gets.get(9).at(), gets.get(10).at());
        assertThat(afterRetryAfter).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        List<Map<String, Object>> tasks = w.rows.reconciles(started.session());
        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(task.get("state")).isEqualTo("done");
            assertThat(((Number) task.get("attempts")).intValue()).as("rescheduled by the worker, never dropped")
                    .isGreaterThanOrEqualTo(5);
        });
    }

    @Test
    void startDuringMaintenanceAnswers503AndTheSameIdempotencyKeyStartsOnceSheIsBack() {
        PlaidWorld w = new PlaidWorld(plaid, context);
        Story story = Story.suffixed("Mnt");
        Veriflow.Tenant tenant = w.veriflow.tenant("maintenance");
        String key = UUID.randomUUID().toString();
        plaid.failNext(FakePlaidApi.LINK_TOKEN_CREATE, story.user(), MAINTENANCE, MAINTENANCE);

        Veriflow.Reply down = w.veriflow.start(tenant, Story.TEMPLATE, story.user(), key);
        assertProblem(down, 503, "provider-unavailable", null);
        assertThat(plaid.received(FakePlaidApi.LINK_TOKEN_CREATE, story.user())).as("tried twice in-process")
                .hasSize(2);

        Veriflow.Reply up = w.veriflow.start(tenant, Story.TEMPLATE, story.user(), key);
        assertThat(up.status()).as("%s", up).isEqualTo(201);
        assertThat(up.text("launch/token")).startsWith("link-sandbox-e2e-");
        Veriflow.Reply replay = w.veriflow.start(tenant, Story.TEMPLATE, story.user(), key);
        assertThat(replay.status()).as("%s", replay).isEqualTo(201);
        assertThat(replay.text("session/id")).isEqualTo(up.text("session/id"));
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(plaid.received(FakePlaidApi.LINK_TOKEN_CREATE, story.user())).hasSize(3);
    }

    @Test
    void retryWhoseAnswerWasLostIsNotSentAgainAndTheNextRetryFindsTheAttempt() {
        PlaidWorld w = new PlaidWorld(plaid, context);
        Story story = Story.suffixed("Lost");
        plaid.attemptIs(story, "failed");
        PlaidWorld.Started started = w.start("lost-retry", Story.TEMPLATE, story.user());
        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        assertThat(w.settled(started).text("decision/verdict")).isEqualTo("failed");

        // Plaid opens the attempt, but its answer is lost (500): the outcome is unknown, so it is not re-sent.
        plaid.retryOpens(story.text("api/identity_verification_retry.response.json"));
        plaid.failNext(FakePlaidApi.IDV_RETRY, story.user(), INTERNAL_ERROR);
        Veriflow.Reply lost = w.veriflow.retry(started.tenant(), started.session(), "{\"mode\":\"restart\"}");
        assertProblem(lost, 503, "provider-unavailable", null);
        assertThat(plaid.received(FakePlaidApi.IDV_RETRY, story.user())).hasSize(1);
        assertThat(w.session(started).list("attempts")).hasSize(1);

        // The user tries again: the adapter lists first, finds the attempt Plaid made, and does not retry twice.
        Veriflow.Reply found = w.veriflow.retry(started.tenant(), started.session(), "{\"mode\":\"restart\"}");
        assertThat(found.status()).as("%s", found).isEqualTo(200);
        assertThat(found.text("session/attempts/1/provider_ref")).isEqualTo(story.attempt2());
        assertThat(found.text("session/attempts/1/previous_ref")).isEqualTo(story.attempt1());
        assertThat(found.text("launch/token")).startsWith("link-sandbox-e2e-");
        assertThat(plaid.received(FakePlaidApi.IDV_RETRY, story.user())).hasSize(1);
        assertThat(plaid.received(FakePlaidApi.IDV_LIST, story.user())).hasSize(2);
    }
}
