package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;

/** The key of a {@code secret} row. */
@Embeddable
record SecretKey(
        @MappedProperty("tenant_id") String tenantId,
        @MappedProperty("purpose") String purpose,
        @MappedProperty("owner") String owner) {
}
