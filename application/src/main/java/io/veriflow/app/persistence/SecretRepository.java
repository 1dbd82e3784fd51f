package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** The {@code secret} table: ciphertexts only. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SecretRepository extends GenericRepository<SecretRow, SecretKey> {

    @Query("""
            INSERT INTO secret (tenant_id, purpose, owner, ciphertext, nonce, key_id)
            VALUES (:tenantId, :purpose, :owner, :ciphertext, :nonce, :keyId)
            ON CONFLICT (tenant_id, purpose, owner)
            DO UPDATE SET ciphertext = EXCLUDED.ciphertext, nonce = EXCLUDED.nonce, key_id = EXCLUDED.key_id,
                          created_at = now()""")
    void upsert(String tenantId, String purpose, String owner, byte[] ciphertext, byte[] nonce, String keyId);

    @Query("SELECT * FROM secret WHERE tenant_id = :tenantId AND purpose = :purpose AND owner = :owner")
    Optional<SecretRow> find(String tenantId, String purpose, String owner);

    @Query("DELETE FROM secret WHERE tenant_id = :tenantId AND purpose = :purpose AND owner = :owner")
    void delete(String tenantId, String purpose, String owner);
}
