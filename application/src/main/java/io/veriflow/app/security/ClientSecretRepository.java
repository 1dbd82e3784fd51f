package io.veriflow.app.security;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code session_client_secret} table: digests only, one per session. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ClientSecretRepository extends GenericRepository<ClientSecretRow, ClientSecretKey> {

    /** Sets the session's client secret, replacing the previous one (which then no longer authenticates). */
    @Query("""
            INSERT INTO session_client_secret (tenant_id, session_id, prefix, hash, created_at)
            VALUES (:tenantId, :sessionId, :prefix, :hash, :createdAt)
            ON CONFLICT (tenant_id, session_id)
            DO UPDATE SET prefix = EXCLUDED.prefix, hash = EXCLUDED.hash, created_at = EXCLUDED.created_at""")
    void upsert(String tenantId, UUID sessionId, String prefix, byte[] hash, Instant createdAt);

    /**
     * The client secrets with this prefix, across tenants, except those of disabled tenants. A session's tenant
     * need not have a {@code tenant} row (sessions do not reference it), so this excludes rather than joins.
     */
    @Query("""
            SELECT s.* FROM session_client_secret s
             WHERE s.prefix = :prefix
               AND NOT EXISTS (SELECT 1 FROM tenant t WHERE t.id = s.tenant_id AND t.disabled_at IS NOT NULL)""")
    List<ClientSecretRow> findByPrefix(String prefix);
}
