package io.veriflow.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code tenant}: an onboarding product team; a disabled one authenticates nothing. */
@MappedEntity("tenant")
record TenantRow(@Id String id, String displayName, Instant createdAt, @Nullable Instant disabledAt) {
}
