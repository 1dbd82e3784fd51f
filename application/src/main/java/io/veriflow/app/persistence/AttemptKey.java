package io.veriflow.app.persistence;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;
import java.util.UUID;

/** The primary key of {@code verification_attempt}. */
@Embeddable
record AttemptKey(
        @MappedProperty("tenant_id") String tenantId,
        @MappedProperty("session_id") UUID sessionId,
        @MappedProperty("number") int number) {
}
