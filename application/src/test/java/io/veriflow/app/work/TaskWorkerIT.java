package io.veriflow.app.work;

import static io.veriflow.app.work.TaskRows.instant;
import static io.veriflow.app.work.WorkSessions.aFreshRef;
import static io.veriflow.app.work.WorkSessions.aFreshTenant;
import static io.veriflow.app.work.WorkSessions.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.session.ReconcileRequest.Why;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.VerificationSession;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task worker and its timers against PostgreSQL, with a test provider: tasks run once and are marked done,
 * failures are retried with backoff and never dropped, dead instances' leases are taken over, silent sessions are
 * reconciled, overdue sessions expire, stuck tasks are listed.
 */
@MicronautTest(transactional = false)
@Property(name = "veriflow.work.enabled", value = "true")
@Property(name = "veriflow.work.instance-id", value = TaskWorkerIT.ME)
@Property(name = "veriflow.work.poll-interval", value = "20ms")
@Property(name = "veriflow.work.silent-scan-interval", value = "100ms")
@Property(name = "veriflow.work.silent-after", value = "10m")
@Property(name = "veriflow.work.retry-initial", value = "20ms")
@Property(name = "veriflow.work.retry-max", value = "100ms")
@Property(name = "veriflow.work.failure-retry-initial", value = "1h")
@Property(name = "veriflow.work.stuck-after-attempts", value = "6")
@Property(name = "veriflow.work.stuck-after", value = "1h")
@Property(name = "veriflow.test.fake-notifications", value = "true")
@Property(name = "veriflow.test.work-providers", value = "true")
@Property(name = "veriflow.operator-key", value = TaskWorkerIT.OPERATOR_KEY)
@Property(name = "veriflow.providers.workprov.resilience.retry.max-attempts", value = "1")
@Property(name = "veriflow.providers.workprov.resilience.rate-limiter.limit-for-period", value = "100000")
class TaskWorkerIT {

    static final String ME = "worker-it";
    static final String OPERATOR_KEY = "work-it-operator-key-0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    @Inject
    ApplicationContext context;

    @Inject
    ReconcileTasks reconcileTasks;

    @Inject
    VerificationSessions sessions;

    @Inject
    ScriptedWorkProvider provider;

    @Inject
    RecordingNotifications notifications;

    @Inject
    TaskQueue queue;

    @Inject
    Sweeper sweeper;

    @Inject
    Clock clock;

    @Inject
    @Client("/")
    HttpClient client;

    private TaskRows rows;

    @BeforeEach
    void openRows() {
        rows = new TaskRows(context);
    }

