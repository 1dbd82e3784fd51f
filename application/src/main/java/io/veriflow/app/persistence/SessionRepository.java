package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code verification_session} table. Every query names the tenant. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SessionRepository extends GenericRepository<SessionRow, SessionKey> {

    SessionRow insert(SessionRow row);

    @Query("SELECT * FROM verification_session WHERE tenant_id = :tenantId AND id = :id")
    Optional<SessionRow> find(String tenantId, UUID id);

    /**
     * The optimistic lock: updates the row only if it still has {@code version}, and bumps the version.
     *
     * @return 1 if updated, 0 if the row has another version (or does not exist)
     */
    @Query("""
            UPDATE verification_session
               SET state = :state, verdict = :verdict, updated_at = :updatedAt, version = version + 1
             WHERE tenant_id = :tenantId AND id = :id AND version = :version""")
    long updateIfVersion(
            String tenantId, UUID id, String state, @Nullable String verdict, Instant updatedAt, long version);
}
