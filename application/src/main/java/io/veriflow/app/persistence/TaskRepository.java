package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
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
            INSERT INTO task (tenant_id, kind, session_id, payload, state, not_before)
            VALUES (:tenantId, 'reconcile', :sessionId, CAST(:payload AS jsonb), 'pending', :notBefore)
            ON CONFLICT (tenant_id, session_id) WHERE kind = 'reconcile' AND state = 'pending'
            DO UPDATE SET not_before = EXCLUDED.not_before, updated_at = now()
                    WHERE EXCLUDED.not_before < task.not_before""")
    void scheduleReconcile(String tenantId, UUID sessionId, String payload, Instant notBefore);
}
