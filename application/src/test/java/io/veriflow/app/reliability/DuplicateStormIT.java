package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.e2e.persona.FakePersona;
import io.veriflow.app.reliability.PersonaTraffic.Delivery;
import io.veriflow.app.reliability.PersonaTraffic.Session;
import io.veriflow.app.reliability.PersonaTraffic.Story;
import io.veriflow.app.reliability.Tables.OutboxRow;
import io.veriflow.app.reliability.Tables.SignalRow;
import io.veriflow.app.reliability.Wire.Answer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Duplicate storm (issue 6): 1,000 distinct signed Persona webhook events about ~150 sessions, each delivered 10 times,
 * concurrently (64 requests in flight) and spread at random over two service instances sharing one database.
 *
 * <p>Half the sessions get their events in story order, each event's 10 copies fired at once (at both instances) and
 * the next event only after they are all answered: the hardest race for de-duplication, with a known expected effect
 * per event. The other half get all their copies in one global random order, so distinct events of a session race too.
 * Every session has a twin in another tenant (its own inquiry, the same story) that receives each event once, in order,
 * before the storm: the reference.
 *
 * <p>Checked: every copy answered 2xx and exactly one copy per event answered {@code recorded}; one signal-log row per
 * event id and no other; per session, the row version grew by exactly the number of {@code CHANGED} rows (no change
 * that is not logged), and the outbox holds exactly one notification per event the log says was emitted; the final
 * session equals its twin's; and for the in-order half, the log's effect sequence and the outbox sequence equal the
 * twin's, event by event. The task worker is off in both instances, so the outcome is a function of the webhooks.
 *
 * <p>The seed (in the display name and every failure message; {@code -Dveriflow.seed=...} replays it) fixes the plan:
 * the stories, which half each session is in, the order of the shuffled copies and the instance each copy goes to.
 * How the threads interleave is up to the machine.
 */
class DuplicateStormIT {

    private static final int EVENTS = 1_000;
    private static final int COPIES = 10;
    private static final int IN_FLIGHT = 64;
    private static final String STORM = "storm";
    private static final String REFERENCE = "storm-ref";

    /** One storm session, its in-order twin, their events (addressed to each), and how the storm delivers it. */
    private record Pair(Session storm, Session twin, List<Delivery> events, List<Delivery> twinEvents,
            boolean ordered) {
    }

    /** What one copy got. */
    private record Sent(Delivery delivery, int instance, Answer answer) {
    }

    static Stream<Long> seed() {
        return Seeds.seed();
    }

