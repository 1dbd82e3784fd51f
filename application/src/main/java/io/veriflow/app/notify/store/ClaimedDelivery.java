package io.veriflow.app.notify.store;

import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One delivery leased to a worker: everything needed to send it. The lease is identified by the owner and
 * {@link #attempt()}; updates made under it touch the row only while both still match.
 *
 * @param deliveryId the delivery row
 * @param notificationId the outbox row's id: the {@code webhook-id}, the same on every attempt
 * @param attempt the number of this attempt (1 for the first)
 * @param firstAttemptAt when the first attempt of this delivery started (this one, for attempt 1)
 * @param payload the notification body, exactly as rendered when it was queued
 * @param traceparent the W3C trace context of the request that queued the notification
 * @param url the endpoint URL (never log it: its query may carry a token)
 */
public record ClaimedDelivery(
        TenantId tenant,
        UUID deliveryId,
        EndpointId endpoint,
        UUID notificationId,
        UUID sessionId,
        long sequence,
        String eventType,
        int attempt,
        Instant firstAttemptAt,
        String payload,
        Optional<String> traceparent,
        String url) {

    public ClaimedDelivery {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(deliveryId, "delivery id must not be null");
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(notificationId, "notification id must not be null");
        Objects.requireNonNull(sessionId, "session id must not be null");
        Objects.requireNonNull(eventType, "event type must not be null");
        Objects.requireNonNull(firstAttemptAt, "first attempt time must not be null");
        Objects.requireNonNull(payload, "payload must not be null");
        Objects.requireNonNull(traceparent, "traceparent must not be null");
        Objects.requireNonNull(url, "url must not be null");
        if (attempt < 1) {
            throw new IllegalArgumentException("a claimed delivery's attempt is at least 1");
        }
    }

    /** Without the URL (its query may carry a token) and the body. */
    @Override
    public String toString() {
        return "ClaimedDelivery[tenant=" + tenant + ", delivery=" + deliveryId + ", endpoint=" + endpoint
                + ", notification=" + notificationId + ", session=" + sessionId + ", sequence=" + sequence
                + ", attempt=" + attempt + "]";
    }
}
