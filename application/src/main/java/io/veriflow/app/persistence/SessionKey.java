package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;
import java.util.UUID;

/** The primary key of {@code verification_session}: the tenant first, so the table distributes by tenant. */
@Embeddable
record SessionKey(@MappedProperty("tenant_id") String tenantId, @MappedProperty("id") UUID id) {
}
