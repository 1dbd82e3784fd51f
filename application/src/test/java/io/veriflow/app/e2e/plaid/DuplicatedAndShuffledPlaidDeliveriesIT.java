package io.veriflow.app.e2e.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each fixture story's deliveries, every one of them twice, first in the fixture order and then in seeded shuffles:
 * the same final session every time, and each outcome announced once. Duplicated Link callbacks are recorded no-ops;
 * a webhook replayed with the same signature is acknowledged as a duplicate; a webhook that arrives before any
 * callback named its attempt is answered 503 and, as Plaid does, delivered again later, signed anew. Plaid's truth is
 * fixed per phase of a story (attempt 1 failed; after the reset retry, attempt 2 passed), so only the arrival order
 * varies. The seed of each shuffle, and the order it produced, are in every assertion message.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.poll-interval", value = "20ms")
@Property(name = "veriflow.work.retry-initial", value = "20ms")
@Property(name = "veriflow.work.retry-max", value = "200ms")
@Property(name = "veriflow.providers.plaid.resilience.rate-limiter.limit-for-period", value = "100000")
class DuplicatedAndShuffledPlaidDeliveriesIT implements TestPropertyProvider {

    private static final long BASE_SEED = 0x5EED_2026_0504L;
    private static final int SHUFFLES = 5;
    private static final int MAX_REDELIVERY_ROUNDS = 5;

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

    /** A callback or webhook body of a story. */
    private record Item(String name, Function<Story, byte[]> body) {
    }

    private static Item fixture(String path) {
        return new Item(path.substring(path.lastIndexOf('/') + 1), story -> story.bytes(path));
    }

    /** What happens at Plaid first (its truth for the phase, a retry...), then what is delivered, in some order. */
    private record Phase(BiConsumer<Story, PlaidWorld.Started> before, List<Item> callbacks, List<Item> webhooks) {
    }

    /** A story: how its ids are named for a run, whom it verifies with which template, and its phases. */
    private record Scenario(String name, Function<String, Story> story, Function<Story, String> subject,
            String template, List<Phase> phases) {
    }

    private PlaidWorld world() {
        if (world == null) {
            world = new PlaidWorld(plaid, context);
        }
        return world;
    }

