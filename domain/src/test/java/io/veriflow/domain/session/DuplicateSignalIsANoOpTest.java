package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.FOREIGN_REF;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.SOMEONE_ELSE;
import static io.veriflow.domain.Sessions.after;
import static io.veriflow.domain.Sessions.inState;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.informational;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static io.veriflow.domain.Signals.thinNotification;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 5: applying a signal twice is a no-op. The signal log de-duplicates on the dedupe key before the session sees
 * a signal; this is the aggregate's own guarantee when a duplicate gets through anyway (another channel, a replay).
 */
class DuplicateSignalIsANoOpTest {

    static List<ProviderSignal> signals() {
        return List.of(
                hint("h-open", opened()),
                hint("h-step", stepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE)),
                hint("h-exit", exited()),
                hint("h-finish", finished()),
                hint("h-info", informational()),
                hintClaiming("h-forged", FOREIGN_REF, finished()),
                thinNotification("wh-1", REF),
                fatNotification("evt-1", snapshotOf(REF, SnapshotStatus.NEEDS_REVIEW, t(4),
                        step(StandardStep.DOCUMENT, StepStatus.IN_REVIEW))),
                snapshot("api-1", REF, SnapshotStatus.SUBMITTED, t(3)),
                snapshot("api-old", REF, SnapshotStatus.IN_PROGRESS, t(1)),
                snapshot("api-unknown", REF, SnapshotStatus.UNKNOWN, t(7)),
                authoritative("api-other", aSnapshot(REF).subject(SOMEONE_ELSE).asOf(t(6)).build()),
                authoritative("api-retry", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.IN_PROGRESS)
                        .asOf(t(8)).build()));
    }

    static Stream<Arguments> sessionsAndSignals() {
        List<Arguments> cases = new ArrayList<>();
        for (ProcessState state : ProcessState.values()) {
            for (ProviderSignal signal : signals()) {
                cases.add(Arguments.of(state, signal));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sessionsAndSignals")
    void theSecondApplicationChangesNothing(ProcessState state, ProviderSignal signal) {
        var once = after(inState(state), inState(state).apply(signal));

        SignalOutcome twice = once.apply(signal);

        assertThat(twice).isNotInstanceOf(SignalOutcome.Changed.class);
    }
}
