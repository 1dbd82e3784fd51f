package io.veriflow.app.notify.payload;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one notification (one outbox row): the body's {@code id} and the {@code webhook-id} header, the same on
 * every retry so receivers can deduplicate.
 */
public record NotificationId(UUID value) {

    public NotificationId {
        Objects.requireNonNull(value, "notification id must not be null");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
