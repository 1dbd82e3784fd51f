package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code outbox}: one notification of one session event, its body exactly as it is signed and sent.
 * Written only by {@link OutboxRepository#append}; the database stamps {@code created_at}.
 */
@MappedEntity("outbox")
record OutboxRow(
        @EmbeddedId OutboxKey key,
        UUID sessionId,
        long sequence,
        String eventType,
        String payload,
        Instant createdAt,
        @Nullable String traceparent) {
}
