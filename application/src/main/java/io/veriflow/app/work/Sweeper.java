package io.veriflow.app.work;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.session.ReconcileRequest;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer, every {@code silent-scan-interval}: each step is bounded and idempotent, so every instance may run it.
 *
 * <ol>
 *   <li>Stuck tasks not reported yet are logged, once each across all instances.</li>
 *   <li>Silent sessions (open or awaiting a decision, unchanged for {@code silent-after}, with a confirmed provider
 *       reference and no recent reconcile) get a reconcile task; the pending-task coalescing of
 *       {@link ReconcileTasks} makes duplicates from concurrent instances harmless.</li>
 *   <li>Sessions past their platform-enforced lifetime are expired ({@link ExpireOverdueSessions}).</li>
 *   <li>Done tasks older than the retention are purged.</li>
 * </ol>
 */
@Singleton
@Requires(property = "veriflow.work.enabled", notEquals = "false")
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int PURGE_BATCH = 1000;

    private final SessionSweeps sweeps;
    private final ReconcileTasks reconcileTasks;
    private final TaskQueue queue;
    private final ExpireOverdueSessions expiry;
    private final WorkProperties properties;
    private final Clock clock;
    private final Repeater loop;

    Sweeper(SessionSweeps sweeps, ReconcileTasks reconcileTasks, TaskQueue queue, ExpireOverdueSessions expiry,
            WorkProperties properties, Clock clock) {
        this.sweeps = sweeps;
        this.reconcileTasks = reconcileTasks;
        this.queue = queue;
        this.expiry = expiry;
        this.properties = properties;
        this.clock = clock;
        this.loop = new Repeater("task-sweeper", properties.getSilentScanInterval(), () -> {
            sweepOnce();
            return false;
        });
    }

    @EventListener
    void onStartup(StartupEvent event) {
        loop.start();
    }

    @PreDestroy
    void stop() {
        loop.stop(properties.getShutdownGrace());
    }

    /** What one sweep did; {@code -1} for a step that failed (it is logged and tried again next time). */
    public record Sweep(int stuckReported, int silentScheduled, int expired, int purged) {
    }

    public Sweep sweepOnce() {
        return new Sweep(
                step("stuck-task report", this::reportStuck),
                step("silent-session scan", this::scheduleSilent),
                step("platform expiry", () -> expiry.expireOverdue(properties.getSweepBatchSize())),
                step("done-task purge", this::purgeDone));
    }

    private int reportStuck() {
        Instant now = clock.instant();
        List<StuckTask> stuck = queue.markNewlyStuck(new TaskQueue.StuckCriteria(properties.getStuckAfterAttempts(),
                now.minus(properties.getStuckAfter())), properties.getSweepBatchSize());
        for (StuckTask task : stuck) {
            LOG.warn("Task {} ({} of session {}, tenant {}) is stuck: {} attempts, {} since {}, next try {}, last error {}",
                    task.id(), task.kind(), task.session(), task.tenant(), task.attempts(), task.state(),
                    task.createdAt(), task.notBefore(),
                    task.lastError() == null ? "none" : FailureText.kindOf(task.lastError()));
        }
        return stuck.size();
    }

    private int scheduleSilent() {
        Instant now = clock.instant();
        List<SessionSweeps.SilentSession> silent =
                sweeps.silentSessions(now.minus(properties.getSilentAfter()), properties.getSweepBatchSize());
        for (SessionSweeps.SilentSession session : silent) {
            reconcileTasks.schedule(session.tenant(), session.session(),
                    new ReconcileRequest(session.ref(), ReconcileRequest.Why.SILENT_SESSION), now);
        }
        if (!silent.isEmpty()) {
            LOG.info("Scheduled a reconcile for {} silent sessions", silent.size());
        }
        return silent.size();
    }

    private int purgeDone() {
        Duration retention = properties.effectiveDoneRetention();
        return queue.purgeDone(clock.instant().minus(retention), PURGE_BATCH);
    }

    private static int step(String name, IntSupplier step) {
        try {
            return step.getAsInt();
        } catch (RuntimeException e) {
            LOG.warn("Sweep step {} failed, tried again next sweep: {}", name, FailureText.of(e));
            return -1;
        }
    }
}
