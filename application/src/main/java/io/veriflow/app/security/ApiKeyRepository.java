package io.veriflow.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

/** The {@code api_key} table: digests only. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ApiKeyRepository extends GenericRepository<ApiKeyRow, ApiKeyKey> {

    /** @return 1 if added, 0 if the tenant already has a key with this prefix (mint another) */
    @Query("""
            INSERT INTO api_key (tenant_id, prefix, hash, created_at, expires_at)
            VALUES (:tenantId, :prefix, :hash, :createdAt, :expiresAt)
            ON CONFLICT (tenant_id, prefix) DO NOTHING""")
    long insertIfAbsent(String tenantId, String prefix, byte[] hash, Instant createdAt, @Nullable Instant expiresAt);

    /**
     * The keys with this prefix whose tenant is enabled, across tenants: authentication does not know the tenant
     * yet. Normally zero rows or one (prefixes are 60 random bits); the caller checks the digest of each.
     */
    @Query("""
            SELECT k.* FROM api_key k JOIN tenant t ON t.id = k.tenant_id
             WHERE k.prefix = :prefix AND t.disabled_at IS NULL""")
    List<ApiKeyRow> findOfEnabledTenants(String prefix);

    /**
     * Revokes a key; revoking a revoked key keeps its first revocation time.
     *
     * @return 1 if the tenant has a key with this prefix, 0 otherwise
     */
    @Query("""
            UPDATE api_key SET revoked_at = COALESCE(revoked_at, :now)
             WHERE tenant_id = :tenantId AND prefix = :prefix""")
    long revoke(String tenantId, String prefix, Instant now);
}
