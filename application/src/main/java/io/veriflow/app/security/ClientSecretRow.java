package io.veriflow.app.security;

import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A row of {@code session_client_secret}: the SHA-256 digest of a session's client secret, found by its prefix. */
@MappedEntity("session_client_secret")
record ClientSecretRow(
        @EmbeddedId ClientSecretKey key,
        @MappedProperty("prefix") String prefix,
        @MappedProperty("hash") byte[] hash,
        @MappedProperty("created_at") Instant createdAt) {
}
