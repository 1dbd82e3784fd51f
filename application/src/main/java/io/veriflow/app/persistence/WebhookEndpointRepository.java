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
import java.util.Optional;
import java.util.UUID;

/** The {@code webhook_endpoint} table. Every query names the tenant. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookEndpointRepository extends GenericRepository<WebhookEndpointRow, WebhookEndpointKey> {

    @Query("""
            INSERT INTO webhook_endpoint (tenant_id, id, url, description, event_types, enabled, created_at,
                                          updated_at)
            VALUES (:tenantId, :id, :url, :description, :eventTypes, true, :createdAt, :createdAt)""")
    void insert(String tenantId, UUID id, String url, @Nullable String description,
            @TypeDef(type = DataType.STRING_ARRAY) String[] eventTypes, Instant createdAt);

    @Query("SELECT * FROM webhook_endpoint WHERE tenant_id = :tenantId ORDER BY created_at, id")
    List<WebhookEndpointRow> findByTenant(String tenantId);

    @Query("SELECT * FROM webhook_endpoint WHERE tenant_id = :tenantId AND id = :id")
    Optional<WebhookEndpointRow> find(String tenantId, UUID id);

    @Query("DELETE FROM webhook_endpoint WHERE tenant_id = :tenantId AND id = :id")
    long delete(String tenantId, UUID id);

    @Query("""
            UPDATE webhook_endpoint
               SET enabled = true, disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0,
                   failing_since = NULL, updated_at = :at
             WHERE tenant_id = :tenantId AND id = :id""")
    long enable(String tenantId, UUID id, Instant at);

    @Query("""
            UPDATE webhook_endpoint SET enabled = false, disabled_reason = :reason, disabled_at = :at, updated_at = :at
             WHERE tenant_id = :tenantId AND id = :id AND enabled""")
    long disable(String tenantId, UUID id, String reason, Instant at);

    /** One more failed attempt in the endpoint's current run (which starts now if there was none). */
    @Query("""
            UPDATE webhook_endpoint
               SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, :at)
             WHERE tenant_id = :tenantId AND id = :id""")
    long recordFailure(String tenantId, UUID id, Instant at);

    /** A success ends the run; rows already healthy are not written to. */
    @Query("""
            UPDATE webhook_endpoint SET consecutive_failures = 0, failing_since = NULL
             WHERE tenant_id = :tenantId AND id = :id AND consecutive_failures <> 0""")
    long recordSuccess(String tenantId, UUID id);

    @Query("""
            UPDATE webhook_endpoint SET previous_secret_until = :until, updated_at = :at
             WHERE tenant_id = :tenantId AND id = :id""")
    long setPreviousSecretUntil(String tenantId, UUID id, @Nullable Instant until, Instant at);
}