    @ParameterizedTest(name = "seed {0} (replay with -Dveriflow.seed={0})")
    @MethodSource("seed")
    void tenCopiesOfEachEventAtTwoInstancesAreRecordedOnceAndAppliedOnce(long seed) {
        Random random = new Random(seed);
        String replay = " [seed " + seed + ", replay with -Dveriflow.seed=" + seed + "]";
        Phases phases = new Phases("DuplicateStormIT" + replay);
        try (FakePersona persona = FakePersona.start();
             Instance first = Instance.start(PersonaTraffic.serviceProperties(persona));
             Instance second = Instance.alongside(first, PersonaTraffic.serviceProperties(persona))) {
            List<URI> instances = List.of(first.uri(), second.uri());
            Wire wire = new Wire();
            Traffic traffic = new Traffic(wire, IN_FLIGHT);
            Tables tables = new Tables(first.dataSource());
            phases.done("two instances up");

            List<Pair> pairs = plan(random, first, second, wire, persona);
            List<Delivery> allEvents = pairs.stream().flatMap(pair -> pair.events().stream()).toList();
            assertThat(allEvents).hasSize(EVENTS);
            phases.done(pairs.size() + " sessions and twins started");

            // The reference: each twin's events once, in order (twins concurrently), at the first instance.
            Traffic.run(pairs.stream().map(pair -> (Runnable) () -> {
                for (Delivery event : pair.twinEvents()) {
                    Answer answer = traffic.send(event.call(first.uri(), Instant.now()));
                    assertThat(answer.status()).as("reference %s: %s", event, answer).isEqualTo(200);
                }
            }).toList());

            phases.done("reference run");
            Map<String, Long> versionsBefore = tables.versions(STORM);
            ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
            storm(pairs, random, instances, traffic, sent);
            phases.done("storm of " + sent.size() + " copies");

            // Every check is made and reported, so a failure shows all that went wrong, not only the first.
            SoftAssertions softly = new SoftAssertions();
            assertEveryCopyAnsweredAndOneRecordedPerEvent(softly, sent, allEvents, replay);
            List<SignalRow> stormLog = tables.signals(STORM);
            assertOneRowPerEvent(softly, stormLog, allEvents, replay);

            Map<String, List<SignalRow>> logBySession = bySession(stormLog, SignalRow::session);
            Map<String, List<SignalRow>> twinLogBySession = bySession(tables.signals(REFERENCE), SignalRow::session);
            Map<String, List<OutboxRow>> outboxBySession = bySession(tables.outbox(STORM), OutboxRow::session);
            Map<String, List<OutboxRow>> twinOutboxBySession = bySession(tables.outbox(REFERENCE), OutboxRow::session);
            Map<String, Long> versionsAfter = tables.versions(STORM);
            List<String> problems = new ArrayList<>();
            for (Pair pair : pairs) {
                String id = pair.storm().id();
                List<SignalRow> log = logBySession.getOrDefault(id, List.of());
                List<SignalRow> webhookRows = log.stream().filter(row -> row.name().startsWith("persona.webhook."))
                        .toList();
                long changed = webhookRows.stream().filter(row -> row.result().equals("CHANGED")).count();
                long grew = versionsAfter.get(id) - versionsBefore.get(id);
                if (grew != changed) {
                    problems.add(pair.storm() + ": version grew by " + grew + " for " + changed + " CHANGED rows");
                }
                List<String> emitted = Tables.emittedTypes(log);
                List<String> notified = new ArrayList<>(outboxBySession.getOrDefault(id, List.of()).stream()
                        .map(OutboxRow::type).sorted().toList());
                if (!notified.remove("session.started")) { // the start's, which is not a signal
                    problems.add(pair.storm() + ": no session.started in the outbox");
                }
                if (!notified.equals(emitted)) {
                    problems.add(pair.storm() + ": outbox " + notified + " but the log emitted " + emitted);
                }
                Map<String, Object> outcome = Views.outcome(wire, second.uri(), pair.storm());
                Map<String, Object> expected = Views.outcome(wire, first.uri(), pair.twin());
                if (!outcome.equals(expected)) {
                    problems.add(pair.storm() + (pair.ordered() ? " (in order)" : " (shuffled)") + " ended as "
                            + outcome + ", its in-order twin as " + expected);
                }
                if (pair.events().size() == pair.storm().story().webhooks().size()) {
                    softly.assertThat(Views.stateAndVerdict(expected)).as("the reference run of a whole %s story%s",
                            pair.storm().story(), replay).isEqualTo(pair.storm().story().outcome());
                }
                if (pair.ordered()) {
                    List<String> effects = effects(webhookRows);
                    List<String> twinEffects = effects(twinLogBySession.get(pair.twin().id()).stream()
                            .filter(row -> row.name().startsWith("persona.webhook.")).toList());
                    if (!effects.equals(twinEffects)) {
                        problems.add(pair.storm() + " (in order): effects " + effects + " but its twin's "
                                + twinEffects);
                    }
                    List<String> sequence = outboxBySession.getOrDefault(id, List.of()).stream()
                            .map(OutboxRow::type).toList();
                    List<String> twinSequence = twinOutboxBySession.get(pair.twin().id()).stream()
                            .map(OutboxRow::type).toList();
                    if (!sequence.equals(twinSequence)) {
                        problems.add(pair.storm() + " (in order): outbox " + sequence + " but its twin's "
                                + twinSequence);
                    }
                }
            }
            phases.done("checks");
            softly.assertThat(problems).as("sessions that differ from their twin or whose ledger does not balance%s",
                    replay).isEmpty();
            softly.assertAll();
        } finally {
            phases.print();
        }
    }

    /** ~150 sessions of a seeded mix of stories, with twins, until their webhooks add up to {@link #EVENTS}. */
    private static List<Pair> plan(Random random, Instance first, Instance second, Wire wire, FakePersona persona) {
        String stormKey = first.tenant(STORM);
        String twinKey = first.tenant(REFERENCE);
        record Planned(int index, Story story, int events, boolean ordered) {
        }
        List<Planned> planned = new ArrayList<>();
        int total = 0;
        while (total < EVENTS) {
            int roll = random.nextInt(10);
            Story story = roll < 4 ? Story.APPROVED : roll < 6 ? Story.DECLINED : roll < 8 ? Story.FAILED
                    : Story.EXPIRED;
            int events = Math.min(story.webhooks().size(), EVENTS - total);
            planned.add(new Planned(planned.size(), story, events, random.nextBoolean()));
            total += events;
        }
        Traffic starting = new Traffic(wire, 8);
        return Traffic.all(planned.stream().map(plan -> (Callable<Pair>) () -> {
            Session storm = PersonaTraffic.start(starting, (plan.index() % 2 == 0 ? first : second).uri(), persona,
                    stormKey, plan.story(), "usr_storm_" + plan.index());
            Session twin = PersonaTraffic.start(starting, first.uri(), persona, twinKey, plan.story(),
                    "usr_twin_" + plan.index());
            var signals = plan.story().webhooks().subList(0, plan.events());
            return new Pair(storm, twin, PersonaTraffic.address(storm, signals),
                    PersonaTraffic.address(twin, signals), plan.ordered());
        }).toList());
    }

