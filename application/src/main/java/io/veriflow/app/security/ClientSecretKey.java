package io.veriflow.app.security;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;
import java.util.UUID;

/** The key of a {@code session_client_secret} row: one client secret per session. */
@Embeddable
record ClientSecretKey(@MappedProperty("tenant_id") String tenantId, @MappedProperty("session_id") UUID sessionId) {
}
