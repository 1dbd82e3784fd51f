package io.veriflow.app.http;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.session.AttemptOrigin;
import io.veriflow.domain.signal.Authority;
import java.util.Locale;
import java.util.Optional;

/**
 * The published lower-case names of domain enums, shared by the HTTP API and the notification payloads so both
 * speak the same words. Spelled out, not
 * derived from {@code name()}, so that renaming a constant cannot silently change the API, and exhaustive so that a
 * new constant must be given a name.
 */
public final class WireNames {

    private WireNames() {
    }

    public static String of(ProcessState state) {
        return switch (state) {
            case CREATED -> "created";
            case IN_PROGRESS -> "in_progress";
            case ABANDONED -> "abandoned";
            case SUBMITTED -> "submitted";
            case DECIDED -> "decided";
            case EXPIRED -> "expired";
            case CANCELED -> "canceled";
        };
    }

    public static Optional<ProcessState> state(String wireName) {
        for (ProcessState state : ProcessState.values()) {
            if (of(state).equals(wireName)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    public static String of(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case NEEDS_REVIEW -> "needs_review";
        };
    }

    public static String of(StepStatus status) {
        return switch (status) {
            case PENDING -> "pending";
            case ACTIVE -> "active";
            case PASSED -> "passed";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            case IN_REVIEW -> "in_review";
            case NOT_APPLICABLE -> "not_applicable";
        };
    }

    public static String of(AttemptOrigin origin) {
        return switch (origin) {
            case SESSION_START -> "session_start";
            case RETRY -> "retry";
            case PROVIDER -> "provider";
        };
    }

    public static String of(Authority authority) {
        return switch (authority) {
            case CLIENT_HINT -> "client_hint";
            case NOTIFICATION -> "notification";
            case AUTHORITATIVE -> "authoritative";
        };
    }

    public static String of(SignalLog.Result result) {
        return switch (result) {
            case CHANGED -> "changed";
            case IGNORED -> "ignored";
            case REJECTED -> "rejected";
        };
    }

    /** An upper-snake constant name ({@code ALREADY_PASSED}, {@code STALE_SNAPSHOT}) in lower snake case. */
    public static String constant(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A simple class name ({@code SessionAbandoned}) in lower snake case ({@code session_abandoned}). */
    public static String event(String simpleName) {
        StringBuilder snake = new StringBuilder(simpleName.length() + 4);
        for (int i = 0; i < simpleName.length(); i++) {
            char c = simpleName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
