package io.veriflow.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.session.SignalOutcome;

/** Narrows a {@link SignalOutcome} to the kind a test expects, failing with the actual outcome otherwise. */
public final class Outcomes {

    private Outcomes() {
    }

    public static SignalOutcome.Changed changed(SignalOutcome outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(SignalOutcome.Changed.class);
        return (SignalOutcome.Changed) outcome;
    }

    public static SignalOutcome.Ignored ignored(SignalOutcome outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(SignalOutcome.Ignored.class);
        return (SignalOutcome.Ignored) outcome;
    }

    public static SignalOutcome.Rejected rejected(SignalOutcome outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(SignalOutcome.Rejected.class);
        return (SignalOutcome.Rejected) outcome;
    }
}
