package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code signal_log} table: appended to, never updated. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SignalLogRepository extends GenericRepository<SignalRow, SignalKey> {

    /**
     * Inserts the entry unless one with the same (tenant, provider, dedupe key) exists. Safe under concurrency: of
     * two transactions inserting the same key, the second waits for the first and inserts nothing if it commits.
     *
     * @return 1 if inserted, 0 if the key was already recorded
     */
    @Query("""
            INSERT INTO signal_log (tenant_id, session_id, provider_id, dedupe_key, name, authority, occurred_at,
                                    received_at, effect_result, effect_reason, effect_events, payload, traceparent)
            VALUES (:tenantId, :sessionId, :providerId, :dedupeKey, :name, :authority, :occurredAt,
                    :receivedAt, :effectResult, :effectReason, :effectEvents, CAST(:payload AS jsonb), :traceparent)
            ON CONFLICT (tenant_id, provider_id, dedupe_key) DO NOTHING""")
    long appendIfAbsent(
            String tenantId,
            UUID sessionId,
            String providerId,
            String dedupeKey,
            String name,
            String authority,
            @Nullable Instant occurredAt,
            Instant receivedAt,
            String effectResult,
            @Nullable String effectReason,
            @TypeDef(type = DataType.STRING_ARRAY) String[] effectEvents,
            String payload,
            @Nullable String traceparent);

    @Query("SELECT * FROM signal_log WHERE tenant_id = :tenantId AND session_id = :sessionId ORDER BY id")
    List<SignalRow> findBySession(String tenantId, UUID sessionId);
}
