package io.veriflow.app.notify.payload;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.session.AttemptOrigin;

/**
 * The published lower-case names of domain enums. Spelled out (not derived from {@code name()}) so that renaming a
 * constant cannot silently change the wire format, and exhaustive so that a new constant must be given a name.
 */
final class WireNames {

    private WireNames() {
    }

    static String of(ProcessState state) {
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

    static String of(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case NEEDS_REVIEW -> "needs_review";
        };
    }

    static String of(StepStatus status) {
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

    static String of(AttemptOrigin origin) {
        return switch (origin) {
            case SESSION_START -> "session_start";
            case RETRY -> "retry";
            case PROVIDER -> "provider";
        };
    }
}
