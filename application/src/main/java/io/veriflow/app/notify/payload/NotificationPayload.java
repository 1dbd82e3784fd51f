package io.veriflow.app.notify.payload;

import io.veriflow.app.http.WireNames;
import io.micronaut.json.JsonMapper;
import io.veriflow.app.notify.payload.NotificationBody.AttemptData;
import io.veriflow.app.notify.payload.NotificationBody.DecisionData;
import io.veriflow.app.notify.payload.NotificationBody.SessionData;
import io.veriflow.app.notify.payload.NotificationBody.StepData;
import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.session.SessionEvent.AttemptRetried;
import io.veriflow.domain.session.SessionEvent.DecisionChanged;
import io.veriflow.domain.session.SessionEvent.SessionAbandoned;
import io.veriflow.domain.session.SessionEvent.SessionCanceled;
import io.veriflow.domain.session.SessionEvent.SessionDecided;
import io.veriflow.domain.session.SessionEvent.SessionExpired;
import io.veriflow.domain.session.SessionEvent.SessionInProgress;
import io.veriflow.domain.session.SessionEvent.SessionReopened;
import io.veriflow.domain.session.SessionEvent.SessionResumed;
import io.veriflow.domain.session.SessionEvent.SessionStarted;
import io.veriflow.domain.session.SessionEvent.SessionSubmitted;
import io.veriflow.domain.session.SessionEvent.StepProgressed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Builds the thin JSON body of one notification, for example:
 *
 * <pre>{@code
 * {"id":"0f8e...","type":"session.decided","sequence":4,"occurred_at":"2025-03-01T12:00:00.123456Z",
 *  "data":{"session_id":"0195...","tenant_id":"acme","provider":"plaid","state":"decided",
 *          "decision":{"verdict":"failed","reasons":["document_failed"]}}}
 * }</pre>
 *
 * <p>Only ids, states, decisions, reason codes and step codes go out: no personal data, no tokens, no provider
 * payloads. The one exception by contract is {@code subject_ref} in {@code session.started}: the product team's own
 * user id, which {@code SubjectRef} requires not to be personal data; later events do not repeat it. Receivers fetch
 * anything else through the API.
 */
@Singleton
public final class NotificationPayload {

    private final JsonMapper json;

    public NotificationPayload(JsonMapper json) {
        this.json = Objects.requireNonNull(json, "json mapper must not be null");
    }

    /** The JSON bytes to store in the outbox and to sign and send unchanged. */
    public byte[] render(NotificationEnvelope notification) {
        try {
            return json.writeValueAsBytes(describe(notification));
        } catch (IOException e) {
            throw new UncheckedIOException("a notification body could not be written", e);
        }
    }

    /** The body as a value. */
    public static NotificationBody describe(NotificationEnvelope notification) {
        var event = notification.event();
        var base = new DataBuilder(
                event.sessionId().toString(), notification.tenant().value(), notification.provider().value());
        SessionData data = switch (event) {
            case SessionStarted e -> base.subject(e.subject().value(), e.template().value())
                    .state(ProcessState.CREATED).build();
            case SessionInProgress _ -> base.state(ProcessState.IN_PROGRESS).build();
            case SessionAbandoned _ -> base.state(ProcessState.ABANDONED).build();
            case SessionSubmitted _ -> base.state(ProcessState.SUBMITTED).build();
            case SessionDecided e -> base.state(ProcessState.DECIDED).decision(e.decision()).build();
            case DecisionChanged e -> base.state(ProcessState.DECIDED).decision(e.to()).previousDecision(e.from())
                    .build();
            case SessionExpired _ -> base.state(ProcessState.EXPIRED).build();
            case SessionCanceled _ -> base.state(ProcessState.CANCELED).build();
            case SessionReopened e -> base.state(e.to()).previousState(e.from()).build();
            // resuming hands the front end a way back in; it does not by itself change the state
            case SessionResumed _ -> base.build();
            // a new attempt's state arrives with its own events
            case AttemptRetried e -> base.attempt(new AttemptData(
                    e.attempt(), WireNames.of(e.origin()), e.ref().map(ProviderRef::value).orElse(null))).build();
            case StepProgressed e -> base.step(new StepData(
                    e.step().code(), WireNames.of(e.to()), e.from().map(WireNames::of).orElse(null))).build();
        };
        return new NotificationBody(
                notification.id().toString(),
                notification.type().wireName(),
                notification.sequence(),
                DateTimeFormatter.ISO_INSTANT.format(event.occurredAt().truncatedTo(ChronoUnit.MICROS)),
                data);
    }

    private static DecisionData decisionData(Decision decision) {
        return new DecisionData(
                WireNames.of(decision.verdict()), decision.reasons().stream().map(ReasonCode::value).toList());
    }

    /** Collects the optional parts of {@link SessionData}; one per event. */
    private static final class DataBuilder {
        private final String sessionId;
        private final String tenantId;
        private final String provider;
        private String subjectRef;
        private String templateRef;
        private String state;
        private String previousState;
        private DecisionData decision;
        private DecisionData previousDecision;
        private StepData step;
        private AttemptData attempt;

        DataBuilder(String sessionId, String tenantId, String provider) {
            this.sessionId = sessionId;
            this.tenantId = tenantId;
            this.provider = provider;
        }

        DataBuilder subject(String subject, String template) {
            this.subjectRef = subject;
            this.templateRef = template;
            return this;
        }

        DataBuilder state(ProcessState to) {
            this.state = WireNames.of(to);
            return this;
        }

        DataBuilder previousState(ProcessState from) {
            this.previousState = WireNames.of(from);
            return this;
        }

        DataBuilder decision(Decision to) {
            this.decision = decisionData(to);
            return this;
        }

        DataBuilder previousDecision(Decision from) {
            this.previousDecision = decisionData(from);
            return this;
        }

        DataBuilder step(StepData progressed) {
            this.step = progressed;
            return this;
        }

        DataBuilder attempt(AttemptData retried) {
            this.attempt = retried;
            return this;
        }

        SessionData build() {
            return new SessionData(sessionId, tenantId, provider, subjectRef, templateRef, state, previousState,
                    decision, previousDecision, step, attempt);
        }
    }
}
