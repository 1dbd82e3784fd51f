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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * client callbacks) in a seeded random permutation with duplicates (about half the signals arrive two or three times),
 * many sessions at once. The first {@value #TWINS} have an in-order twin (its own inquiry at the fake Persona, the
 * same story) that receives the same signals once, in story order, at the same time.
 *
 * <p>Checked: the in-order twins of a story all end alike, and as the story says; every shuffled session ends exactly
 * as its twin, or for the sessions without one as its story's in-order twins (state, decision with verdict and
 * reasons, steps, attempts); every shuffled session logs each distinct signal once (a duplicate is never a second
 * row), the same signals as in order. The task worker is off, so the outcome is a function of the deliveries alone and
 * reconciliation cannot mend an order-dependent result. (Twins for all 500 would double the in-order traffic for no
 * more power: with the worker off the in-order outcome of a story is deterministic, which the 25 twins per story
 * check.)
 *
 * <p>The seed (in the display name and every failure message; {@code -Dveriflow.seed=...} replays it) fixes each
 * shuffled session's arrivals; a session's deliveries are sent one after the other, so its arrival order is exactly
 * that, while the sessions run 48 at a time in an order the seed also draws.
 */
class ReorderingIT {

    private static final int SESSIONS = 500;
    private static final int TWINS = 100;
    private static final int IN_FLIGHT = 48;

    /** A shuffled session, what it receives (in the order sent), and its in-order twin and what that receives. */
    private record Pair(int index, Session shuffled, List<Delivery> arrivals, Optional<Session> twin,
            List<Delivery> inOrder) {

        String describe() {
            return "#" + index + " " + shuffled.story() + " arrivals " + arrivals.stream()
                    .map(delivery -> delivery.signal().toString()).toList();
        }
    }

    /** How a session ended: its outcome ({@link Views#outcome}) and the names of its signal-log rows, sorted. */
    private record Ending(Map<String, Object> outcome, List<String> logged) {
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
            phases.done(SESSIONS + " sessions and " + TWINS + " twins started");

            List<List<Delivery>> lanes = new ArrayList<>();
            pairs.forEach(pair -> {
                lanes.add(pair.arrivals());
                pair.twin().ifPresent(twin -> lanes.add(pair.inOrder()));
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
            phases.done(lanes.stream().mapToInt(List::size).sum() + " deliveries");
            assertThat(refused).as("deliveries not accepted" + replay).isEmpty();

            Map<String, List<String>> logged = tables.signals("reorder").stream()
                    .collect(Collectors.groupingBy(SignalRow::session,
                            Collectors.mapping(SignalRow::name, Collectors.toList())));
            Map<String, List<String>> twinLogged = tables.signals("reorder-twin").stream()
                    .collect(Collectors.groupingBy(SignalRow::session,
                            Collectors.mapping(SignalRow::name, Collectors.toList())));
            List<String> problems = new ArrayList<>();
            Map<Story, Ending> inOrder = new EnumMap<>(Story.class);
            Map<Session, Ending> twins = new HashMap<>();
            for (Pair pair : pairs) {
                pair.twin().ifPresent(twin -> {
                    Ending ending = new Ending(Views.outcome(wire, service.uri(), twin),
                            sorted(twinLogged.get(twin.id())));
                    twins.put(twin, ending);
                    Ending first = inOrder.putIfAbsent(twin.story(), ending);
                    if (first == null && !Views.stateAndVerdict(ending.outcome()).equals(twin.story().outcome())) {
                        problems.add("the in-order " + twin.story() + " story ended "
                                + Views.stateAndVerdict(ending.outcome()) + ", the story says "
                                + twin.story().outcome());
                    }
                    if (first != null && !first.equals(ending)) {
                        problems.add("two in-order " + twin.story() + " sessions ended differently: " + first
                                + " and " + ending);
                    }
                });
            }
            assertThat(inOrder).as("in-order twins of every story").hasSize(Story.values().length);
            for (Pair pair : pairs) {
                Ending expected = pair.twin().map(twins::get).orElse(inOrder.get(pair.shuffled().story()));
                Ending ending = new Ending(Views.outcome(wire, service.uri(), pair.shuffled()),
                        sorted(logged.get(pair.shuffled().id())));
                if (!ending.outcome().equals(expected.outcome())) {
                    problems.add(pair.describe() + ": ended as " + ending.outcome() + ", in order: "
                            + expected.outcome());
                }
                if (!ending.logged().equals(expected.logged())) {
                    problems.add(pair.describe() + ": logged " + ending.logged() + ", in order: "
                            + expected.logged());
                }
                if (ending.logged().size() != pair.inOrder().size() + 1) {
                    problems.add(pair.describe() + ": " + ending.logged().size() + " log rows for "
                            + pair.inOrder().size() + " distinct signals and the start");
                }
            }
            phases.done("checks");
            assertThat(problems).as("sessions that differ from the in-order delivery (%d problems, %d sessions)%s",
                    problems.size(), SESSIONS, replay).isEmpty();
        } finally {
            phases.print();
        }
    }

    /**
     * The sessions: stories in turn, each started over the API with its twin if it has one; the shuffled session's
     * arrivals are its story's signals, about half of them once or twice more, in an order drawn from the seed.
     */
    private static List<Pair> plan(Random random, Instance service, Traffic traffic, FakePersona persona) {
        String key = service.tenant("reorder");
        String twinKey = service.tenant("reorder-twin");
        List<Long> seeds = random.longs(SESSIONS).boxed().toList();
        return Traffic.all(IntStream.range(0, SESSIONS).mapToObj(index -> (Callable<Pair>) () -> {
            Story story = Story.values()[index % Story.values().length];
            Session shuffled = PersonaTraffic.start(traffic, service.uri(), persona, key, story,
                    "usr_shuffled_" + index);
            Optional<Session> twin = index < TWINS ? Optional.of(PersonaTraffic.start(traffic, service.uri(),
                    persona, twinKey, story, "usr_inorder_" + index)) : Optional.empty();
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
            List<Delivery> inOrder = twin.map(session -> PersonaTraffic.address(session, story.everything()))
                    .orElse(distinct);
            return new Pair(index, shuffled, List.copyOf(arrivals), twin, inOrder);
        }).toList());
    }

    private static List<String> sorted(List<String> names) {
        return names == null ? List.of() : names.stream().sorted().toList();
    }
}
