package io.veriflow.app.persistence;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.app.notify.payload.NotificationEnvelope;
import io.veriflow.app.notify.payload.NotificationId;
import io.veriflow.app.notify.payload.NotificationPayload;
import io.veriflow.app.tracing.Traceparent;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.session.SessionEvent;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox in {@code outbox}, written in the caller's transaction (the one that changed the session), and fanned
 * out there and then into one {@code delivery} row per enabled endpoint of the tenant subscribed to the event's type.
 * So a notification exists if and only if its state change committed, and every endpoint that should get it has a
 * pending delivery from that moment on.
 *
 * <p>Each event gets the session's next sequence number, a fresh notification id (its {@code webhook-id} forever),
 * its thin body rendered once (stored as the exact text that is signed and sent), and the current
 * {@code traceparent}, which the delivery spans link back to.
 */
@Singleton
public class JdbcNotifications implements Notifications {

    private final OutboxRepository outbox;
    private final NotificationPayload payloads;
    private final Clock clock;

    JdbcNotifications(OutboxRepository outbox, NotificationPayload payloads, Clock clock) {
        this.outbox = outbox;
        this.payloads = payloads;
        this.clock = clock;
    }

    /** Must run inside the transaction of the state change: there is no outbox row without it. */
    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void enqueue(TenantId tenant, List<SessionEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String traceparent = Traceparent.current().orElse(null);
        Instant now = clock.instant();
        Map<SessionId, Long> nextSequence = new HashMap<>();
        Map<SessionId, ProviderId> providers = new HashMap<>();
        for (SessionEvent event : events) {
            SessionId session = event.sessionId();
            long sequence = nextSequence.computeIfAbsent(session,
                    id -> outbox.nextSequence(tenant.value(), id.value()));
            nextSequence.put(session, sequence + 1);
            ProviderId provider = providers.computeIfAbsent(session, id -> providerOf(tenant, event));
            NotificationId id = new NotificationId(UUID.randomUUID());
            var envelope = new NotificationEnvelope(id, sequence, tenant, provider, event);
            String body = new String(payloads.render(envelope), StandardCharsets.UTF_8);
            String type = envelope.type().wireName();
            outbox.append(tenant.value(), id.value(), session.value(), sequence, type, body, traceparent);
            outbox.fanOut(tenant.value(), id.value(), session.value(), sequence, type, now);
        }
    }

    private ProviderId providerOf(TenantId tenant, SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted started) {
            return started.provider();
        }
        return outbox.providerOf(tenant.value(), event.sessionId().value())
                .map(ProviderId::new)
                .orElseThrow(() -> new IllegalStateException(
                        "no session " + event.sessionId() + " of tenant " + tenant + " to notify about"));
    }
}
