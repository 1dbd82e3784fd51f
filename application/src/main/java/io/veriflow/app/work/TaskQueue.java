package io.veriflow.app.work;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The durable reconcile tasks as the worker sees them: claimed under leases, then completed or rescheduled only while
 * the lease is still the caller's. Implemented over PostgreSQL ({@code FOR UPDATE SKIP LOCKED}) in the persistence
 * package; every time in it is the database's clock.
 */
public interface TaskQueue {

    /**
     * Claims up to {@code limit} reconcile tasks that are due (pending and not before now) or whose lease expired (their
     * instance died), in one short transaction: each becomes {@code running}, leased to {@code owner} for
     * {@code lease}, with one more attempt. Concurrent callers never claim the same task.
     */
    List<ClaimedTask> claimReconciles(String owner, int limit, Duration lease);

    /** Marks the task done if {@code owner} still holds the lease; false when the lease was lost. */
    boolean complete(ClaimedTask task, String owner);

    /**
     * Puts the task back to pending, due after {@code delay}, with the error recorded, if {@code owner} still holds
     * the lease. When a new pending reconcile of the same session was scheduled meanwhile (at most one may be pending),
     * that one absorbs this one instead: it keeps the earlier due time, the higher attempt count, the older creation
     * time and this error, and this task is deleted. Nothing is ever dropped.
     */
    Rescheduled reschedule(ClaimedTask task, String owner, Duration delay, String lastError);

    /** Unfinished tasks matching the criteria, oldest first. */
    List<StuckTask> stuck(StuckCriteria criteria, int limit);

    /**
     * Stamps the stuck tasks that were not reported yet and returns them: each stuck task is returned once, to one
     * caller, across all instances.
     */
    List<StuckTask> markNewlyStuck(StuckCriteria criteria, int limit);

    /** Deletes up to {@code limit} done tasks finished before {@code finishedBefore}; returns how many. */
    int purgeDone(Instant finishedBefore, int limit);

    /** What {@link #reschedule} did. */
    enum Rescheduled {
        /** The task is pending again. */
        RESCHEDULED,
        /** A pending task of the same session absorbed it. */
        MERGED,
        /** Another instance holds the task now; nothing was changed. */
        LEASE_LOST
    }

    /**
     * A task is stuck when unfinished and attempted at least {@code minAttempts} times, or created before
     * {@code createdBefore}.
     */
    record StuckCriteria(int minAttempts, Instant createdBefore) {
        public StuckCriteria {
            Objects.requireNonNull(createdBefore, "createdBefore must not be null");
            if (minAttempts < 1) {
                throw new IllegalArgumentException("minAttempts must be at least 1");
            }
        }
    }
}
