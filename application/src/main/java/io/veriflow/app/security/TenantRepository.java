package io.veriflow.app.security;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

/** The {@code tenant} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface TenantRepository extends GenericRepository<TenantRow, String> {

    /** @return 1 if the tenant was added, 0 if a tenant with this id exists already */
    @Query("""
            INSERT INTO tenant (id, display_name, created_at) VALUES (:id, :displayName, :createdAt)
            ON CONFLICT (id) DO NOTHING""")
    long insertIfAbsent(String id, String displayName, Instant createdAt);

    @Query("SELECT * FROM tenant WHERE id = :id")
    Optional<TenantRow> find(String id);
}
