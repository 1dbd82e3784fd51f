package io.veriflow.domain.session;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.HintContent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What client hints have told us about one attempt, merged so that order and duplicates do not matter: the furthest
 * open state reported and, per step, the furthest status reported. Merging is commutative, associative and
 * idempotent, which is what makes any permutation of the same hints end in the same place.
 *
 * @param furthest the furthest open process state the client reported
 * @param steps per-step furthest status, sorted by step code, one entry per kind
 */
public record ClientProgress(ProcessState furthest, List<Step> steps) {

    private static final Comparator<Step> BY_CODE = Comparator.comparing(step -> step.kind().code());

    public ClientProgress {
        Objects.requireNonNull(furthest, "furthest must not be null");
        if (furthest.closed()) {
            throw new IllegalArgumentException("client hints never close a session");
        }
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(BY_CODE);
        Set<StepKind> seen = new HashSet<>();
        for (Step step : sorted) {
            if (!seen.add(step.kind())) {
                throw new IllegalArgumentException("step " + step.kind().code() + " listed twice");
            }
        }
        steps = List.copyOf(sorted);
    }

    public static ClientProgress none() {
        return new ClientProgress(ProcessState.CREATED, List.of());
    }

    /** This progress merged with one more hint. */
    ClientProgress with(HintContent content) {
        return switch (content) {
            case HintContent.FlowOpened opened -> reaching(ProcessState.IN_PROGRESS);
            case HintContent.StepReported reported ->
                    reaching(ProcessState.IN_PROGRESS).withStep(reported.step(), reported.status());
            case HintContent.FlowExited exited -> reaching(ProcessState.ABANDONED);
            case HintContent.FlowFinished finished -> reaching(ProcessState.SUBMITTED);
            case HintContent.ClientFailed failed -> this;
            case HintContent.Informational informational -> this;
        };
    }

    /** After an explicit resume the user is back in the flow; step progress is kept. */
    ClientProgress reopened() {
        return new ClientProgress(ProcessState.IN_PROGRESS, steps);
    }

    private ClientProgress reaching(ProcessState state) {
        return new ClientProgress(ProcessState.furthestOpen(furthest, state), steps);
    }

    private ClientProgress withStep(StepKind kind, StepStatus status) {
        List<Step> merged = new ArrayList<>(steps.size() + 1);
        boolean found = false;
        for (Step step : steps) {
            if (step.kind().equals(kind)) {
                merged.add(new Step(kind, StepStatus.furthest(step.status(), status)));
                found = true;
            } else {
                merged.add(step);
            }
        }
        if (!found) {
            merged.add(new Step(kind, status));
        }
        return new ClientProgress(furthest, merged);
    }
}
