package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The {@code verification_attempt} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AttemptRepository extends GenericRepository<AttemptRow, AttemptKey> {

    /** Inserts the attempt, or overwrites the stored one with the same number (attempts change, never disappear). */
    default void upsert(AttemptRow row) {
        upsert(row.key().tenantId(), row.key().sessionId(), row.key().number(), row.providerId(), row.providerRef(),
                row.previousRef(), row.origin(), row.openedAt(), row.snapshot(), row.clientProgress(),
                row.resumedAt(), row.platformExpiredAt());
    }

    @Query("""
            INSERT INTO verification_attempt (tenant_id, session_id, number, provider_id, provider_ref, previous_ref,
                                              origin, opened_at, snapshot, client_progress, resumed_at,
                                              platform_expired_at)
            VALUES (:tenantId, :sessionId, :number, :providerId, :providerRef, :previousRef,
                    :origin, :openedAt, CAST(:snapshot AS jsonb), CAST(:clientProgress AS jsonb), :resumedAt,
                    :platformExpiredAt)
            ON CONFLICT (tenant_id, session_id, number) DO UPDATE
               SET provider_id = EXCLUDED.provider_id,
                   provider_ref = EXCLUDED.provider_ref,
                   previous_ref = EXCLUDED.previous_ref,
                   origin = EXCLUDED.origin,
                   opened_at = EXCLUDED.opened_at,
                   snapshot = EXCLUDED.snapshot,
                   client_progress = EXCLUDED.client_progress,
                   resumed_at = EXCLUDED.resumed_at,
                   platform_expired_at = EXCLUDED.platform_expired_at""")
    void upsert(
            String tenantId,
            UUID sessionId,
            int number,
            String providerId,
            @Nullable String providerRef,
            @Nullable String previousRef,
            String origin,
            Instant openedAt,
            @Nullable String snapshot,
            String clientProgress,
            @Nullable Instant resumedAt,
            @Nullable Instant platformExpiredAt);

    @Query("""
            SELECT * FROM verification_attempt
             WHERE tenant_id = :tenantId AND session_id = :sessionId
             ORDER BY number""")
    List<AttemptRow> findBySession(String tenantId, UUID sessionId);

    @Query("""
            SELECT * FROM verification_attempt
             WHERE tenant_id = :tenantId AND session_id IN (:sessionIds)
             ORDER BY session_id, number""")
    List<AttemptRow> findBySessions(String tenantId, Collection<UUID> sessionIds);

    /** Every attempt, of any tenant, that the provider knows under {@code providerRef}; one index lookup. */
    @Query("""
            SELECT * FROM verification_attempt
             WHERE provider_id = :providerId AND provider_ref = :providerRef""")
    List<AttemptRow> findByProviderRef(String providerId, String providerRef);
}