    @Test
    void aScheduledReconcileRunsOnceAndIsMarkedDone() {
        TenantId tenant = aFreshTenant();
        ProviderRef ref = aFreshRef("done");
        VerificationSession session = sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(ref), now()));

        reconcileTasks.schedule(tenant, session.id(), new ReconcileRequest(ref, Why.THIN_NOTIFICATION), now());

        Eventually.waitUntil("task done", PATIENCE, () -> stateOf(tenant, session).equals(List.of("done")));
        Map<String, Object> task = rows.ofSession(tenant.value(), session.id().value()).getFirst();
        assertThat(task).containsEntry("attempts", 1).containsEntry("lease_owner", ME)
                .containsEntry("lease_expires_at", null).containsEntry("last_error", null);
        assertThat(provider.fetchesOf(ref)).isEqualTo(1);
        assertThat(sessions.find(tenant, session.id()).orElseThrow().state()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(notifications.events()).anySatisfy(event -> {
            assertThat(event).isInstanceOf(SessionEvent.SessionSubmitted.class);
            assertThat(event.sessionId()).isEqualTo(session.id());
        });
    }

    @Test
    void anUnavailableProviderIsRetriedWithBackoffCountedNeverDroppedAndConverges() {
        TenantId tenant = aFreshTenant();
        ProviderRef ref = aFreshRef("unavailable");
        VerificationSession session = sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(ref), now()));
        Duration retryAfter = Duration.ofMillis(300);
        provider.failNext(ref,
                new ProviderUnavailable("maintenance window", Optional.of(retryAfter)),
                new ProviderUnavailable("maintenance window", Optional.of(retryAfter)),
                new ProviderUnavailable("HTTP 503\nfrom upstream", Optional.of(retryAfter)));

        reconcileTasks.schedule(tenant, session.id(), new ReconcileRequest(ref, Why.CLIENT_HINT), now());

        Eventually.waitUntil("first failure recorded", PATIENCE, () -> {
            List<Map<String, Object>> task = rows.ofSession(tenant.value(), session.id().value());
            return task.size() == 1 && "pending".equals(task.getFirst().get("state"))
                    && Integer.valueOf(1).equals(task.getFirst().get("attempts"));
        });
        Map<String, Object> waiting = rows.ofSession(tenant.value(), session.id().value()).getFirst();
        assertThat(waiting).containsEntry("last_error", "ProviderUnavailable: maintenance window")
                .containsEntry("lease_owner", null);
        assertThat(instant(waiting.get("not_before"))).isAfter(instant(waiting.get("updated_at")).plusMillis(250));

        Eventually.waitUntil("task done after the provider recovered", PATIENCE,
                () -> stateOf(tenant, session).equals(List.of("done")));
        Map<String, Object> done = rows.ofSession(tenant.value(), session.id().value()).getFirst();
        assertThat(done).containsEntry("attempts", 4).containsEntry("last_error", "ProviderUnavailable: HTTP 503 from upstream");
        List<Instant> calls = provider.fetchTimesOf(ref);
        assertThat(calls).hasSize(4);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1), calls.get(i))).as("pause before call %d", i + 1)
                    .isGreaterThanOrEqualTo(retryAfter.minusMillis(50));
        }
        assertThat(sessions.find(tenant, session.id()).orElseThrow().state()).isEqualTo(ProcessState.SUBMITTED);
    }

    @Test
    void aRejectionIsRescheduledWithALongBackoffAndKeptForOperators() {
        TenantId tenant = aFreshTenant();
        ProviderRef ref = aFreshRef("rejected");
        VerificationSession session = sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(ref), now()));
        provider.failNext(ref, new ProviderRejected("invalid_api_key", "the API key was refused"));

        reconcileTasks.schedule(tenant, session.id(), new ReconcileRequest(ref, Why.CLIENT_HINT), now());

        Eventually.waitUntil("failure recorded", PATIENCE, () -> stateOf(tenant, session).equals(List.of("pending"))
                && provider.fetchesOf(ref) == 1);
        Map<String, Object> task = rows.ofSession(tenant.value(), session.id().value()).getFirst();
        assertThat(task).containsEntry("attempts", 1)
                .containsEntry("last_error", "ProviderRejected[invalid_api_key]: the API key was refused");
        // failure-retry-initial is 1h with equal jitter: at least half of it.
        assertThat(instant(task.get("not_before"))).isAfter(now().plus(Duration.ofMinutes(29)));
    }

    @Test
    void aTaskLeasedByADeadInstanceIsTakenOverAfterItsLeaseButALiveLeaseIsRespected() {
        TenantId tenant = aFreshTenant();
        ProviderRef deadRef = aFreshRef("dead");
        ProviderRef aliveRef = aFreshRef("alive");
        VerificationSession ofDead = sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(deadRef), now()));
        VerificationSession ofAlive = sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(aliveRef), now()));
        Instant now = now();
        UUID dead = rows.insertReconcile(tenant.value(), ofDead.id().value(), deadRef.value(), "running", 1,
                now.minusSeconds(120), "dead", now.minusSeconds(60), null, now.minusSeconds(120));
        UUID alive = rows.insertReconcile(tenant.value(), ofAlive.id().value(), aliveRef.value(), "running", 1,
                now.minusSeconds(10), "alive", now.plusSeconds(3600), null, now.minusSeconds(10));

        Eventually.waitUntil("dead instance's task done", PATIENCE,
                () -> "done".equals(rows.byId(tenant.value(), dead).get("state")));

        assertThat(rows.byId(tenant.value(), dead)).containsEntry("lease_owner", ME).containsEntry("attempts", 2);
        assertThat(provider.fetchesOf(deadRef)).isEqualTo(1);
        assertThat(rows.byId(tenant.value(), alive)).containsEntry("state", "running")
                .containsEntry("lease_owner", "alive").containsEntry("attempts", 1);
        assertThat(provider.fetchesOf(aliveRef)).isZero();
    }

    @Test
    void reschedulingIntoANewerPendingTaskOfTheSessionMergesAndALostLeaseChangesNothing() {
        TenantId tenant = aFreshTenant();
        ProviderRef ref = aFreshRef("merge");
        VerificationSession session = sessions.add(started(tenant, ScriptedWorkProvider.ID, Optional.of(ref), now()));
        Instant now = now();
        UUID running = rows.insertReconcile(tenant.value(), session.id().value(), ref.value(), "running", 3,
                now.minusSeconds(600), "me-too", now.plusSeconds(3600), "ProviderUnavailable: earlier", now.minusSeconds(600));
        UUID pending = rows.insertReconcile(tenant.value(), session.id().value(), ref.value(), "pending", 0,
                now.plusSeconds(7200), null, null, null, now);
        ClaimedTask claimed = new ClaimedTask(tenant.value(), running, session.id().value(),
                Optional.of(new ReconcileRequest(ref, Why.CLIENT_HINT)), 3, now.minusSeconds(600));

        assertThat(queue.reschedule(claimed, "someone-else", Duration.ofMinutes(5), "lost"))
                .isEqualTo(TaskQueue.Rescheduled.LEASE_LOST);
        assertThat(queue.complete(claimed, "someone-else")).isFalse();
        assertThat(rows.ofSession(tenant.value(), session.id().value())).hasSize(2);

        assertThat(queue.reschedule(claimed, "me-too", Duration.ofMinutes(5), "ProviderUnavailable: again"))
                .isEqualTo(TaskQueue.Rescheduled.MERGED);

        List<Map<String, Object>> left = rows.ofSession(tenant.value(), session.id().value());
        assertThat(left).singleElement().satisfies(task -> {
            assertThat(task).containsEntry("id", pending).containsEntry("state", "pending")
                    .containsEntry("attempts", 3).containsEntry("last_error", "ProviderUnavailable: again");
            assertThat(instant(task.get("not_before"))).isBefore(now.plusSeconds(3600));
            assertThat(instant(task.get("created_at"))).isEqualTo(now.minusSeconds(600));
        });
    }

    @Test
    void aSilentSessionIsReconciledOnceAndNotAgainWhileItWasReconciledRecently() {
        TenantId tenant = aFreshTenant();
        ProviderRef ref = aFreshRef("silent");
        Instant anHourAgo = now().minus(Duration.ofHours(1));
        VerificationSession silent = sessions.add(WorkSessions.withSnapshot(
                started(tenant, ScriptedWorkProvider.ID, Optional.of(ref), anHourAgo), WorkSessions.submitted(ref),
                anHourAgo));
        ProviderRef unconfirmed = aFreshRef("unconfirmed");
        VerificationSession withoutRef = sessions.add(
                started(tenant, ScriptedWorkProvider.ID, Optional.empty(), anHourAgo));

        Eventually.waitUntil("silent session reconciled", PATIENCE,
                () -> stateOf(tenant, silent).equals(List.of("done")));

        Map<String, Object> task = rows.ofSession(tenant.value(), silent.id().value()).getFirst();
        assertThat(task.get("payload").toString()).contains("SILENT_SESSION").contains(ref.value());
        assertThat(provider.fetchesOf(ref)).isEqualTo(1);
        // The provider had nothing new, so the session still looks silent; the recent done task keeps it from being
        // reconciled again on every sweep.
        assertThat(sessions.find(tenant, silent.id()).orElseThrow().updatedAt()).isEqualTo(silent.updatedAt());
        sweeper.sweepOnce();
        sweeper.sweepOnce();
        assertThat(rows.ofSession(tenant.value(), silent.id().value())).hasSize(1);
        assertThat(provider.fetchesOf(ref)).isEqualTo(1);
        // No confirmed provider reference: nothing to reconcile.
        assertThat(rows.ofSession(tenant.value(), withoutRef.id().value())).isEmpty();
        assertThat(provider.fetchesOf(unconfirmed)).isZero();
    }

    @Test
    void openSessionsOfAPlatformExpiringProviderExpireWhenOverdue() {
        TenantId tenant = aFreshTenant();
        Instant now = now();
        VerificationSession overdue = sessions.add(started(tenant, ExpiringWorkProvider.ID, Optional.empty(),
                now.minus(ExpiringWorkProvider.LIFETIME).minusSeconds(60)));
        VerificationSession young = sessions.add(started(tenant, ExpiringWorkProvider.ID, Optional.empty(),
                now.minus(ExpiringWorkProvider.LIFETIME).plusSeconds(600)));

        Eventually.waitUntil("overdue session expired", PATIENCE,
                () -> sessions.find(tenant, overdue.id()).orElseThrow().state() == ProcessState.EXPIRED);

        assertThat(notifications.events()).anySatisfy(event -> {
            assertThat(event).isInstanceOf(SessionEvent.SessionExpired.class);
            assertThat(event.sessionId()).isEqualTo(overdue.id());
        });
        sweeper.sweepOnce();
        assertThat(sessions.find(tenant, young.id()).orElseThrow().state()).isEqualTo(ProcessState.CREATED);
    }

    @Test
    void stuckTasksAreListedForOperatorsAndReportedOnce() {
        TenantId tenant = aFreshTenant();
        Instant now = now();
        Instant later = now.plus(Duration.ofHours(2));
        UUID triedTooOften = rows.insertReconcile(tenant.value(), WorkSessions.idAt(now).value(), "ref_often",
                "pending", 7, later, null, null, "ProviderUnavailable: still down", now.minusSeconds(60));
        UUID waitingTooLong = rows.insertReconcile(tenant.value(), WorkSessions.idAt(now).value(), "ref_long",
                "pending", 1, later, null, null, "ProviderRejected[x]: no", now.minus(Duration.ofHours(3)));
        UUID fine = rows.insertReconcile(tenant.value(), WorkSessions.idAt(now).value(), "ref_fine",
                "pending", 2, later, null, null, "ProviderUnavailable: blip", now.minusSeconds(60));

        Eventually.waitUntil("stuck tasks reported", PATIENCE,
                () -> rows.byId(tenant.value(), triedTooOften).get("stuck_reported_at") != null
                        && rows.byId(tenant.value(), waitingTooLong).get("stuck_reported_at") != null);
        Object reportedAt = rows.byId(tenant.value(), triedTooOften).get("stuck_reported_at");
        sweeper.sweepOnce();
        assertThat(rows.byId(tenant.value(), triedTooOften).get("stuck_reported_at")).isEqualTo(reportedAt);
        assertThat(rows.byId(tenant.value(), fine).get("stuck_reported_at")).isNull();

        assertThatExceptionOfType(HttpClientResponseException.class)
                .isThrownBy(() -> client.toBlocking().retrieve(HttpRequest.GET("/admin/tasks/stuck"), JSON_OBJECT))
                .satisfies(refused -> assertThat(refused.code()).as("without the operator key").isBetween(400, 499));
        Map<String, Object> report = client.toBlocking().retrieve(
                HttpRequest.GET("/admin/tasks/stuck").bearerAuth(OPERATOR_KEY), JSON_OBJECT);

        assertThat(report).containsEntry("stuckAfterAttempts", 6).containsEntry("stuckAfter", "PT1H");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) report.get("tasks");
        List<Map<String, Object>> ours = tasks.stream().filter(task -> tenant.value().equals(task.get("tenant")))
                .toList();
        assertThat(ours).extracting(task -> task.get("id"))
                .containsExactly(waitingTooLong.toString(), triedTooOften.toString());
        assertThat(ours.getLast()).containsEntry("kind", "reconcile").containsEntry("state", "pending")
                .containsEntry("attempts", 7).containsEntry("lastError", "ProviderUnavailable: still down")
                .containsKeys("session", "notBefore", "createdAt");
    }

    private List<Object> stateOf(TenantId tenant, VerificationSession session) {
        return rows.ofSession(tenant.value(), session.id().value()).stream().map(row -> row.get("state")).toList();
    }

    private Instant now() {
        return clock.instant();
    }
}
