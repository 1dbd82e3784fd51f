package io.veriflow.domain.session;

import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import java.time.Instant;
import java.util.Optional;

/** Something that happened to a session. Events carry ids, states and reasons, never personal data or secrets. */
public sealed interface SessionEvent {

    SessionId sessionId();

    Instant occurredAt();

    record SessionStarted(
            SessionId sessionId, Instant occurredAt, ProviderId provider, TemplateRef template, SubjectRef subject)
            implements SessionEvent {
    }

    /** The user opened the flow or made progress in it. */
    record SessionInProgress(SessionId sessionId, Instant occurredAt) implements SessionEvent {
    }

    /** The user left before finishing; the session can be resumed. */
    record SessionAbandoned(SessionId sessionId, Instant occurredAt) implements SessionEvent {
    }

    /** The user finished the flow; a decision is awaited. */
    record SessionSubmitted(SessionId sessionId, Instant occurredAt) implements SessionEvent {
    }

    record SessionDecided(SessionId sessionId, Instant occurredAt, Decision decision) implements SessionEvent {
    }

    /** An authoritative change of decision, such as a reviewer approving a session that needed review. */
    record DecisionChanged(SessionId sessionId, Instant occurredAt, Decision from, Decision to)
            implements SessionEvent {
    }

    record SessionExpired(SessionId sessionId, Instant occurredAt) implements SessionEvent {
    }

    record SessionCanceled(SessionId sessionId, Instant occurredAt) implements SessionEvent {
    }

    /** The provider reopened a closed session (an expired Persona inquiry resumed, a decision withdrawn). */
    record SessionReopened(SessionId sessionId, Instant occurredAt, ProcessState from, ProcessState to)
            implements SessionEvent {
    }

    /** The platform handed the front end a way back into the flow. */
    record SessionResumed(SessionId sessionId, Instant occurredAt) implements SessionEvent {
    }

    /** A new attempt replaced the previous one. */
    record AttemptRetried(
            SessionId sessionId, Instant occurredAt, int attempt, Optional<ProviderRef> ref, AttemptOrigin origin)
            implements SessionEvent {
    }

    record StepProgressed(
            SessionId sessionId, Instant occurredAt, StepKind step, Optional<StepStatus> from, StepStatus to)
            implements SessionEvent {
    }
}
