package io.veriflow.app.persistence;

import static io.veriflow.app.persistence.Sessions.aFreshTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SecretVault.Purpose;
import io.veriflow.domain.port.out.SecretVault.SecretRef;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import io.micronaut.jdbc.DataSourceResolver;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Secrets at rest: sealed with AES-GCM, bound to their row, readable back, replaceable and discardable. */
@MicronautTest(transactional = false)
class JdbcSecretVaultIT {

    private static final String TOKEN = "session-token-that-must-never-be-stored-in-clear";

    @Inject
    SecretVault vault;

    private DataSource dataSource;

    @Inject
    void resolve(DataSourceResolver resolver, DataSource managed) {
        // The raw pool, outside Micronaut's transaction management: the test reads and tampers like an outsider.
        this.dataSource = resolver.resolve(managed);
    }

    @Test
    void aStoredSecretReadsBackButIsNotInTheTable() throws Exception {
        TenantId tenant = aFreshTenant();
        SecretRef ref = new SecretRef(tenant, Purpose.RESUME_TOKEN, "owner-1");

        vault.store(ref, new Secret(TOKEN));

        assertThat(vault.read(ref)).map(Secret::reveal).contains(TOKEN);
        byte[] stored = ciphertextOf(tenant, "owner-1");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN).doesNotContain("session");
    }

    @Test
    void storingAgainReplacesTheSecret() {
        SecretRef ref = new SecretRef(aFreshTenant(), Purpose.RESUME_TOKEN, "owner-1");
        vault.store(ref, new Secret("first"));
        vault.store(ref, new Secret("second"));
        assertThat(vault.read(ref)).map(Secret::reveal).contains("second");
    }

    @Test
    void aDiscardedSecretIsGone() {
        SecretRef ref = new SecretRef(aFreshTenant(), Purpose.ENDPOINT_SIGNING_SECRET, "endpoint-1");
        vault.store(ref, new Secret(TOKEN));
        vault.discard(ref);
        assertThat(vault.read(ref)).isEmpty();
    }

    @Test
    void aCiphertextMovedToAnotherRowDoesNotOpen() throws Exception {
        TenantId tenant = aFreshTenant();
        vault.store(new SecretRef(tenant, Purpose.RESUME_TOKEN, "victim"), new Secret(TOKEN));
        vault.store(new SecretRef(tenant, Purpose.RESUME_TOKEN, "attacker"), new Secret("other"));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement copy = connection.prepareStatement("""
                        UPDATE secret SET (ciphertext, nonce) =
                            (SELECT ciphertext, nonce FROM secret WHERE tenant_id = ? AND owner = 'victim')
                        WHERE tenant_id = ? AND owner = 'attacker'""")) {
            copy.setString(1, tenant.value());
            copy.setString(2, tenant.value());
            assertThat(copy.executeUpdate()).isEqualTo(1);
        }
        SecretRef attacker = new SecretRef(tenant, Purpose.RESUME_TOKEN, "attacker");
        assertThatThrownBy(() -> vault.read(attacker))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(TOKEN);
    }

    private byte[] ciphertextOf(TenantId tenant, String owner) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT ciphertext FROM secret WHERE tenant_id = ? AND owner = ?")) {
            query.setString(1, tenant.value());
            query.setString(2, owner);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getBytes(1);
            }
        }
    }
}
