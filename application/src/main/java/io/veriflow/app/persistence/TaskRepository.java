package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code task} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface TaskRepository extends GenericRepository<TaskRow, TaskKey> {

    /**
     * Adds a pending reconcile task for the session, or, when one is pending already (the partial unique index
     * {@code task_one_pending_reconcile_uq}), keeps that one and moves its {@code not_before} earlier if the new one
     * is due sooner. Concurrent calls for one session coalesce too.
     */
    @Query("""
            INSERT INTO task (tenant_id, kind, session_id, payload, state, not_before, traceparent)
            VALUES (:tenantId, 'reconcile', :sessionId, CAST(:payload AS jsonb), 'pending', :notBefore, :traceparent)
            ON CONFLICT (tenant_id, session_id) WHERE kind = 'reconcile' AND state = 'pending'
            DO UPDATE SET not_before = EXCLUDED.not_before, updated_at = now()
                    WHERE EXCLUDED.not_before < task.not_before""")
    void scheduleReconcile(
            String tenantId, UUID sessionId, String payload, Instant notBefore, @Nullable String traceparent);

    // The task worker (io.veriflow.app.work): leases, completion, rescheduling, stuck tasks. Every time is the
    // database's now(); a lease is identified by (lease_owner, attempts), attempts being bumped by every claim.

    /**
     * Claims due reconcile tasks, and ones whose lease expired, in not_before order: each becomes running, leased to
     * {@code owner} for {@code leaseMillis}, with one more attempt. {@code SKIP LOCKED} lets concurrent claimers pass
     * each other's rows instead of waiting, so no two claimers get the same task. The locking CTE is always
     * materialised, so the subquery runs once.
     */
    @Query("""
            WITH due AS (
                SELECT tenant_id, id FROM task
                 WHERE kind = 'reconcile'
                   AND ((state = 'pending' AND not_before <= now())
                        OR (state = 'running' AND lease_expires_at < now()))
                 ORDER BY not_before
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
            UPDATE task
               SET state = 'running', lease_owner = :owner,
                   lease_expires_at = now() + interval '1 millisecond' * :leaseMillis,
                   attempts = task.attempts + 1, updated_at = now()
              FROM due
             WHERE task.tenant_id = due.tenant_id AND task.id = due.id
            RETURNING task.tenant_id, task.id, task.kind, task.session_id, task.payload, task.state, task.attempts,
                      task.not_before, task.lease_owner, task.lease_expires_at, task.last_error, task.created_at,
                      task.updated_at, task.traceparent""")
    List<TaskRow> claimDueReconciles(String owner, long leaseMillis, int limit);

    /** Marks a task done while the lease is still {@code owner}'s; lease_owner stays as the record of who did it. */
    @Query("""
            UPDATE task SET state = 'done', lease_expires_at = NULL, updated_at = now()
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'running' AND lease_owner = :owner AND attempts = :attempts""")
    long completeLeased(String tenantId, UUID id, String owner, int attempts);

    /**
     * Folds a leased reconcile task into the pending one of the same session, if there is one: the earlier due time,
     * the higher attempt count, the older creation time, the error, the stuck stamp. The caller then deletes the
     * leased one.
     */
    @Query("""
            UPDATE task AS pending
               SET not_before = LEAST(pending.not_before, now() + interval '1 millisecond' * :delayMillis),
                   attempts = GREATEST(pending.attempts, mine.attempts),
                   last_error = :lastError,
                   created_at = LEAST(pending.created_at, mine.created_at),
                   stuck_reported_at = COALESCE(pending.stuck_reported_at, mine.stuck_reported_at),
                   updated_at = now()
              FROM task AS mine
             WHERE mine.tenant_id = :tenantId AND mine.id = :id
               AND mine.state = 'running' AND mine.lease_owner = :owner AND mine.attempts = :attempts
               AND pending.tenant_id = mine.tenant_id AND pending.session_id = mine.session_id
               AND pending.kind = 'reconcile' AND pending.state = 'pending'""")
    long mergeLeasedIntoPending(String tenantId, UUID id, String owner, int attempts, long delayMillis,
            String lastError);

    @Query("""
            DELETE FROM task
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'running' AND lease_owner = :owner AND attempts = :attempts""")
    long deleteLeased(String tenantId, UUID id, String owner, int attempts);

    /**
     * Puts a leased task back to pending, due after {@code delayMillis}. Fails with a unique violation on
     * {@code task_one_pending_reconcile_uq} if the session has another pending reconcile task.
     */
    @Query("""
            UPDATE task
               SET state = 'pending', not_before = now() + interval '1 millisecond' * :delayMillis,
                   lease_owner = NULL, lease_expires_at = NULL, last_error = :lastError, updated_at = now()
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'running' AND lease_owner = :owner AND attempts = :attempts""")
    long releaseLeased(String tenantId, UUID id, String owner, int attempts, long delayMillis, String lastError);

    /** Unfinished tasks attempted at least {@code minAttempts} times or created before {@code createdBefore}. */
    @Query("""
            SELECT tenant_id, id, kind, session_id, payload, state, attempts, not_before, lease_owner,
                   lease_expires_at, last_error, created_at, updated_at, traceparent
              FROM task
             WHERE state <> 'done' AND (attempts >= :minAttempts OR created_at < :createdBefore)
             ORDER BY created_at
             LIMIT :limit""")
    List<TaskRow> findStuck(int minAttempts, Instant createdBefore, int limit);

    /** Stamps stuck tasks not stamped yet and returns them; concurrent callers skip each other's rows. */
    @Query("""
            WITH newly AS (
                SELECT tenant_id, id FROM task
                 WHERE state <> 'done' AND stuck_reported_at IS NULL
                   AND (attempts >= :minAttempts OR created_at < :createdBefore)
                 ORDER BY created_at
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
            UPDATE task SET stuck_reported_at = now()
              FROM newly
             WHERE task.tenant_id = newly.tenant_id AND task.id = newly.id
            RETURNING task.tenant_id, task.id, task.kind, task.session_id, task.payload, task.state, task.attempts,
                      task.not_before, task.lease_owner, task.lease_expires_at, task.last_error, task.created_at,
                      task.updated_at, task.traceparent""")
    List<TaskRow> markNewlyStuck(int minAttempts, Instant createdBefore, int limit);

    /** Deletes up to {@code limit} done tasks last touched before {@code before}. */
    @Query("""
            DELETE FROM task
             WHERE (tenant_id, id) IN (
                   SELECT tenant_id, id FROM task
                    WHERE state = 'done' AND updated_at < :before
                    LIMIT :limit)""")
    long purgeDone(Instant before, int limit);
}
