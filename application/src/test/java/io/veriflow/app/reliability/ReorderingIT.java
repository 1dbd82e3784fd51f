package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.e2e.persona.FakePersona;
import io.veriflow.app.reliability.PersonaTraffic.Delivery;
import io.veriflow.app.reliability.PersonaTraffic.Session;
import io.veriflow.app.reliability.PersonaTraffic.Story;
import io.veriflow.app.reliability.Tables.SignalRow;
import io.veriflow.app.reliability.Wire.Answer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reordering (issue 6): 500 Persona sessions, each receiving its story's signals (signed webhooks and the front end's
 * client callbacks) in a seeded random permutation with duplicates, many sessions at once. Each has an in-order twin
 * (its own inquiry at the fake Persona, the same story) that receives the same signals once, in story order, at the
 * same time. Every shuffled session ends exactly as its twin (state, decision with verdict and reasons, steps,
 * attempts), logs each distinct signal once (a duplicate is never a second row), and each whole story ends as the
 * story says. The task worker is off, so the outcome is a function of the deliveries alone and reconciliation cannot
 * mend an order-dependent result.
 *
 * <p>The seed (in the display name and every failure message; {@code -Dveriflow.seed=...} replays it) fixes each
 * shuffled session's arrivals; a session's deliveries are sent one after the other, so its arrival order is exactly
 * that, while the sessions run 48 at a time in an order the seed also draws.
 */
class ReorderingIT {

    private static final int SESSIONS = 500;
    private static final int IN_FLIGHT = 48;

    /** A shuffled session, its in-order twin, what each receives (in the order sent). */
    private record Pair(int index, Session shuffled, Session twin, List<Delivery> arrivals,
            List<Delivery> inOrder) {

        String describe() {
            return "#" + index + " " + shuffled.story() + " arrivals " + arrivals.stream()
                    .map(delivery -> delivery.signal().toString()).toList();
        }
    }

    static Stream<Long> seed() {
        return Seeds.seed();
    }

    @ParameterizedTest(name = "seed {0} (replay with -Dveriflow.seed={0})")
    @MethodSource("seed")
    void everyPermutationWithDuplicatesEndsLikeTheInOrderDelivery(long seed) {
        Random random = new Random(seed);
        String replay = " [seed " + seed + ", replay with -Dveriflow.seed=" + seed + "]";
        Phases phases = new Phases("ReorderingIT" + replay);
        try (FakePersona persona = FakePersona.start();
             Instance service = Instance.start(PersonaTraffic.serviceProperties(persona))) {
            Wire wire = new Wire();
            Traffic traffic = new Traffic(wire, IN_FLIGHT);
            Tables tables = new Tables(service.dataSource());
            phases.done("instance up");

            List<Pair> pairs = plan(random, service, traffic, persona);
            phases.done(SESSIONS + " sessions and twins started");

            List<List<Delivery>> lanes = new ArrayList<>();
            pairs.forEach(pair -> {
                lanes.add(pair.arrivals());
                lanes.add(pair.inOrder());
            });
            Collections.shuffle(lanes, random);
            AtomicInteger next = new AtomicInteger();
            List<String> refused = Collections.synchronizedList(new ArrayList<>());
            Traffic.run(Stream.generate(() -> (Runnable) () -> {
                for (int lane = next.getAndIncrement(); lane < lanes.size(); lane = next.getAndIncrement()) {
                    for (Delivery delivery : lanes.get(lane)) {
                        Answer answer = traffic.send(delivery.call(service.uri(), Instant.now()));
                        if (answer.status() != delivery.accepted()) {
                            refused.add(delivery + ": " + answer);
                        }
                    }
                }
            }).limit(IN_FLIGHT).toList());
            long sent = pairs.stream().mapToLong(pair -> pair.arrivals().size() + pair.inOrder().size()).sum();
            phases.done(sent + " deliveries");
            assertThat(refused).as("deliveries not accepted" + replay).isEmpty();

            Map<String, List<String>> logged = tables.signals("reorder").stream()
                    .collect(Collectors.groupingBy(SignalRow::session,
                            Collectors.mapping(SignalRow::name, Collectors.toList())));
            Map<String, List<String>> twinLogged = tables.signals("reorder-twin").stream()
                    .collect(Collectors.groupingBy(SignalRow::session,
                            Collectors.mapping(SignalRow::name, Collectors.toList())));
            List<String> problems = new ArrayList<>();
            for (Pair pair : pairs) {
                Map<String, Object> expected = Views.outcome(wire, service.uri(), pair.twin());
                Map<String, Object> outcome = Views.outcome(wire, service.uri(), pair.shuffled());
                if (!Views.stateAndVerdict(expected).equals(pair.twin().story().outcome())) {
                    problems.add(pair.describe() + ": the in-order twin ended " + Views.stateAndVerdict(expected)
                            + ", the story says " + pair.twin().story().outcome());
                }
                if (!outcome.equals(expected)) {
                    problems.add(pair.describe() + ": ended as " + outcome + ", in order: " + expected);
                }
                List<String> names = sorted(logged.get(pair.shuffled().id()));
                List<String> twinNames = sorted(twinLogged.get(pair.twin().id()));
                if (!names.equals(twinNames)) {
                    problems.add(pair.describe() + ": logged " + names + ", in order: " + twinNames);
                }
                if (names.size() != pair.inOrder().size() + 1) {
                    problems.add(pair.describe() + ": " + names.size() + " log rows for " + pair.inOrder().size()
                            + " distinct signals and the start");
                }
            }
            phases.done("checks");
            assertThat(problems).as("shuffled sessions that differ from their in-order twin (%d of %d)%s",
                    problems.size(), SESSIONS, replay).isEmpty();
        } finally {
            phases.print();
        }
    }

    /**
     * The sessions: stories in turn, each pair started over the API; the shuffled session's arrivals are its story's
     * signals, about half of them once or twice more, in an order drawn from the seed.
     */
    private static List<Pair> plan(Random random, Instance service, Traffic traffic, FakePersona persona) {
        String key = service.tenant("reorder");
        String twinKey = service.tenant("reorder-twin");
        List<Long> seeds = random.longs(SESSIONS).boxed().toList();
        return Traffic.all(IntStream.range(0, SESSIONS).mapToObj(index -> (Callable<Pair>) () -> {
            Story story = Story.values()[index % Story.values().length];
            Session shuffled = PersonaTraffic.start(traffic, service.uri(), persona, key, story,
                    "usr_shuffled_" + index);
            Session twin = PersonaTraffic.start(traffic, service.uri(), persona, twinKey, story, "usr_inorder_" + index);
            List<Delivery> distinct = PersonaTraffic.address(shuffled, story.everything());
            List<Delivery> arrivals = new ArrayList<>(distinct);
            Random own = new Random(seeds.get(index));
            for (Delivery delivery : distinct) {
                int extra = own.nextInt(4) == 0 ? 2 : own.nextInt(3) == 0 ? 1 : 0;
                for (int copy = 0; copy < extra; copy++) {
                    arrivals.add(delivery);
                }
            }
            Collections.shuffle(arrivals, own);
            return new Pair(index, shuffled, twin, List.copyOf(arrivals),
                    PersonaTraffic.address(twin, story.everything()));
        }).toList());
    }

    private static List<String> sorted(List<String> names) {
        return names == null ? List.of() : names.stream().sorted().toList();
    }
}