    /**
     * The storm: in-order sessions each on a lane that fires an event's copies together and waits for them; the
     * other sessions' copies in one shuffled queue drained by 32 lanes. Each copy goes to a random instance.
     */
    private static void storm(List<Pair> pairs, Random random, List<URI> instances, Traffic traffic,
            ConcurrentLinkedQueue<Sent> sent) {
        record Copy(Delivery delivery, int instance) {
        }
        List<Runnable> lanes = new ArrayList<>();
        List<Copy> shuffled = new ArrayList<>();
        for (Pair pair : pairs) {
            if (pair.ordered()) {
                List<List<Copy>> steps = pair.events().stream().map(event -> IntStream.range(0, COPIES)
                        .mapToObj(copy -> new Copy(event, random.nextInt(instances.size()))).toList()).toList();
                lanes.add(() -> steps.forEach(step -> Traffic.run(step.stream().map(copy -> (Runnable) () -> sent.add(
                        new Sent(copy.delivery(), copy.instance(), traffic.send(copy.delivery().call(
                                instances.get(copy.instance()), Instant.now()))))).toList())));
            } else {
                for (Delivery event : pair.events()) {
                    for (int copy = 0; copy < COPIES; copy++) {
                        shuffled.add(new Copy(event, random.nextInt(instances.size())));
                    }
                }
            }
        }
        Collections.shuffle(shuffled, random);
        AtomicInteger next = new AtomicInteger();
        for (int lane = 0; lane < 32; lane++) {
            lanes.add(() -> {
                for (int i = next.getAndIncrement(); i < shuffled.size(); i = next.getAndIncrement()) {
                    Copy copy = shuffled.get(i);
                    sent.add(new Sent(copy.delivery(), copy.instance(), traffic.send(copy.delivery().call(
                            instances.get(copy.instance()), Instant.now()))));
                }
            });
        }
        Collections.shuffle(lanes, random);
        Traffic.run(lanes);
    }

    private static void assertEveryCopyAnsweredAndOneRecordedPerEvent(SoftAssertions softly,
            ConcurrentLinkedQueue<Sent> sent, List<Delivery> events, String replay) {
        softly.assertThat(sent).as("copies sent" + replay).hasSize(EVENTS * COPIES);
        softly.assertThat(sent.stream().filter(copy -> copy.answer().status() != 200)
                .map(copy -> copy.delivery() + " at instance " + copy.instance() + ": " + copy.answer()).limit(10))
                .as("copies not answered 200" + replay).isEmpty();
        Map<Delivery, Long> recorded = sent.stream().filter(copy -> "recorded".equals(copy.answer().at("status")))
                .collect(Collectors.groupingBy(Sent::delivery, Collectors.counting()));
        softly.assertThat(events.stream().filter(event -> recorded.getOrDefault(event, 0L) != 1L)
                .map(event -> event + " recorded " + recorded.getOrDefault(event, 0L) + " times").limit(10))
                .as("events not recorded exactly once (all other copies are duplicates)" + replay).isEmpty();
        softly.assertThat(sent.stream().filter(copy -> "duplicate".equals(copy.answer().at("status"))).count())
                .as("copies answered duplicate" + replay).isEqualTo((long) EVENTS * (COPIES - 1));
        softly.assertThat(sent.stream().filter(copy -> "recorded".equals(copy.answer().at("status")))
                .collect(Collectors.groupingBy(Sent::instance, Collectors.counting())))
                .as("both instances recorded events" + replay).containsOnlyKeys(0, 1);
    }

    private static void assertOneRowPerEvent(SoftAssertions softly, List<SignalRow> log, List<Delivery> events,
            String replay) {
        Map<String, Long> rowsPerKey = log.stream().filter(row -> row.name().startsWith("persona.webhook."))
                .collect(Collectors.groupingBy(SignalRow::dedupeKey, Collectors.counting()));
        List<String> eventIds = events.stream().map(Delivery::eventId).toList();
        assertThat(eventIds).as("distinct event ids").doesNotHaveDuplicates();
        softly.assertThat(rowsPerKey.keySet()).as("webhook rows of the signal log, by event id" + replay)
                .containsExactlyInAnyOrderElementsOf(eventIds);
        softly.assertThat(rowsPerKey.values()).as("rows per event id" + replay).containsOnly(1L);
    }

    private static List<String> effects(List<SignalRow> rows) {
        return rows.stream().map(row -> row.name() + " " + row.effect()).toList();
    }

    private static <T> Map<String, List<T>> bySession(List<T> rows, Function<T, String> session) {
        Map<String, List<T>> grouped = new HashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(session.apply(row), any -> new ArrayList<>()).add(row));
        return grouped;
    }
}
