package io.veriflow.app.notify.payload;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.SessionEvent.SessionStarted;
import java.util.Objects;

/**
 * One session event as the outbox holds it: the event plus what the event itself does not carry.
 *
 * @param id the notification's id, stable across retries
 * @param sequence the per-session sequence number (from 1), the order receivers apply notifications in
 * @param tenant the product team the session belongs to
 * @param provider the session's provider
 * @param event what happened
 */
public record NotificationEnvelope(
        NotificationId id, long sequence, TenantId tenant, ProviderId provider, SessionEvent event) {

    public NotificationEnvelope {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(event, "event must not be null");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1");
        }
        if (event instanceof SessionStarted started && !started.provider().equals(provider)) {
            throw new IllegalArgumentException("the envelope's provider must be the started session's provider");
        }
    }

    public NotificationType type() {
        return NotificationType.of(event);
    }
}
