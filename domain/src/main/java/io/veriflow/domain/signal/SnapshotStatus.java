package io.veriflow.domain.signal;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.Verdict;
import java.util.Optional;

/** A provider's attempt status mapped to neutral terms by its adapter. */
public enum SnapshotStatus {
    NOT_STARTED(ProcessState.CREATED, null),
    IN_PROGRESS(ProcessState.IN_PROGRESS, null),
    /** The user finished; no decision yet (Persona {@code completed}). */
    SUBMITTED(ProcessState.SUBMITTED, null),
    PASSED(ProcessState.DECIDED, Verdict.PASSED),
    FAILED(ProcessState.DECIDED, Verdict.FAILED),
    NEEDS_REVIEW(ProcessState.DECIDED, Verdict.NEEDS_REVIEW),
    EXPIRED(ProcessState.EXPIRED, null),
    CANCELED(ProcessState.CANCELED, null),
    /** A status this platform does not know yet: recorded, never applied. */
    UNKNOWN(null, null);

    private final ProcessState state;
    private final Verdict verdict;

    SnapshotStatus(ProcessState state, Verdict verdict) {
        this.state = state;
        this.verdict = verdict;
    }

    /** The process state this status stands for; empty for {@link #UNKNOWN}. */
    public Optional<ProcessState> processState() {
        return Optional.ofNullable(state);
    }

    /** The verdict this status carries, if it is a decision. */
    public Optional<Verdict> verdict() {
        return Optional.ofNullable(verdict);
    }
}
