package io.veriflow.domain.provider;

import io.veriflow.domain.model.StepKind;
import java.util.Objects;
import java.util.Set;

/** A retry mode and, for {@link RetryMode#SELECTED_STEPS}, the steps to run. */
public record RetryPlan(RetryMode mode, Set<StepKind> steps) {

    public RetryPlan {
        Objects.requireNonNull(mode, "retry mode must not be null");
        steps = Set.copyOf(steps);
        if (mode == RetryMode.SELECTED_STEPS && steps.isEmpty()) {
            throw new IllegalArgumentException("a retry with selected steps needs at least one step");
        }
        if (mode != RetryMode.SELECTED_STEPS && !steps.isEmpty()) {
            throw new IllegalArgumentException("steps can only be selected with SELECTED_STEPS");
        }
    }

    public static RetryPlan of(RetryMode mode) {
        return new RetryPlan(mode, Set.of());
    }
}
