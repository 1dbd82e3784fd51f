package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code delivery}: one outbox row to one endpoint, {@code pending} until {@code delivered} or given up
 * ({@code failed}); while an attempt is under way it is leased ({@code lease_owner}, {@code lease_expires_at}).
 */
@MappedEntity("delivery")
record DeliveryRow(
        @EmbeddedId DeliveryKey key,
        UUID endpointId,
        UUID outboxId,
        UUID sessionId,
        long sequence,
        String state,
        int attempts,
        Instant nextAttemptAt,
        @Nullable Instant firstAttemptAt,
        @Nullable Instant lastAttemptAt,
        @Nullable Integer lastStatus,
        @Nullable String lastError,
        @Nullable String leaseOwner,
        @Nullable Instant leaseExpiresAt,
        @Nullable Instant deliveredAt,
        Instant createdAt) {
}
