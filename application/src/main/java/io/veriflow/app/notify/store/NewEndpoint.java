package io.veriflow.app.notify.store;

import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** An endpoint to register; its URL has passed the address policy. */
public record NewEndpoint(
        TenantId tenant,
        EndpointId id,
        String url,
        Optional<String> description,
        Set<NotificationType> eventTypes,
        Instant createdAt) {

    public NewEndpoint {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(description, "description must not be null");
        eventTypes = Set.copyOf(eventTypes);
        Objects.requireNonNull(createdAt, "created-at must not be null");
    }

    /** Without the URL (its query may carry a token). */
    @Override
    public String toString() {
        return "NewEndpoint[tenant=" + tenant + ", id=" + id + "]";
    }
}
