package io.veriflow.app.e2e.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.e2e.persona.PersonaFixtures.Inquiry;
import io.veriflow.app.e2e.persona.PersonaFixtures.Story;
import io.veriflow.app.e2e.persona.ServiceClient.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Persona delivers webhooks at least once and in no particular order. Each story's webhooks are delivered once in
 * order, then in {@link #SEEDS five seeded shuffles} with every delivery made twice: each run reaches the same final
 * session (state, decision, steps) and the same set of timeline entries, compared by dedupe key. Each run is a fresh
 * tenant and inquiry. The stories whose own fixtures lack the early events ({@code created}, {@code started},
 * {@code completed}) get story A's, re-addressed.
 */
@MicronautTest(transactional = false)
class PersonaShuffledDeliveriesIT extends PersonaEndToEnd {

    private static final long[] SEEDS = {7L, 42L, 1_773_151_206L, 20_260_313L, -3L};

    private static final Map<Story, List<String>> WEBHOOKS = Map.of(
            Story.A, List.of("webhooks/inquiry.created.json", "webhooks/inquiry.started.json",
                    "webhooks/inquiry.completed.json", "webhooks/inquiry.approved.json"),
            Story.B, List.of("webhooks/inquiry.created.json", "webhooks/inquiry.started.json",
                    "webhooks/inquiry.expired.json"),
            Story.C, List.of("webhooks/inquiry.created.json", "webhooks/inquiry.started.json",
                    "webhooks/inquiry.failed.json"),
            Story.D, List.of("webhooks/inquiry.created.json", "webhooks/inquiry.started.json",
                    "webhooks/inquiry.completed.json", "webhooks/inquiry.marked-for-review.json",
                    "webhooks/inquiry.declined.json"));

    private static final Map<Story, String> FINAL_STATE = Map.of(
            Story.A, "api/get-inquiry.approved.json",
            Story.B, "api/get-inquiry.expired.json",
            Story.C, "api/get-inquiry.failed.json",
            Story.D, "api/get-inquiry.declined.json");

    private static final Map<Story, String> EXPECTED = Map.of(
            Story.A, "decided/passed",
            Story.B, "expired/-",
            Story.C, "decided/failed",
            Story.D, "decided/failed");

    /** The session as the API shows it, without ids and times, and its timeline's dedupe keys. */
    record Outcome(Map<String, Object> session, Set<String> dedupeKeys, int timelineSize) {
    }

    @ParameterizedTest
    @EnumSource(Story.class)
    void anyOrderWithDuplicatesEndsLikeTheOrderlyDelivery(Story story) {
        List<String> webhooks = WEBHOOKS.get(story);
        Outcome orderly = run(story, "inorder", webhooks);
        Object decision = orderly.session().get("decision");
        String verdict = decision == null ? "-" : (String) ((Map<?, ?>) decision).get("verdict");
        assertThat(orderly.session().get("state") + "/" + verdict).as("story " + story)
                .isEqualTo(EXPECTED.get(story));

        for (long seed : SEEDS) {
            List<String> deliveries = new ArrayList<>(webhooks);
            deliveries.addAll(webhooks);
            Collections.shuffle(deliveries, new Random(seed));
            Outcome shuffled = run(story, "s" + Long.toHexString(seed), deliveries);
            String context = "story " + story + ", seed " + seed + ", deliveries " + deliveries;
            assertThat(shuffled.session()).as(context).isEqualTo(orderly.session());
            assertThat(shuffled.dedupeKeys()).as(context).isEqualTo(orderly.dedupeKeys());
            assertThat(shuffled.timelineSize()).as(context + ": a duplicate delivery is not logged twice")
                    .isEqualTo(orderly.timelineSize());
        }
    }

    private Outcome run(Story story, String label, List<String> deliveries) {
        String name = "shuffle-" + story.name().toLowerCase(Locale.ROOT) + "-" + label.replace('-', 'm');
        Inquiry inquiry = Inquiry.fresh(story.inquiry().subject() + "-" + label);
        Run run = start(name, inquiry);
        run.inquiry().shows(FINAL_STATE.get(story));
        for (String webhook : deliveries) {
            Reply reply = deliver(PersonaFixtures.about(webhook, run.ref()).getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).as(name + " " + webhook + ": " + reply).isEqualTo(200);
        }
        Map<String, Object> session = new LinkedHashMap<>(settled(run).object());
        for (String varying : List.of("id", "subject", "attempts", "created_at", "updated_at")) {
            session.remove(varying);
        }
        // Our own API reads (fetch:...) are not deliveries: how many happen, and when, depends on timing; what they
        // read is part of the session compared above.
        Set<String> keys = new TreeSet<>();
        List<String> delivered = signalLog(run).stream().map(entry -> entry.meta().dedupeKey().value())
                .filter(key -> !key.startsWith("fetch:")).toList();
        delivered.forEach(key -> keys.add(key.replace(run.sessionId(), "<session>").replace(run.ref().id(), "<inquiry>")));
        return new Outcome(session, keys, delivered.size());
    }
}
