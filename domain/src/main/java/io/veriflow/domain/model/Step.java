package io.veriflow.domain.model;

import java.util.Objects;

/** One step of a session and its status. */
public record Step(StepKind kind, StepStatus status) {

    public Step {
        Objects.requireNonNull(kind, "step kind must not be null");
        Objects.requireNonNull(status, "step status must not be null");
    }
}
