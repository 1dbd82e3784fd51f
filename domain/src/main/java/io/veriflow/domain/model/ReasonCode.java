package io.veriflow.domain.model;

import java.util.regex.Pattern;

/** A machine-readable reason behind a decision, such as {@code document_failed} or {@code watchlist_hit}. */
public record ReasonCode(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public ReasonCode {
        Checks.matching(value, SHAPE, "reason code", "1-64 characters of a-z, 0-9, '_', '.' or '-'");
    }

    /** The reason code for a failed step: {@code <step>_failed}. */
    public static ReasonCode failedStep(StepKind step) {
        return new ReasonCode(step.code() + "_failed");
    }

    /** The reason code for a step awaiting manual review: {@code <step>_in_review}. */
    public static ReasonCode stepInReview(StepKind step) {
        return new ReasonCode(step.code() + "_in_review");
    }

    @Override
    public String toString() {
        return value;
    }
}
