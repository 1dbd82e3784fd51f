package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code delivery} table. Updates made by the worker name the lease ({@code lease_owner}, {@code attempts}) and
 * touch the row only while it is still that worker's: a delivery another instance took over after the lease
 * expired is never clobbered. (The claim itself is in {@link JdbcDeliveryQueue}.)
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface DeliveryRepository extends GenericRepository<DeliveryRow, DeliveryKey> {

    /** Done: the lease owner stays as the record of who delivered it. */
    @Query("""
            UPDATE delivery
               SET state = 'delivered', delivered_at = :at, last_attempt_at = :at, last_status = :status,
                   last_error = NULL, lease_expires_at = NULL
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'pending' AND lease_owner = :owner AND attempts = :attempts""")
    long markDelivered(String tenantId, UUID id, String owner, int attempts, int status, Instant at);

    @Query("""
            UPDATE delivery
               SET next_attempt_at = :nextAttemptAt, last_attempt_at = :at, last_status = :status,
                   last_error = :error, lease_owner = NULL, lease_expires_at = NULL
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'pending' AND lease_owner = :owner AND attempts = :attempts""")
    long reschedule(String tenantId, UUID id, String owner, int attempts, Instant nextAttemptAt, Instant at,
            @Nullable Integer status, String error);

    @Query("""
            UPDATE delivery
               SET state = 'failed', last_attempt_at = :at, last_status = :status, last_error = :error,
                   lease_owner = NULL, lease_expires_at = NULL
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'pending' AND lease_owner = :owner AND attempts = :attempts""")
    long markFailed(String tenantId, UUID id, String owner, int attempts, Instant at, @Nullable Integer status,
            String error);

    /**
     * An attempt that was not made (for a reason of ours) does not count: the attempt number goes back, the lease is
     * released.
     */
    @Query("""
            UPDATE delivery
               SET attempts = attempts - 1, next_attempt_at = :nextAttemptAt, last_error = :error,
                   first_attempt_at = CASE WHEN attempts = 1 THEN NULL ELSE first_attempt_at END,
                   lease_owner = NULL, lease_expires_at = NULL
             WHERE tenant_id = :tenantId AND id = :id
               AND state = 'pending' AND lease_owner = :owner AND attempts = :attempts""")
    long release(String tenantId, UUID id, String owner, int attempts, Instant nextAttemptAt, String error);

    /**
     * After an endpoint is enabled again: its pending deliveries that no worker holds are due now, with a fresh retry
     * window (attempt count and first attempt time reset).
     */
    @Query("""
            UPDATE delivery
               SET next_attempt_at = :now, attempts = 0, first_attempt_at = NULL
             WHERE tenant_id = :tenantId AND endpoint_id = :endpointId AND state = 'pending'
               AND (lease_expires_at IS NULL OR lease_expires_at < :now)""")
    long restartPending(String tenantId, UUID endpointId, Instant now);

    /**
     * Replay: queues the tenant's matching outbox rows for the endpoint (if subscribed to their type) with their
     * original ids. A notification the endpoint never had gets a new delivery; a delivered or failed one is reset to
     * pending with a fresh retry window; a pending one is left alone. {@code sessionId} and {@code since} are
     * optional filters (null: no condition).
     *
     * @return how many deliveries were queued or reset
     */
    @Query("""
            INSERT INTO delivery (tenant_id, endpoint_id, outbox_id, session_id, sequence, state, attempts,
                                  next_attempt_at)
            SELECT o.tenant_id, e.id, o.id, o.session_id, o.sequence, 'pending', 0, :now
              FROM outbox o
              JOIN webhook_endpoint e ON e.tenant_id = o.tenant_id AND e.id = :endpointId
             WHERE o.tenant_id = :tenantId
               AND (CAST(:sessionId AS uuid) IS NULL OR o.session_id = CAST(:sessionId AS uuid))
               AND (CAST(:since AS timestamptz) IS NULL OR o.created_at >= CAST(:since AS timestamptz))
               AND (cardinality(e.event_types) = 0 OR o.event_type = ANY (e.event_types))
            ON CONFLICT (tenant_id, endpoint_id, outbox_id) DO UPDATE
               SET state = 'pending', attempts = 0, next_attempt_at = EXCLUDED.next_attempt_at,
                   first_attempt_at = NULL, delivered_at = NULL, lease_owner = NULL, lease_expires_at = NULL
             WHERE delivery.state <> 'pending'""")
    long replay(String tenantId, UUID endpointId, @Nullable UUID sessionId, @Nullable Instant since, Instant now);

    @Query("""
            SELECT * FROM delivery WHERE tenant_id = :tenantId AND endpoint_id = :endpointId
             ORDER BY session_id, sequence""")
    List<DeliveryRow> findByEndpoint(String tenantId, UUID endpointId);
}
