package io.veriflow.app.e2e.plaid;

import static io.veriflow.app.e2e.plaid.PlaidWorld.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Plaid stories of the shared fixtures, end to end: the whole service on embedded PostgreSQL with its task worker
 * on, calling a local fake of Plaid's API over HTTP, and every input arriving over real HTTP: the product team's API
 * calls, Link callbacks forwarded by the front end with the session's client secret, and webhooks signed by "Plaid"
 * (ES256, the key served by the fake's {@code /webhook_verification_key/get}) that the service really verifies. Plaid's
 * webhooks are thin, so every outcome below is reached through reconciliation against the fake's {@code /get}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.poll-interval", value = "20ms")
@Property(name = "veriflow.work.retry-initial", value = "20ms")
@Property(name = "veriflow.work.retry-max", value = "200ms")
@Property(name = "veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", value = "100000")
class PlaidStoriesIT implements TestPropertyProvider {

    private final FakePlaidApi plaid = new FakePlaidApi();

    @Inject
    ApplicationContext context;

    private PlaidWorld world;

    @Override
    public Map<String, String> getProperties() {
        return plaid.serviceProperties();
    }

    @AfterAll
    void closePlaid() {
        plaid.close();
    }

    private PlaidWorld world() {
        if (world == null) {
            world = new PlaidWorld(plaid, context);
        }
        return world;
    }

    /**
     * REFERENCE.md section 0: attempt 1 ({@code idv_52xR9LKo77r1Np}) fails, a reset retry opens attempt 2
     * ({@code idv_8Wq3Nn5pTzKvLm}) chained to it, which passes; a second retry is refused.
     */
    @Test
    void failedAttemptIsRetriedWithResetAndTheRetryPasses() {
        PlaidWorld w = world();
        Story story = Story.fixture();
        plaid.attemptIs(story, "active");

        PlaidWorld.Started started = w.start("fixture-story", Story.TEMPLATE, Story.USER);
        Veriflow.Reply created = w.session(started);
        assertThat(created.text("state")).isEqualTo("created");
        assertThat(created.text("attempts/0/provider_ref")).as("Link has not named the attempt yet").isNull();
        FakePlaidApi.Received linkToken = plaid.received(FakePlaidApi.LINK_TOKEN_CREATE, Story.USER).getFirst();
        assertThat(linkToken.headers()).containsEntry("plaid-client-id", FakePlaidApi.CLIENT_ID)
                .containsEntry("plaid-secret", FakePlaidApi.SECRET);
        assertThat(linkToken.field("user.client_user_id")).contains(Story.USER);
        assertThat(linkToken.field("identity_verification.template_id")).contains(Story.TEMPLATE);

        // Plaid's webhook about an attempt nobody has named yet is not acknowledged: Plaid delivers it again later.
        Veriflow.Reply early = w.veriflow.plaidWebhook(story.bytes("webhooks/identity_verification.step_updated.json"));
        assertThat(early.status()).as("%s", early).isEqualTo(503);
        assertThat(early.header("Retry-After")).isPresent();

        // The user leaves Link; the front end forwards the callbacks. They only CLAIM the attempt id ...
        w.forward(started, story.bytes("link_callbacks/web/onEvent.EXIT.json"));
        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        // ... which the fetched snapshot confirms.
        Veriflow.Reply abandoned = w.settled(started);
        assertThat(abandoned.text("attempts/0/provider_ref")).isEqualTo(Story.ATTEMPT_1);
        assertThat(abandoned.text("state")).isEqualTo("abandoned");
        assertThat(abandoned.at("decision")).isNull();
        assertThat(steps(abandoned)).containsEntry("terms", "passed").containsEntry("phone", "passed")
                .containsEntry("data_check", "active");
        assertThat(plaid.received(FakePlaidApi.IDV_GET, Story.ATTEMPT_1)).isNotEmpty();

        // Plaid's redelivery now finds the session.
        assertThat(w.webhookAcknowledged(story.bytes("webhooks/identity_verification.step_updated.json"))
                .text("outcome")).isEqualTo("recorded");

        // The user came back and failed; the client says so, but a client never decides.
        w.forward(started, story.bytes("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_STEP.json"));
        w.forward(started, story.bytes("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_SESSION.json"));
        Veriflow.Reply submitted = w.settled(started);
        assertThat(submitted.text("state")).isEqualTo("submitted");
        assertThat(submitted.at("decision")).isNull();

        // Plaid decides: the thin STATUS_UPDATED webhook converges through /get.
        plaid.attemptIs(story, "failed");
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.status_updated.failed.json"));
        Veriflow.Reply failed = w.settled(started);
        assertThat(failed.text("state")).isEqualTo("decided");
        assertThat(failed.text("decision/verdict")).isEqualTo("failed");
        assertThat(failed.list("decision/reasons")).containsExactly("data_check_failed", "document_failed");
        assertThat(steps(failed)).containsEntry("data_check", "failed").containsEntry("document", "failed")
                .containsEntry("risk", "passed");
        assertThat(w.timeline(started, "plaid.webhook.STATUS_UPDATED")).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("authority", "notification"));
        assertThat(w.timeline(started, "plaid.api.fetch")).anySatisfy(entry -> assertThat(entry)
                .containsEntry("authority", "authoritative").containsEntry("result", "changed")
                .satisfies(e -> assertThat(e.get("events").toString()).contains("session_decided")));

        // Retry with Plaid's reset strategy: a new attempt chained to the failed one, and a link token for it.
        plaid.retryOpens(story.text("api/identity_verification_retry.response.json"));
        Veriflow.Reply retried = w.veriflow.retry(started.tenant(), started.session(), "{\"mode\":\"restart\"}");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        assertThat(retried.list("session/attempts")).hasSize(2);
        assertThat(retried.text("session/attempts/1/number")).isEqualTo("2");
        assertThat(retried.text("session/attempts/1/provider_ref")).isEqualTo(Story.ATTEMPT_2);
        assertThat(retried.text("session/attempts/1/previous_ref")).isEqualTo(Story.ATTEMPT_1);
        assertThat(retried.text("session/attempts/1/origin")).isEqualTo("retry");
        assertThat(retried.text("session/state")).isEqualTo("in_progress");
        assertThat(retried.at("session/decision")).isNull();
        assertThat(retried.text("launch/token")).startsWith("link-sandbox-e2e-").isNotEqualTo(started.linkToken());
        List<FakePlaidApi.Received> retryCalls = plaid.received(FakePlaidApi.IDV_RETRY, Story.USER);
        assertThat(retryCalls).singleElement().satisfies(call -> {
            assertThat(call.field("strategy")).contains("reset");
            assertThat(call.field("client_user_id")).contains(Story.USER);
            assertThat(call.field("template_id")).contains(Story.TEMPLATE);
        });
        assertThat(plaid.received(FakePlaidApi.IDV_LIST, Story.USER)).as("listed before retrying (no idempotency key)")
                .singleElement().satisfies(list -> assertThat(list.at()).isBefore(retryCalls.getFirst().at()));

        // Attempt 2: the user passes every step (client hints), Plaid says RETRIED, then success.
        w.forward(started, story.bytes("link_callbacks/web/onEvent.sequence.success_session.json"));
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.retried.json"));
        Veriflow.Reply awaiting = w.settled(started);
        assertThat(awaiting.text("state")).isEqualTo("submitted");
        assertThat(awaiting.at("decision")).isNull();

        plaid.attemptIs(story, "success");
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.status_updated.success.json"));
        Veriflow.Reply passed = w.settled(started);
        assertThat(passed.text("state")).isEqualTo("decided");
        assertThat(passed.text("decision/verdict")).isEqualTo("passed");
        assertThat(passed.list("decision/reasons")).isEmpty();
        assertThat(passed.list("attempts")).hasSize(2);
        assertThat(passed.text("attempts/1/provider_ref")).isEqualTo(Story.ATTEMPT_2);
        assertThat(steps(passed)).containsEntry("data_check", "passed").containsEntry("document", "not_applicable");

        // A late onSuccess changes nothing: it says the user finished, not that they passed.
        w.forward(started, story.bytes("link_callbacks/web/onSuccess.idv.json"));
        assertThat(w.settled(started).text("decision/verdict")).isEqualTo("passed");

        // A passed session is not retried.
        Veriflow.Reply again = w.veriflow.retry(started.tenant(), started.session(), "{\"mode\":\"restart\"}");
        assertProblem(again, 409, "session-not-retryable", "already_passed");
        assertThat(plaid.received(FakePlaidApi.IDV_RETRY, Story.USER)).hasSize(1);

        assertThat(w.rows.events(started.session())).containsSubsequence("session.started", "session.abandoned",
                "session.submitted", "session.decided", "session.attempt_retried", "session.submitted",
                "session.decided");
        assertThat(w.rows.events(started.session())).filteredOn("session.decided"::equals).hasSize(2);
    }

    /**
     * A browser can claim any attempt id. Claiming another user's passed attempt only leads to a fetch whose snapshot
     * is refused (another subject): nothing is bound, nothing decided, and Plaid's webhooks about that attempt do not
     * reach this session.
     */
    @Test
    void aClaimedAttemptOfAnotherUserIsNeverBound() {
        PlaidWorld w = world();
        Story victim = Story.suffixed("Vi");
        Story claimant = Story.suffixed("Cl");
        plaid.attemptIs(victim, "success");
        PlaidWorld.Started started = w.start("forged-claim", Story.TEMPLATE, claimant.user());

        w.forward(started, victim.bytes("link_callbacks/web/onSuccess.idv.json"));

        Veriflow.Reply after = w.settled(started);
        assertThat(plaid.received(FakePlaidApi.IDV_GET, victim.attempt2())).as("the claim was checked").isNotEmpty();
        assertThat(after.text("attempts/0/provider_ref")).isNull();
        assertThat(after.at("decision")).isNull();
        assertThat(after.text("state")).as("what the client said, nothing more").isEqualTo("submitted");
        assertThat(w.timeline(started, "plaid.api.fetch")).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("authority", "authoritative").containsEntry("result", "rejected")
                .containsEntry("reason", "subject_mismatch"));
        Veriflow.Reply webhook = w.veriflow.plaidWebhook(
                victim.bytes("webhooks/identity_verification.status_updated.success.json"));
        assertThat(webhook.status()).as("%s", webhook).isEqualTo(503);
    }

    /** An abandoned attempt Plaid still has open is resumed with a new link token for the same user. */
    @Test
    void abandonedSessionIsResumedWithAFreshLinkToken() {
        PlaidWorld w = world();
        Story story = Story.suffixed("Rs");
        plaid.attemptIs(story, "active");
        PlaidWorld.Started started = w.start("resume", Story.TEMPLATE, story.user());
        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        Veriflow.Reply abandoned = w.settled(started);
        assertThat(abandoned.text("state")).isEqualTo("abandoned");
        assertThat(abandoned.text("attempts/0/provider_ref")).isEqualTo(story.attempt1());
        int tokensBefore = plaid.received(FakePlaidApi.LINK_TOKEN_CREATE, story.user()).size();

        Veriflow.Reply resumed = w.veriflow.resume(started.tenant(), started.session());

        assertThat(resumed.status()).as("%s", resumed).isEqualTo(200);
        assertThat(resumed.text("launch/token")).startsWith("link-sandbox-e2e-").isNotEqualTo(started.linkToken());
        assertThat(resumed.text("session/state")).isEqualTo("in_progress");
        assertThat(resumed.list("session/attempts")).as("the same attempt, reopened").hasSize(1);
        assertThat(plaid.received(FakePlaidApi.LINK_TOKEN_CREATE, story.user())).hasSize(tokensBefore + 1)
                .last().satisfies(call -> assertThat(call.field("identity_verification.template_id"))
                        .contains(Story.TEMPLATE));
        assertThat(w.rows.events(started.session())).contains("session.resumed");

        // The fixture's EXIT event happened before the resume: stale, recorded and ignored.
        w.forward(started, story.bytes("link_callbacks/web/onEvent.EXIT.json"));
        Veriflow.Reply after = w.settled(started);
        assertThat(after.text("state")).isEqualTo("in_progress");
        assertThat(w.timeline(started, "plaid.onEvent.EXIT")).last()
                .satisfies(entry -> assertThat(entry).containsEntry("result", "ignored")
                        .containsEntry("reason", "stale_hint"));
    }

    /**
     * {@code idv_3Kp9Lm2QrTvXyZ}: a watchlist hit sends the attempt to review; the reviewer approves later, and the
     * session's decision changes from needs_review to passed.
     */
    @Test
    void pendingReviewIsLaterApproved() {
        PlaidWorld w = world();
        Story story = Story.fixture();
        plaid.attemptIs(story, "pending_review");
        PlaidWorld.Started started = w.start("review", Story.REVIEW_TEMPLATE, Story.REVIEW_USER);

        w.forward(started, story.bytes(
                "link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION.json"));
        Veriflow.Reply inReview = w.settled(started);
        assertThat(inReview.text("attempts/0/provider_ref")).isEqualTo(Story.REVIEW_ATTEMPT);
        assertThat(inReview.text("state")).isEqualTo("decided");
        assertThat(inReview.text("decision/verdict")).isEqualTo("needs_review");
        assertThat(inReview.list("decision/reasons")).containsExactly("watchlist_in_review");
        assertProblem(w.veriflow.retry(started.tenant(), started.session(), "{}"), 409, "session-not-retryable",
                "awaiting_review");

        // The fixture webhook is from production: acknowledged, ignored, not recorded.
        int signalsBefore = w.rows.signals(started.session()).size();
        assertThat(w.webhookAcknowledged(story.bytes(
                "webhooks/identity_verification.status_updated.production.json")).text("outcome"))
                .isEqualTo("ignored_other_environment");
        assertThat(w.rows.signals(started.session())).hasSize(signalsBefore);

        // The reviewer approves in Plaid's dashboard; Plaid says STATUS_UPDATED (from the sandbox environment).
        plaid.attemptIs(story.text("api/identity_verification_get.pending_review.json")
                .replace("\"status\": \"pending_review\"", "\"status\": \"success\"")
                .replace("\"watchlist_screening\": \"pending_review\"", "\"watchlist_screening\": \"manually_approved\""));
        w.webhookAcknowledged(story.text("webhooks/identity_verification.status_updated.production.json")
                .replace("\"production\"", "\"sandbox\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Veriflow.Reply approved = w.settled(started);
        assertThat(approved.text("state")).isEqualTo("decided");
        assertThat(approved.text("decision/verdict")).isEqualTo("passed");
        assertThat(steps(approved)).containsEntry("watchlist", "passed");
        assertThat(w.rows.events(started.session())).containsSubsequence("session.decided",
                "session.decision_changed");
        assertThat(w.timeline(started, "plaid.api.fetch")).anySatisfy(entry ->
                assertThat(entry.get("events").toString()).contains("decision_changed"));
    }

    /** {@code idv_7Dk4Rw1PbNcEhJ}: Plaid expired the attempt. Not resumable; a retry opens a new attempt. */
    @Test
    void attemptExpiredByPlaidIsRetried() {
        PlaidWorld w = world();
        Story story = Story.fixture().with(Story.ATTEMPT_1, Story.EXPIRED_ATTEMPT)
                .with(Story.ATTEMPT_2, Story.EXPIRED_ATTEMPT + "R2").with(Story.USER, Story.EXPIRED_USER);
        plaid.attemptIs(story, "expired");
        PlaidWorld.Started started = w.start("expired", Story.TEMPLATE, Story.EXPIRED_USER);

        w.forward(started, story.bytes("link_callbacks/web/onExit.idv.user_closed.json"));
        Veriflow.Reply expired = w.settled(started);
        assertThat(expired.text("attempts/0/provider_ref")).isEqualTo(Story.EXPIRED_ATTEMPT);
        assertThat(expired.text("state")).isEqualTo("expired");
        assertThat(expired.at("decision")).isNull();
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.status_updated.failed.json"));
        assertThat(w.settled(started).text("state")).isEqualTo("expired");
        assertThat(w.rows.events(started.session())).containsOnlyOnce("session.expired");

        assertProblem(w.veriflow.resume(started.tenant(), started.session()), 409, "session-not-resumable",
                "expired");

        plaid.retryOpens(story.text("api/identity_verification_retry.response.json"));
        Veriflow.Reply retried = w.veriflow.retry(started.tenant(), started.session(), "{\"mode\":\"restart\"}");
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        assertThat(retried.text("session/state")).isEqualTo("in_progress");
        assertThat(retried.text("session/attempts/1/provider_ref")).isEqualTo(Story.EXPIRED_ATTEMPT + "R2");
        assertThat(retried.text("session/attempts/1/previous_ref")).isEqualTo(Story.EXPIRED_ATTEMPT);
    }

    /** {@code idv_9Hj6Tq3VxMnBzP}: canceled in Plaid's dashboard during KYC. Neither resumable nor retryable. */
    @Test
    void attemptCanceledAtPlaidIsFinal() {
        PlaidWorld w = world();
        Story story = Story.fixture().with(Story.ATTEMPT_1, Story.CANCELED_ATTEMPT)
                .with(Story.USER, Story.CANCELED_USER);
        plaid.attemptIs(story, "active");
        PlaidWorld.Started started = w.start("canceled", Story.TEMPLATE, Story.CANCELED_USER);
        w.forward(started, story.bytes("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_STEP.json"));
        assertThat(w.settled(started).text("attempts/0/provider_ref")).isEqualTo(Story.CANCELED_ATTEMPT);

        plaid.attemptIs(story, "canceled");
        w.webhookAcknowledged(story.bytes("webhooks/identity_verification.status_updated.failed.json"));

        Veriflow.Reply canceled = w.settled(started);
        assertThat(canceled.text("state")).isEqualTo("canceled");
        assertThat(canceled.at("decision")).isNull();
        assertThat(steps(canceled)).containsEntry("data_check", "not_applicable").containsEntry("terms", "passed");
        assertThat(w.rows.events(started.session())).containsOnlyOnce("session.canceled");
        assertProblem(w.veriflow.retry(started.tenant(), started.session(), "{}"), 409, "session-not-retryable",
                "canceled");
        assertProblem(w.veriflow.resume(started.tenant(), started.session()), 409, "session-not-resumable",
                "canceled");
        assertThat(plaid.received(FakePlaidApi.IDV_RETRY, Story.CANCELED_USER)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> steps(Veriflow.Reply session) {
        String prefix = session.at("session") != null ? "session/steps" : "steps";
        Map<String, String> steps = new LinkedHashMap<>();
        for (Object step : session.list(prefix)) {
            Map<String, Object> entry = (Map<String, Object>) step;
            steps.put((String) entry.get("step"), (String) entry.get("status"));
        }
        return steps;
    }
}
