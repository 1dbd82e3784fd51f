package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code task}: durable work ({@code reconcile}, {@code notify}) that any instance may claim. Its
 * {@code state} is {@code pending} until claimed, then {@code running} under a lease, then {@code done}.
 */
@MappedEntity("task")
record TaskRow(
        @EmbeddedId TaskKey key,
        String kind,
        @Nullable UUID sessionId,
        @TypeDef(type = DataType.JSON) String payload,
        String state,
        int attempts,
        Instant notBefore,
        @Nullable String leaseOwner,
        @Nullable Instant leaseExpiresAt,
        @Nullable String lastError,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String traceparent) {
}
