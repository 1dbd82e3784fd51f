package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;
import java.util.UUID;

/** The primary key of {@code webhook_endpoint}. */
@Embeddable
record WebhookEndpointKey(@MappedProperty("tenant_id") String tenantId, @MappedProperty("id") UUID id) {
}
