package io.veriflow.app.notify.payload;

import io.veriflow.domain.session.SessionEvent;
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
import java.util.Optional;

/**
 * The stable, dotted notification type of each {@link SessionEvent}: the {@code type} field of the body, what the
 * outbox stores in {@code event_type}, and what product teams subscribe to. Wire names never change once published.
 */
public enum NotificationType {
    SESSION_STARTED("session.started"),
    SESSION_IN_PROGRESS("session.in_progress"),
    SESSION_ABANDONED("session.abandoned"),
    SESSION_SUBMITTED("session.submitted"),
    SESSION_DECIDED("session.decided"),
    SESSION_DECISION_CHANGED("session.decision_changed"),
    SESSION_EXPIRED("session.expired"),
    SESSION_CANCELED("session.canceled"),
    SESSION_REOPENED("session.reopened"),
    SESSION_RESUMED("session.resumed"),
    SESSION_ATTEMPT_RETRIED("session.attempt_retried"),
    SESSION_STEP_PROGRESSED("session.step_progressed");

    private final String wireName;

    NotificationType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static NotificationType of(SessionEvent event) {
        return switch (event) {
            case SessionStarted _ -> SESSION_STARTED;
            case SessionInProgress _ -> SESSION_IN_PROGRESS;
            case SessionAbandoned _ -> SESSION_ABANDONED;
            case SessionSubmitted _ -> SESSION_SUBMITTED;
            case SessionDecided _ -> SESSION_DECIDED;
            case DecisionChanged _ -> SESSION_DECISION_CHANGED;
            case SessionExpired _ -> SESSION_EXPIRED;
            case SessionCanceled _ -> SESSION_CANCELED;
            case SessionReopened _ -> SESSION_REOPENED;
            case SessionResumed _ -> SESSION_RESUMED;
            case AttemptRetried _ -> SESSION_ATTEMPT_RETRIED;
            case StepProgressed _ -> SESSION_STEP_PROGRESSED;
        };
    }

    /** Reads a wire name written by {@link #wireName()}. */
    public static Optional<NotificationType> fromWireName(String wireName) {
        for (NotificationType type : values()) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
