package io.veriflow.app.notify.payload;

import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.session.AttemptOrigin;
import io.veriflow.domain.session.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One sample of every session event, all of one session, and the envelope the outbox would give it. */
final class Events {

    static final SessionId SESSION = SessionId.parse("0195a1b2-c3d4-7abc-8def-0123456789ab");
    static final NotificationId NOTIFICATION =
            new NotificationId(UUID.fromString("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"));
    static final TenantId TENANT = new TenantId("acme");
    static final ProviderId PROVIDER = new ProviderId("plaid");
    static final SubjectRef SUBJECT = new SubjectRef("user-8c2f41");
    static final Instant OCCURRED_AT = Instant.parse("2025-03-01T12:00:00.123456789Z");

    private Events() {
    }

    static SessionEvent.SessionStarted started() {
        return new SessionEvent.SessionStarted(SESSION, OCCURRED_AT, PROVIDER, new TemplateRef("idvtmp_4FrXJvfQU3zGUR"),
                SUBJECT);
    }

    static SessionEvent.SessionDecided decidedFailed() {
        return new SessionEvent.SessionDecided(SESSION, OCCURRED_AT,
                Decision.of(Verdict.FAILED, new ReasonCode("document_failed"), new ReasonCode("watchlist_hit")));
    }

    /** Every kind of event, in the order SessionEvent declares them. */
    static List<SessionEvent> oneOfEach() {
        return List.of(
                started(),
                new SessionEvent.SessionInProgress(SESSION, OCCURRED_AT),
                new SessionEvent.SessionAbandoned(SESSION, OCCURRED_AT),
                new SessionEvent.SessionSubmitted(SESSION, OCCURRED_AT),
                decidedFailed(),
                new SessionEvent.DecisionChanged(SESSION, OCCURRED_AT,
                        Decision.of(Verdict.NEEDS_REVIEW, new ReasonCode("watchlist_in_review")),
                        Decision.of(Verdict.PASSED)),
                new SessionEvent.SessionExpired(SESSION, OCCURRED_AT),
                new SessionEvent.SessionCanceled(SESSION, OCCURRED_AT),
                new SessionEvent.SessionReopened(SESSION, OCCURRED_AT, ProcessState.EXPIRED, ProcessState.IN_PROGRESS),
                new SessionEvent.SessionResumed(SESSION, OCCURRED_AT),
                new SessionEvent.AttemptRetried(SESSION, OCCURRED_AT, 2,
                        Optional.of(new ProviderRef("idv_52xR9LKo77r1Np")), AttemptOrigin.RETRY),
                new SessionEvent.StepProgressed(SESSION, OCCURRED_AT, StandardStep.DOCUMENT,
                        Optional.of(StepStatus.ACTIVE), StepStatus.PASSED));
    }

    static SessionEvent.StepProgressed newOtherStep() {
        return new SessionEvent.StepProgressed(SESSION, OCCURRED_AT, new OtherStep("proof-of-address"),
                Optional.empty(), StepStatus.ACTIVE);
    }

    static NotificationEnvelope envelope(SessionEvent event) {
        return new NotificationEnvelope(NOTIFICATION, 4, TENANT, PROVIDER, event);
    }
}
