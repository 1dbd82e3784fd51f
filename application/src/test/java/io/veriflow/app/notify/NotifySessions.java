package io.veriflow.app.notify;

import io.micronaut.context.ApplicationContext;
import io.veriflow.app.usecase.InTransaction;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.session.SessionEvent;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sessions and their notifications, written the way the use cases write them: the session row and
 * {@link Notifications#enqueue} in one transaction.
 */
final class NotifySessions {

    static final ProviderId PROVIDER = new ProviderId("plaid");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VerificationSessions sessions;
    private final Notifications notifications;
    private final InTransaction inTransaction;
    private final Clock clock;

    NotifySessions(ApplicationContext context) {
        this.sessions = context.getBean(VerificationSessions.class);
        this.notifications = context.getBean(Notifications.class);
        this.inTransaction = context.getBean(InTransaction.class);
        this.clock = context.getBean(Clock.class);
    }

    /** Starts a session (notification 1: session.started), followed in the same transaction by {@code then}. */
    SessionId start(TenantId tenant, Then... then) {
        Instant now = clock.instant();
        SessionId id = SessionId.fromParts(now.toEpochMilli(), RANDOM.nextInt(), RANDOM.nextLong());
        SignalOutcome.Changed started = VerificationSession.start(id, tenant, PROVIDER, new SubjectRef("user-42"),
                new TemplateRef("idvtmp_basic"), Optional.empty(), now);
        List<SessionEvent> events = new ArrayList<>(started.events());
        for (Then next : then) {
            events.add(next.event(id, clock.instant()));
        }
        inTransaction.run(() -> {
            sessions.add(started.session());
            notifications.enqueue(tenant, events);
            return null;
        });
        return id;
    }

    /** More notifications of an existing session, in one transaction. */
    void notify(TenantId tenant, SessionId session, Then... then) {
        List<SessionEvent> events = new ArrayList<>();
        for (Then next : then) {
            events.add(next.event(session, clock.instant()));
        }
        inTransaction.run(() -> {
            notifications.enqueue(tenant, events);
            return null;
        });
    }

    /** An event that follows. */
    @FunctionalInterface
    interface Then {

        SessionEvent event(SessionId session, Instant at);

        static Then inProgress() {
            return SessionEvent.SessionInProgress::new;
        }

        static Then submitted() {
            return SessionEvent.SessionSubmitted::new;
        }

        static Then abandoned() {
            return SessionEvent.SessionAbandoned::new;
        }
    }
}
