package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import io.veriflow.app.notify.delivery.EndpointHealth;
import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.WebhookEndpoint;
import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** A row of {@code webhook_endpoint}; no secret in it (those are sealed in {@code secret}). */
@MappedEntity("webhook_endpoint")
record WebhookEndpointRow(
        @EmbeddedId WebhookEndpointKey key,
        String url,
        @Nullable String description,
        @TypeDef(type = DataType.STRING_ARRAY) String[] eventTypes,
        boolean enabled,
        @Nullable String disabledReason,
        @Nullable Instant disabledAt,
        int consecutiveFailures,
        @Nullable Instant failingSince,
        @Nullable Instant previousSecretUntil,
        Instant createdAt,
        Instant updatedAt) {

    WebhookEndpoint toDomain() {
        EndpointHealth health = consecutiveFailures == 0 || failingSince == null
                ? EndpointHealth.healthy()
                : new EndpointHealth.Failing(consecutiveFailures, failingSince);
        return new WebhookEndpoint(
                new TenantId(key.tenantId()),
                new EndpointId(key.id()),
                url,
                Optional.ofNullable(description),
                // a type no longer known (renamed wire names never are, by contract) would simply match nothing
                Arrays.stream(eventTypes).map(NotificationType::fromWireName).flatMap(Optional::stream)
                        .collect(Collectors.toUnmodifiableSet()),
                enabled,
                Optional.ofNullable(disabledReason),
                Optional.ofNullable(disabledAt),
                health,
                Optional.ofNullable(previousSecretUntil),
                createdAt);
    }

    UUID id() {
        return key.id();
    }
}
