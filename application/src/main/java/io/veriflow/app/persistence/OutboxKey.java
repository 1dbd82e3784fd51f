package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;
import java.util.UUID;

/** The primary key of {@code outbox}; {@code id} is the notification's stable {@code webhook-id}. */
@Embeddable
record OutboxKey(@MappedProperty("tenant_id") String tenantId, @MappedProperty("id") UUID id) {
}