    @Test
    void failedThenRetriedThenPassed() {
        Phase attempt1 = new Phase((story, started) -> plaid.attemptIs(story, "failed"),
                List.of(fixture("link_callbacks/web/onEvent.EXIT.json"),
                        fixture("link_callbacks/web/onExit.idv.user_closed.json"),
                        fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_STEP.json"),
                        fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_SESSION.json")),
                List.of(fixture("webhooks/identity_verification.step_updated.json"),
                        fixture("webhooks/identity_verification.status_updated.failed.json")));
        Phase attempt2 = new Phase((story, started) -> {
            plaid.retryOpens(story.text("api/identity_verification_retry.response.json"));
            Veriflow.Reply retried = world().veriflow.retry(started.tenant(), started.session(),
                    "{\"mode\":\"restart\"}");
            assertThat(retried.status()).as("retry %s", retried).isEqualTo(200);
            plaid.attemptIs(story, "success");
        },
                List.of(fixture("link_callbacks/web/onEvent.sequence.success_session.json"),
                        fixture("link_callbacks/web/onEvent.OPEN.json"),
                        fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_START_STEP.json"),
                        fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PASS_STEP.json"),
                        fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PASS_SESSION.json"),
                        fixture("link_callbacks/web/onEvent.UNKNOWN_FUTURE_EVENT.json"),
                        fixture("link_callbacks/web/onSuccess.idv.json")),
                // Attempt 2's webhooks, a future code, and attempt 1's arriving late (signed anew).
                List.of(fixture("webhooks/identity_verification.retried.json"),
                        fixture("webhooks/identity_verification.status_updated.success.json"),
                        fixture("webhooks/identity_verification.unknown_code.json"),
                        fixture("webhooks/identity_verification.step_updated.json"),
                        fixture("webhooks/identity_verification.status_updated.failed.json")));
        List<Map<String, Object>> reference = everyOrderEndsAlike(new Scenario("failed, retried, passed",
                Story::suffixed, Story::user, Story.TEMPLATE, List.of(attempt1, attempt2)),
                Map.of("session.decided", 2, "session.attempt_retried", 1));

        assertThat(reference.get(0)).containsEntry("state", "decided").containsEntry("decision",
                Map.of("verdict", "failed", "reasons", List.of("data_check_failed", "document_failed")));
        assertThat(reference.get(1)).containsEntry("state", "decided")
                .containsEntry("decision", Map.of("verdict", "passed", "reasons", List.of()))
                .containsEntry("attempts", List.of(
                        List.of(1, Story.ATTEMPT_1, "-", "session_start"),
                        List.of(2, Story.ATTEMPT_2, Story.ATTEMPT_1, "retry")));
    }

    @Test
    void pendingReviewThenApproved() {
        Item sandboxStatusUpdated = new Item("status_updated(sandbox)", story -> story.text(
                "webhooks/identity_verification.status_updated.production.json")
                .replace("\"production\"", "\"sandbox\"").getBytes(StandardCharsets.UTF_8));
        Phase inReview = new Phase((story, started) -> plaid.attemptIs(story, "pending_review"),
                List.of(fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION.json")),
                List.of(sandboxStatusUpdated,
                        fixture("webhooks/identity_verification.status_updated.production.json")));
        Phase approved = new Phase((story, started) -> plaid.attemptIs(story.text(
                        "api/identity_verification_get.pending_review.json")
                .replace("\"status\": \"pending_review\"", "\"status\": \"success\"")
                .replace("\"watchlist_screening\": \"pending_review\"", "\"watchlist_screening\": \"manually_approved\"")),
                List.of(fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION.json")),
                List.of(sandboxStatusUpdated, sandboxStatusUpdated));
        List<Map<String, Object>> reference = everyOrderEndsAlike(new Scenario("pending review, approved",
                Story::suffixed, story -> story.id(Story.REVIEW_USER), Story.REVIEW_TEMPLATE,
                List.of(inReview, approved)),
                Map.of("session.decided", 1, "session.decision_changed", 1));

        assertThat(reference.get(0)).containsEntry("state", "decided").containsEntry("decision",
                Map.of("verdict", "needs_review", "reasons", List.of("watchlist_in_review")));
        assertThat(reference.get(1)).containsEntry("state", "decided")
                .containsEntry("decision", Map.of("verdict", "passed", "reasons", List.of()));
    }

    @Test
    void canceledOrExpiredAtPlaid() {
        for (String outcome : List.of("canceled", "expired")) {
            String attempt = outcome.equals("canceled") ? Story.CANCELED_ATTEMPT : Story.EXPIRED_ATTEMPT;
            String user = outcome.equals("canceled") ? Story.CANCELED_USER : Story.EXPIRED_USER;
            Phase closed = new Phase((story, started) -> plaid.attemptIs(story, outcome),
                    List.of(fixture("link_callbacks/web/onEvent.EXIT.json"),
                            fixture("link_callbacks/web/onExit.idv.user_closed.json"),
                            fixture("link_callbacks/web/onEvent.IDENTITY_VERIFICATION_FAIL_STEP.json")),
                    List.of(fixture("webhooks/identity_verification.step_updated.json"),
                            fixture("webhooks/identity_verification.status_updated.failed.json")));
            // Attempt 1's callbacks and webhooks, told about this story's attempt.
            List<Map<String, Object>> reference = everyOrderEndsAlike(new Scenario(outcome + " at Plaid",
                    suffix -> Story.suffixed(suffix).with(Story.ATTEMPT_1, attempt + suffix),
                    story -> story.id(user), Story.TEMPLATE, List.of(closed)),
                    Map.of("session." + outcome, 1));

            assertThat(reference.get(0)).containsEntry("state", outcome).containsEntry("decision", null)
                    .containsEntry("attempts", List.of(List.of(1, attempt, "-", "session_start")));
        }
    }

    /**
     * Runs the scenario in the fixture order and in {@link #SHUFFLES} seeded shuffles; every run must end each phase
     * in the same session, and queue each listed event exactly as often. Returns the reference run's sessions.
     */
    private List<Map<String, Object>> everyOrderEndsAlike(Scenario scenario, Map<String, Integer> eventCounts) {
        String scenarioKey = scenario.name().replaceAll("[^a-z]", "").substring(0, 4);
        List<Map<String, Object>> reference = run(scenario, scenario.name() + " in fixture order",
                scenarioKey + "Ord", Optional.empty(), eventCounts);
        for (int shuffle = 1; shuffle <= SHUFFLES; shuffle++) {
            long seed = BASE_SEED + shuffle;
            String label = scenario.name() + ", shuffle with seed " + seed;
            List<Map<String, Object>> outcome = run(scenario, label, scenarioKey + "Sh" + shuffle,
                    Optional.of(new Random(seed)), eventCounts);
            for (int phase = 0; phase < reference.size(); phase++) {
                assertThat(outcome.get(phase)).as("%s: the session after phase %d", label, phase + 1)
                        .isEqualTo(reference.get(phase));
            }
        }
        return reference;
    }

    private List<Map<String, Object>> run(Scenario scenario, String label, String suffix, Optional<Random> shuffle,
            Map<String, Integer> eventCounts) {
        PlaidWorld w = world();
        Story story = scenario.story().apply(suffix);
        List<Phase> phases = scenario.phases();
        phases.getFirst().before().accept(story, null);
        PlaidWorld.Started started = w.start("shuffle", scenario.template(), scenario.subject().apply(story));
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            if (i > 0) {
                phase.before().accept(story, started);
            }
            deliver(w, label + ", phase " + (i + 1), story, started, phase, shuffle);
            sessions.add(normalised(suffix, w.settled(started)));
        }
        List<String> events = w.rows.events(started.session());
        eventCounts.forEach((event, count) -> assertThat(events).as("%s: %s in %s", label, event, events)
                .filteredOn(event::equals).hasSize(count));
        return sessions;
    }

    /** A webhook as Plaid sends it: signed once, replayed with the same signature, re-signed when redelivered. */
    private static final class Webhook {
        final String name;
        final byte[] body;
        String signature;
        boolean acknowledged;

        Webhook(String name, byte[] body) {
            this.name = name;
            this.body = body;
        }
    }

    private void deliver(PlaidWorld w, String label, Story story, PlaidWorld.Started started, Phase phase,
            Optional<Random> shuffle) {
        List<Object> deliveries = new ArrayList<>();
        for (Item callback : phase.callbacks()) {
            deliveries.add(callback);
            deliveries.add(callback);
        }
        for (Item item : phase.webhooks()) {
            Webhook webhook = new Webhook(item.name(), item.body().apply(story));
            deliveries.add(webhook);
            deliveries.add(webhook);
        }
        shuffle.ifPresent(random -> Collections.shuffle(deliveries, random));
        String context = label + " (order " + deliveries.stream()
                .map(d -> d instanceof Webhook webhook ? webhook.name : ((Item) d).name()).toList() + ")";

        Set<Item> forwarded = new LinkedHashSet<>();
        Set<Webhook> unacknowledged = new LinkedHashSet<>();
        for (Object delivery : deliveries) {
            if (delivery instanceof Item callback) {
                Veriflow.Reply reply = w.veriflow.callback(started.session(), started.clientSecret(),
                        callback.body().apply(story));
                assertThat(reply.status()).as("%s: %s -> %s", context, callback.name(), reply).isEqualTo(202);
                if (!forwarded.add(callback)) {
                    assertThat(reply.text("accepted")).as("%s: repeated %s is a no-op: %s", context, callback.name(),
                            reply).isEqualTo("0");
                }
            } else {
                Webhook webhook = (Webhook) delivery;
                send(w, context, webhook);
                if (webhook.acknowledged) {
                    unacknowledged.remove(webhook);
                } else {
                    unacknowledged.add(webhook);
                }
            }
        }
        for (int round = 1; !unacknowledged.isEmpty(); round++) {
            assertThat(round).as("%s: webhooks still not acknowledged: %s", context,
                    unacknowledged.stream().map(webhook -> webhook.name).toList())
                    .isLessThanOrEqualTo(MAX_REDELIVERY_ROUNDS);
            w.settled(started);
            for (Webhook webhook : List.copyOf(unacknowledged)) {
                send(w, context + ", redelivery round " + round, webhook);
                if (webhook.acknowledged) {
                    unacknowledged.remove(webhook);
                }
            }
        }
    }

    private static void send(PlaidWorld w, String context, Webhook webhook) {
        boolean replay = webhook.signature != null;
        if (!replay) {
            webhook.signature = w.plaid.signer().sign(webhook.body, Instant.now());
        }
        Veriflow.Reply reply = w.veriflow.webhook(webhook.body, webhook.signature);
        assertThat(reply.status()).as("%s: %s -> %s", context, webhook.name, reply).isIn(200, 503);
        if (reply.status() == 503) {
            assertThat(reply.text("outcome")).as("%s: %s", context, reply).isEqualTo("unknown_session");
            webhook.signature = null; // Plaid signs each redelivery anew
            return;
        }
        if (replay) {
            assertThat(reply.text("outcome")).as("%s: %s delivered again with its signature: %s", context,
                    webhook.name, reply).isIn("duplicate", "ignored", "ignored_other_environment");
        }
        webhook.acknowledged = true;
    }

    /** The session's state, decision, steps and attempts, with the run's suffix taken off the ids. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalised(String suffix, Veriflow.Reply session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", session.text("state"));
        view.put("decision", session.at("decision") == null ? null
                : Map.of("verdict", session.text("decision/verdict"), "reasons", session.list("decision/reasons")));
        view.put("steps", PlaidStoriesIT.steps(session));
        List<Object> attempts = new ArrayList<>();
        for (Object item : session.list("attempts")) {
            Map<String, Object> attempt = (Map<String, Object>) item;
            attempts.add(List.of(((Number) attempt.get("number")).intValue(),
                    unsuffixed(suffix, attempt.get("provider_ref")), unsuffixed(suffix, attempt.get("previous_ref")),
                    attempt.get("origin")));
        }
        view.put("attempts", attempts);
        return view;
    }

    private static String unsuffixed(String suffix, Object id) {
        if (id == null) {
            return "-";
        }
        String text = id.toString();
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }
}
