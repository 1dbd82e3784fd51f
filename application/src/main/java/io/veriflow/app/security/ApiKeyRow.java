package io.veriflow.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A row of {@code api_key}: the SHA-256 digest of one API key (never the key), its expiry and revocation. */
@MappedEntity("api_key")
record ApiKeyRow(
        @EmbeddedId ApiKeyKey key,
        @MappedProperty("hash") byte[] hash,
        @MappedProperty("created_at") Instant createdAt,
        @MappedProperty("expires_at") @Nullable Instant expiresAt,
        @MappedProperty("revoked_at") @Nullable Instant revokedAt) {

    /** Whether this key may authenticate at {@code now}: not revoked, and not expired (expiry is exclusive). */
    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
