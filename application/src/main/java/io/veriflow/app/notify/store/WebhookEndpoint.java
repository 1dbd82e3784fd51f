package io.veriflow.app.notify.store;

import io.veriflow.app.notify.delivery.EndpointHealth;
import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's webhook endpoint. Its signing secret is not part of it: the secret lives in the {@code SecretVault}.
 *
 * @param url the URL as registered (it may carry a token in its query: never log it)
 * @param eventTypes the subscribed notification types; empty means all
 * @param disabledReason why the endpoint is disabled; empty while it is enabled
 * @param health its current run of failed attempts
 * @param previousSecretUntil during a secret rotation: until when the replaced secret still signs too
 */
public record WebhookEndpoint(
        TenantId tenant,
        EndpointId id,
        String url,
        Optional<String> description,
        Set<NotificationType> eventTypes,
        boolean enabled,
        Optional<String> disabledReason,
        Optional<Instant> disabledAt,
        EndpointHealth health,
        Optional<Instant> previousSecretUntil,
        Instant createdAt) {

    public WebhookEndpoint {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(description, "description must not be null");
        eventTypes = Set.copyOf(eventTypes);
        Objects.requireNonNull(disabledReason, "disabled reason must not be null");
        Objects.requireNonNull(disabledAt, "disabled-at must not be null");
        Objects.requireNonNull(health, "health must not be null");
        Objects.requireNonNull(previousSecretUntil, "previous-secret-until must not be null");
        Objects.requireNonNull(createdAt, "created-at must not be null");
        if (enabled == disabledReason.isPresent()) {
            throw new IllegalArgumentException("a disabled endpoint, and only a disabled one, has a reason");
        }
    }

    /** Whether the endpoint receives notifications of this type. */
    public boolean subscribedTo(NotificationType type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }

    /** Without the URL (its query may carry a token). */
    @Override
    public String toString() {
        return "WebhookEndpoint[tenant=" + tenant + ", id=" + id + ", enabled=" + enabled + ", health=" + health
                + "]";
    }
}
