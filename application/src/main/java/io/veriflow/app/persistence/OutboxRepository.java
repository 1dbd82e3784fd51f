package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code outbox} table, and the fan-out of its rows into {@code delivery} rows. Every query names the tenant. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends GenericRepository<OutboxRow, OutboxKey> {

    /**
     * The session's next sequence number. The caller holds the session row's lock (its version-checked update, or
     * its insert), so no other transaction numbers the same session meanwhile; the unique constraint on
     * (tenant, session, sequence) catches anything else.
     */
    @Query("""
            SELECT COALESCE(MAX(sequence), 0) + 1 FROM outbox
             WHERE tenant_id = :tenantId AND session_id = :sessionId""")
    long nextSequence(String tenantId, UUID sessionId);

    /** The provider of a session, for the notification body of events that do not name it. */
    @Query("SELECT provider_id FROM verification_session WHERE tenant_id = :tenantId AND id = :sessionId")
    Optional<String> providerOf(String tenantId, UUID sessionId);

    @Query("""
            INSERT INTO outbox (tenant_id, id, session_id, sequence, event_type, payload, traceparent)
            VALUES (:tenantId, :id, :sessionId, :sequence, :eventType, :payload, :traceparent)""")
    void append(String tenantId, UUID id, UUID sessionId, long sequence, String eventType, String payload,
            @Nullable String traceparent);

    /**
     * One pending delivery of the notification per enabled endpoint of the tenant that subscribes to its type (an
     * empty subscription list means every type), due at {@code dueAt}.
     *
     * @return how many deliveries were queued
     */
    @Query("""
            INSERT INTO delivery (tenant_id, endpoint_id, outbox_id, session_id, sequence, state, attempts,
                                  next_attempt_at)
            SELECT e.tenant_id, e.id, :outboxId, :sessionId, :sequence, 'pending', 0, :dueAt
              FROM webhook_endpoint e
             WHERE e.tenant_id = :tenantId AND e.enabled
               AND (cardinality(e.event_types) = 0 OR :eventType = ANY (e.event_types))""")
    long fanOut(String tenantId, UUID outboxId, UUID sessionId, long sequence, String eventType, Instant dueAt);

    @Query("""
            SELECT * FROM outbox WHERE tenant_id = :tenantId AND session_id = :sessionId ORDER BY sequence""")
    List<OutboxRow> findBySession(String tenantId, UUID sessionId);
}
