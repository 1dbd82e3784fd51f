package io.veriflow.app.security;

import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Tenants and their API keys. A key is random, shown once ({@link IssuedApiKey}), stored only as a hash with a
 * public prefix for lookup, may expire, and can be revoked.
 */
public interface Tenants {

    /** Creates a tenant and its first key. */
    IssuedApiKey create(TenantId tenant, String displayName, Optional<Instant> keyExpiresAt);

    /** Issues another key for an existing tenant (rotation). */
    IssuedApiKey issueKey(TenantId tenant, Optional<Instant> expiresAt);

    /** Revokes one key by its prefix; false if the tenant has no such key. */
    boolean revoke(TenantId tenant, String keyPrefix);

    /** The caller a presented API key stands for, if the key exists, is not revoked and has not expired. */
    Optional<Caller.TenantCaller> authenticate(String presentedKey);
}
