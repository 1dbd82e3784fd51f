package io.veriflow.app.persistence;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.veriflow.app.work.ClaimedTask;
import io.veriflow.app.work.StuckTask;
import io.veriflow.app.work.TaskQueue;
import io.veriflow.domain.session.ReconcileRequest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's view of {@code task}: claims with {@code FOR UPDATE SKIP LOCKED} leases, and completes or reschedules
 * only while the lease (owner and attempt count) is still the caller's.
 *
 * <p>Finished tasks are kept as {@code done} rather than deleted: they record that the session was reconciled
 * recently (the silent-session timer reads that) and who did it; {@link #purgeDone} removes them after the retention
 * period. The partial unique index allows one pending reconcile per session only, so putting a task back to pending
 * may meet a newer pending one: that one then absorbs it ({@link TaskQueue#reschedule}).
 */
@Singleton
public class JdbcTaskQueue implements TaskQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskQueue.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int RESCHEDULE_TRIES = 3;

    private final TaskRepository tasks;
    private final Documents documents;
    private final TransactionOperations<Connection> transactions;

    JdbcTaskQueue(TaskRepository tasks, Documents documents, TransactionOperations<Connection> transactions) {
        this.tasks = tasks;
        this.documents = documents;
        this.transactions = transactions;
    }

    @Override
    public List<ClaimedTask> claimReconciles(String owner, int limit, Duration lease) {
        List<TaskRow> claimed = transactions.executeWrite(
                status -> tasks.claimDueReconciles(owner, lease.toMillis(), limit));
        return claimed.stream().map(this::toClaimed).toList();
    }

    @Override
    public boolean complete(ClaimedTask task, String owner) {
        return tasks.completeLeased(task.tenant(), task.id(), owner, task.attempts()) == 1;
    }

    @Override
    public Rescheduled reschedule(ClaimedTask task, String owner, Duration delay, String lastError) {
        long delayMillis = Math.max(0, delay.toMillis());
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.executeWrite(status -> rescheduleOnce(task, owner, delayMillis, lastError));
            } catch (DataAccessException e) {
                // A pending reconcile for the session was inserted between the merge and the release: merge again.
                if (!isUniqueViolation(e) || attempt >= RESCHEDULE_TRIES) {
                    throw e;
                }
                LOG.debug("Task {} met a new pending task of its session while rescheduling; merging", task.id());
            }
        }
    }

    private Rescheduled rescheduleOnce(ClaimedTask task, String owner, long delayMillis, String lastError) {
        if (tasks.mergeLeasedIntoPending(task.tenant(), task.id(), owner, task.attempts(), delayMillis, lastError) > 0) {
            tasks.deleteLeased(task.tenant(), task.id(), owner, task.attempts());
            return Rescheduled.MERGED;
        }
        return tasks.releaseLeased(task.tenant(), task.id(), owner, task.attempts(), delayMillis, lastError) == 1
                ? Rescheduled.RESCHEDULED
                : Rescheduled.LEASE_LOST;
    }

    @Override
    public List<StuckTask> stuck(StuckCriteria criteria, int limit) {
        return tasks.findStuck(criteria.minAttempts(), criteria.createdBefore(), limit).stream()
                .map(JdbcTaskQueue::toStuck)
                .toList();
    }

    @Override
    public List<StuckTask> markNewlyStuck(StuckCriteria criteria, int limit) {
        return transactions.executeWrite(status ->
                tasks.markNewlyStuck(criteria.minAttempts(), criteria.createdBefore(), limit)).stream()
                .map(JdbcTaskQueue::toStuck)
                .toList();
    }

    @Override
    public int purgeDone(Instant finishedBefore, int limit) {
        return Math.toIntExact(tasks.purgeDone(finishedBefore, limit));
    }

    private ClaimedTask toClaimed(TaskRow row) {
        return new ClaimedTask(row.key().tenantId(), row.key().id(), row.sessionId(), readRequest(row),
                row.attempts(), row.createdAt(), Optional.ofNullable(row.traceparent()));
    }

    /** An unreadable payload is not dropped: the worker records the failure and the task shows up as stuck. */
    private Optional<ReconcileRequest> readRequest(TaskRow row) {
        try {
            return Optional.of(documents.readReconcileRequest(row.payload()));
        } catch (RuntimeException e) {
            LOG.warn("Reconcile task {} has an unreadable payload ({})", row.key().id(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static StuckTask toStuck(TaskRow row) {
        return new StuckTask(row.key().tenantId(), row.key().id(), row.sessionId(), row.kind(), row.state(),
                row.attempts(), row.lastError(), row.notBefore(), row.createdAt());
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
