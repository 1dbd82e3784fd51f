package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.proc.Await;
import io.veriflow.app.reliability.PersonaTraffic.Delivery;
import io.veriflow.app.reliability.PersonaTraffic.Session;
import io.veriflow.app.reliability.Tables.OutboxRow;
import io.veriflow.app.reliability.Tables.SignalRow;
import io.veriflow.app.reliability.faults.HookReceiver.Hook;
import io.veriflow.app.reliability.scan.ProcessLogScan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash (issue 6): signed Persona webhooks arrive at a steady rate at two service instances (child JVMs) sharing a
 * durable PostgreSQL, while
 *
 * <ul>
 *   <li>{@link #instancesKilledUnderLoadLoseNothing}: the instances are SIGKILLed in turn, four times, each launched
 *       again under a new lease-owner name while the other carries the load; or</li>
 *   <li>{@link #anImmediateDatabaseStopUnderLoadLosesNothing}: PostgreSQL stops immediately (SIGQUIT, as a power cut:
 *       no checkpoint, crash recovery at the next start) and is started again on the same data, the instances left
 *       running.</li>
 * </ul>
 *
 * <p>A delivery that got no 2xx is sent again, as Persona redelivers, until every event has one. Then, once the
 * reconcile tasks and the outbox have drained, it checks: the ledger balances (sent = acknowledged + rejected + errors,
 * nothing rejected); every acknowledged event is in the signal log exactly once, and no other webhook row is; every
 * session's row version is its logged changes plus one (no change unlogged, none applied twice), its outbox holds
 * exactly the notifications its log emitted, and it ends as its story says; every outbox row was delivered to the
 * receiver, correctly signed, under its own {@code webhook-id} (a redelivery keeps the id and the body); no task is
 * left unfinished; the tasks and deliveries a killed instance held leases on were finished by another instance; a
 * database outage is answered {@code 503}, never {@code 500}; and the instances' logs hold no secret, token or
 * personal value ({@link ProcessLogScan}, the rules of the build's log and trace scan).
 *
 * <p>Minutes, so not in {@code ./mvnw -B verify}: {@code ./mvnw -B -Preliability -pl application -am verify}. The
 * seed ({@code -Dveriflow.seed=...}) fixes the sessions' stories, the schedule and which instance each send goes to;
 * when the crashes land in it is up to the machine.
 */
class KillAndRestartCrashSuite {

    private static final Path HOME = Path.of("target", "reliability");
    private static final int SESSIONS = 400;
    private static final double RATE = 60;
    private static final int KILLS = 4;
    private static final int ACKS_BETWEEN_CRASHES = 150;
    private static final Duration LOAD_DEADLINE = Duration.ofMinutes(4);
    private static final Duration DRAIN = Duration.ofMinutes(2);

    /** Work an instance held a lease on when it was killed. */
    private record Orphan(String kind, String id, String owner) {
    }

    static Stream<Long> seed() {
        return Seeds.seed();
    }

    @ParameterizedTest(name = "seed {0} (replay with -Dveriflow.seed={0})")
    @MethodSource("seed")
    void instancesKilledUnderLoadLoseNothing(long seed) throws Exception {
        String replay = " [seed " + seed + ", replay with -Dveriflow.seed=" + seed + "]";
        Phases phases = new Phases("KillAndRestartCrashSuite.kills" + replay);
        try (CrashRig rig = CrashRig.start(HOME.resolve("kills"))) {
            Random random = new Random(seed);
            // A slow API and a slow receiver keep reconciles and deliveries in flight, so a kill leaves leases behind.
            rig.persona.answerRetrievalsAfter(Duration.ofMillis(150));
            rig.receiver.answerAfter(Duration.ofMillis(150));
            List<Session> sessions = startSessions(rig, phases, SESSIONS, "kill");
            List<Delivery> events = events(sessions);
            WebhookLoad load = rig.load(schedule(events, random), random, apiFollowsWebhooks(rig));
            CompletableFuture<Void> sending = load.start(RATE, LOAD_DEADLINE);

            List<Orphan> orphans = new ArrayList<>();
            List<String> crashes = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                awaitMoreAcknowledged(load, sending);
                int index = kill % 2;
                String victim = rig.kill(index);
                List<Orphan> left = orphansOf(rig, victim);
                orphans.addAll(left);
                Duration ready = rig.relaunch(index);
                crashes.add(String.format("SIGKILL %s (%d tasks, %d deliveries leased), relaunched as %s in %d ms",
                        victim, left.stream().filter(o -> o.kind().equals("task")).count(),
                        left.stream().filter(o -> o.kind().equals("delivery")).count(), rig.instance(index).name(),
                        ready.toMillis()));
            }
            phases.done(KILLS + " kills");
            sending.join();
            phases.done("load: " + load.ledger());
            awaitDrained(rig);
            phases.done("tasks and outbox drained");

            SoftAssertions softly = new SoftAssertions();
            checkLedgerAndSessions(softly, rig, load, sessions, events, replay);
            softly.assertThat(orphans).as("tasks and deliveries leased by a killed instance" + replay).isNotEmpty();
            checkOrphansTakenOver(softly, rig, orphans, replay);
            checkLogs(softly, rig, replay);
            phases.done("checks");
            report(crashes);
            report(List.of("load " + load.ledger(), "orphans taken over: " + orphans.size(),
                    "receiver: " + rig.receiver.received().size() + " POSTs"));
            softly.assertAll();
        } finally {
            phases.print();
        }
    }

    @ParameterizedTest(name = "seed {0} (replay with -Dveriflow.seed={0})")
    @MethodSource("seed")
    void anImmediateDatabaseStopUnderLoadLosesNothing(long seed) throws Exception {
        String replay = " [seed " + seed + ", replay with -Dveriflow.seed=" + seed + "]";
        Phases phases = new Phases("KillAndRestartCrashSuite.postgres" + replay);
        try (CrashRig rig = CrashRig.start(HOME.resolve("postgres-stop"))) {
            Random random = new Random(seed);
            rig.receiver.answerAfter(Duration.ofMillis(50));
            List<Session> sessions = startSessions(rig, phases, SESSIONS / 2, "pgstop");
            List<Delivery> events = events(sessions);
            WebhookLoad load = rig.load(schedule(events, random), random, apiFollowsWebhooks(rig));
            CompletableFuture<Void> sending = load.start(RATE, LOAD_DEADLINE);

            awaitMoreAcknowledged(load, sending);
            long acknowledgedBefore = load.acknowledged.sum();
            long errorsBefore = load.errors.sum();
            Duration stopped = rig.postgres.stopImmediately();
            Duration down = Await.until("both instances report the database down", Duration.ofSeconds(30),
                    () -> !rig.instance(0).healthUp() && !rig.instance(1).healthUp());
            long errorsAtDown = load.errors.sum();
            Await.until("webhooks refused while the database is down", Duration.ofSeconds(30),
                    () -> load.errors.sum() >= errorsAtDown + 20);
            Duration restarted = rig.postgres.start();
            Duration up = Await.until("both instances report the database up again", Duration.ofSeconds(60),
                    () -> rig.instance(0).healthUp() && rig.instance(1).healthUp());
            phases.done(String.format("PostgreSQL stopped immediately after %d acknowledgements (%d ms), health DOWN"
                            + " after %d ms, %d sends failed meanwhile, restarted with crash recovery in %d ms, UP"
                            + " %d ms later", acknowledgedBefore, stopped.toMillis(), down.toMillis(),
                    load.errors.sum() - errorsBefore, restarted.toMillis(), up.toMillis()));
            sending.join();
            phases.done("load: " + load.ledger());
            awaitDrained(rig);
            phases.done("tasks and outbox drained");

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(rig.instance(0).alive() && rig.instance(1).alive())
                    .as("both instances lived through the database restart").isTrue();
            checkLedgerAndSessions(softly, rig, load, sessions, events, replay);
            checkLogs(softly, rig, replay);
            phases.done("checks");
            report(List.of("load " + load.ledger(), "receiver: " + rig.receiver.received().size() + " POSTs"));
            softly.assertAll();
        } finally {
            phases.print();
        }
    }

    /**
     * As Persona's API does, the fake shows each inquiry as the furthest webhook sent about it says it is (never going
     * back when an earlier one is sent again), so reconciles read what the webhooks say.
     */
    private static Consumer<Delivery> apiFollowsWebhooks(CrashRig rig) {
        Map<Session, Integer> furthest = new ConcurrentHashMap<>();
        return delivery -> {
            Session session = delivery.session();
            int position = session.story().webhooks().indexOf(delivery.signal());
            String view = switch (delivery.signal().toString()) {
                case "inquiry.started" -> "api/get-inquiry.pending.json";
                case "inquiry.completed" -> "api/get-inquiry.completed.json";
                case "inquiry.approved" -> "api/get-inquiry.approved.json";
                case "inquiry.expired" -> "api/get-inquiry.expired.json";
                case "inquiry.failed" -> "api/get-inquiry.failed.json";
                case "inquiry.marked-for-review" -> "api/get-inquiry.needs_review.json";
                case "inquiry.declined" -> "api/get-inquiry.declined.json";
                default -> null; // created (the API shows that already) and thin events about other resources
            };
            if (view == null) {
                return;
            }
            furthest.compute(session, (any, before) -> {
                if (before == null || position > before) {
                    rig.persona.script(session.inquiry()).shows(view);
                    return position;
                }
                return before;
            });
        };
    }

    /** Once the rig is up: {@code count} sessions of the stories in turn, each phase timed. */
    private static List<Session> startSessions(CrashRig rig, Phases phases, int count, String prefix) {
        phases.done("PostgreSQL and two instances up");
        List<Session> sessions = rig.startSessions(count, prefix);
        phases.done(count + " sessions started");
        return sessions;
    }

    /** Each session's story webhooks, addressed to it. */
    private static List<Delivery> events(List<Session> sessions) {
        return sessions.stream().flatMap(session -> PersonaTraffic.address(session, session.story().webhooks())
                .stream()).toList();
    }

    /**
     * The order of sending: the sessions' events interleaved (each session's in story order), a fifth of them sent
     * a second time somewhere later in the schedule.
     */
    private static List<Delivery> schedule(List<Delivery> events, Random random) {
        Map<Session, List<Delivery>> bySession = new LinkedHashMap<>();
        events.forEach(event -> bySession.computeIfAbsent(event.session(), any -> new ArrayList<>()).add(event));
        List<List<Delivery>> lanes = new ArrayList<>(bySession.values().stream().map(ArrayList::new).toList());
        Collections.shuffle(lanes, random);
        List<Delivery> schedule = new ArrayList<>();
        for (int round = 0; !lanes.isEmpty(); round++) {
            for (var lane = lanes.iterator(); lane.hasNext(); ) {
                List<Delivery> next = lane.next();
                schedule.add(next.removeFirst());
                if (next.isEmpty()) {
                    lane.remove();
                }
            }
        }
        List<Delivery> withDuplicates = new ArrayList<>(schedule);
        for (Delivery event : schedule) {
            if (random.nextInt(5) == 0) {
                int at = Math.min(withDuplicates.size(), withDuplicates.indexOf(event) + 1 + random.nextInt(200));
                withDuplicates.add(at, event);
            }
        }
        return withDuplicates;
    }

    private static void awaitMoreAcknowledged(WebhookLoad load, CompletableFuture<Void> sending) {
        long target = load.acknowledged.sum() + ACKS_BETWEEN_CRASHES;
        Await.until(ACKS_BETWEEN_CRASHES + " more acknowledgements (" + load.ledger() + ")", Duration.ofSeconds(60),
                () -> load.acknowledged.sum() >= target || sending.isDone());
        assertThat(sending.isDone()).as("the load ended before the crash: make it longer (" + load.ledger() + ")")
                .isFalse();
    }

    /** The victim's leases still held in the database: tasks it was running, deliveries it was sending. */
    private static List<Orphan> orphansOf(CrashRig rig, String victim) {
        List<Orphan> orphans = new ArrayList<>();
        for (Map<String, Object> row : rig.tables.select("""
                SELECT 'task' AS kind, id::text AS id FROM task WHERE state = 'running' AND lease_owner = ?
                UNION ALL
                SELECT 'delivery', id::text FROM delivery
                 WHERE state = 'pending' AND lease_owner = ? AND lease_expires_at > now()""", victim, victim)) {
            orphans.add(new Orphan((String) row.get("kind"), (String) row.get("id"), victim));
        }
        return orphans;
    }

    private static void awaitDrained(CrashRig rig) {
        Await.until("every task done and every delivery delivered", DRAIN, () -> rig.tables.count(
                "SELECT (SELECT count(*) FROM task WHERE state <> 'done')"
                        + " + (SELECT count(*) FROM delivery WHERE state <> 'delivered')") == 0);
    }

    private static void checkLedgerAndSessions(SoftAssertions softly, CrashRig rig, WebhookLoad load,
            List<Session> sessions, List<Delivery> events, String replay) {
        softly.assertThat(load.balances()).as("ledger balances: " + load.ledger() + replay).isTrue();
        softly.assertThat(load.rejections()).as("webhooks rejected (4xx)" + replay).isEmpty();
        softly.assertThat(load.answers()).as("answers: an unreachable database is a 503, never a 500" + replay)
                .doesNotContainKey("500");
        Set<String> eventIds = events.stream().map(Delivery::eventId).collect(Collectors.toSet());
        softly.assertThat(load.acknowledgedIds()).as("events acknowledged" + replay)
                .containsExactlyInAnyOrderElementsOf(eventIds);

        List<SignalRow> log = rig.tables.signals(CrashRig.TENANT);
        Map<String, Long> rowsPerEvent = log.stream().filter(row -> row.name().startsWith("persona.webhook."))
                .collect(Collectors.groupingBy(SignalRow::dedupeKey, Collectors.counting()));
        softly.assertThat(rowsPerEvent.keySet()).as("webhook rows of the signal log, by event id" + replay)
                .containsExactlyInAnyOrderElementsOf(load.acknowledgedIds());
        softly.assertThat(rowsPerEvent.entrySet().stream().filter(entry -> entry.getValue() != 1).limit(10))
                .as("events logged more than once" + replay).isEmpty();

        Map<String, List<SignalRow>> logBySession = bySession(log, SignalRow::session);
        Map<String, List<OutboxRow>> outboxBySession = bySession(rig.tables.outbox(CrashRig.TENANT),
                OutboxRow::session);
        Map<String, Long> versions = rig.tables.versions(CrashRig.TENANT);
        List<String> problems = new ArrayList<>();
        Map<String, Long> endings = new TreeMap<>();
        for (Session session : sessions) {
            List<SignalRow> rows = logBySession.getOrDefault(session.id(), List.of());
            long changed = rows.stream().filter(row -> row.result().equals("CHANGED")).count();
            long version = versions.getOrDefault(session.id(), -1L);
            // The start is the first CHANGED row and saves version 0; each later change adds one.
            if (version != changed - 1) {
                problems.add(session + ": version " + version + " for " + changed + " CHANGED rows");
            }
            List<String> notified = new ArrayList<>(outboxBySession.getOrDefault(session.id(), List.of()).stream()
                    .map(OutboxRow::type).sorted().toList());
            List<String> emitted = Tables.emittedTypes(rows);
            if (!notified.remove("session.started")) { // the start's notification, not an event of a signal
                problems.add(session + ": no session.started in the outbox");
            }
            if (!notified.equals(emitted)) {
                problems.add(session + ": outbox " + notified + " but the log emitted " + emitted);
            }
            String ending = Views.stateAndVerdict(Views.outcome(rig.wire, rig.uris().get(0), session));
            endings.merge(session.story() + " -> " + ending, 1L, Long::sum);
            if (!ending.equals(session.story().outcome())) {
                problems.add(session + ": ended " + ending + ", the story says " + session.story().outcome());
            }
        }
        report(List.of("sessions ended: " + endings));
        softly.assertThat(problems).as("sessions whose log, version, outbox or ending is wrong (%d)%s",
                problems.size(), replay).isEmpty();
        checkNotifications(softly, rig, replay);
    }

    /** Every outbox row delivered to the receiver under its id, correctly signed; redeliveries identical. */
    private static void checkNotifications(SoftAssertions softly, CrashRig rig, String replay) {
        List<Map<String, Object>> outbox = rig.tables.select("""
                SELECT o.id::text AS id, d.state AS state FROM outbox o
                  LEFT JOIN delivery d ON d.tenant_id = o.tenant_id AND d.outbox_id = o.id
                 WHERE o.tenant_id = ?""", CrashRig.TENANT);
        Set<String> outboxIds = outbox.stream().map(row -> (String) row.get("id")).collect(Collectors.toSet());
        softly.assertThat(outbox.stream().filter(row -> !"delivered".equals(row.get("state"))).limit(10))
                .as("outbox rows without a delivered delivery" + replay).isEmpty();
        List<Hook> received = rig.receiver.received();
        softly.assertThat(received.stream().filter(hook -> !hook.verified()).limit(5))
                .as("notifications whose signature did not verify" + replay).isEmpty();
        Map<String, List<Hook>> byId = received.stream().collect(Collectors.groupingBy(Hook::webhookId));
        softly.assertThat(byId.keySet()).as("webhook-ids received = outbox ids" + replay)
                .containsExactlyInAnyOrderElementsOf(outboxIds);
        softly.assertThat(byId.entrySet().stream().filter(entry -> entry.getValue().stream().map(Hook::body)
                        .distinct().count() > 1).map(Map.Entry::getKey).limit(5))
                .as("webhook-ids received with different bodies" + replay).isEmpty();
        long redelivered = received.size() - byId.size();
        report(List.of(String.format("notifications: %d outbox rows, %d POSTs received, %d distinct webhook-ids, %d"
                + " redeliveries (same id and body)", outboxIds.size(), received.size(), byId.size(), redelivered)));
    }

    private static void checkOrphansTakenOver(SoftAssertions softly, CrashRig rig, List<Orphan> orphans,
            String replay) {
        Map<String, Orphan> byId = new HashMap<>();
        orphans.forEach(orphan -> byId.put(orphan.id(), orphan));
        List<String> unfinished = new ArrayList<>();
        for (Map<String, Object> row : rig.tables.select("""
                SELECT 'task' AS kind, id::text AS id, state, lease_owner FROM task WHERE id::text = ANY(?)
                UNION ALL
                SELECT 'delivery', id::text, state, lease_owner FROM delivery WHERE id::text = ANY(?)""",
                byId.keySet().toArray(String[]::new), byId.keySet().toArray(String[]::new))) {
            Orphan orphan = byId.remove((String) row.get("id"));
            boolean finished = row.get("state").equals(orphan.kind().equals("task") ? "done" : "delivered");
            if (!finished || orphan.owner().equals(row.get("lease_owner"))) {
                unfinished.add(orphan + " ended " + row.get("state") + " by " + row.get("lease_owner"));
            }
        }
        byId.values().forEach(orphan -> unfinished.add(orphan + " is gone (purged or never there)"));
        softly.assertThat(unfinished).as("leases of killed instances not taken over" + replay).isEmpty();
    }

    /** The instances' own logs (every launch) hold no secret, token or personal value of the run. */
    private static void checkLogs(SoftAssertions softly, CrashRig rig, String replay) {
        ProcessLogScan.Result scan = ProcessLogScan.scan(rig.logs());
        report(List.of(scan.summary()));
        softly.assertThat(scan.lines()).as("service log lines scanned").isPositive();
        softly.assertThat(scan.findings()).as(scan.summary() + replay).isEmpty();
    }

    private static <T> Map<String, List<T>> bySession(List<T> rows, Function<T, String> session) {
        Map<String, List<T>> grouped = new HashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(session.apply(row), any -> new ArrayList<>()).add(row));
        return grouped;
    }

    private static void report(List<String> lines) {
        // The figures of a reliability run are its product; they go to the test's standard output (failsafe).
        lines.forEach(line -> System.out.println("[reliability] " + line));
    }
}
