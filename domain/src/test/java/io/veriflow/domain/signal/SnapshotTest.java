package io.veriflow.domain.signal;

import static io.veriflow.domain.Sessions.FOREIGN_REF;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.veriflow.domain.Sessions;
import io.veriflow.domain.Signals;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Snapshots, notifications and what each kind of signal is allowed to say. */
class SnapshotTest {

    @Test
    void aSnapshotListsEachStepOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> snapshotOf(REF, SnapshotStatus.IN_PROGRESS, t(1),
                step(StandardStep.DOCUMENT, StepStatus.ACTIVE), step(StandardStep.DOCUMENT, StepStatus.PASSED)))
                .withMessageContaining("document");
    }

    @Test
    void anAttemptCannotReplaceItself() {
        assertThatIllegalArgumentException().isThrownBy(() -> aSnapshot(REF).replacing(REF).build());
    }

    @Test
    void theStepsAreACopy() {
        List<Step> steps = new ArrayList<>(List.of(step(StandardStep.DOCUMENT, StepStatus.ACTIVE)));
        Snapshot snapshot = aSnapshot(REF).steps(steps).build();

        steps.add(step(StandardStep.SELFIE, StepStatus.ACTIVE));

        assertThat(snapshot.steps()).hasSize(1);
    }

    @Test
    void recencyIsTimeFirst() {
        Snapshot older = snapshotOf(REF, SnapshotStatus.PASSED, t(1));
        Snapshot newer = snapshotOf(REF, SnapshotStatus.NOT_STARTED, t(2));

        assertThat(newer.newerThan(older)).isTrue();
        assertThat(older.newerThan(newer)).isFalse();
        assertThat(older.newerThan(older)).isFalse();
    }

    @Test
    void recencyOrdersDifferentSnapshotsOfTheSameInstantOneWay() {
        List<Snapshot> sameInstant = List.of(
                snapshotOf(REF, SnapshotStatus.SUBMITTED, t(4)),
                snapshotOf(REF, SnapshotStatus.FAILED, t(4)),
                aSnapshot(REF).status(SnapshotStatus.FAILED).providerStatus("declined").asOf(t(4)).build(),
                aSnapshot(REF).status(SnapshotStatus.FAILED).asOf(t(4)).reasons("watchlist_hit").build(),
                aSnapshot(REF).status(SnapshotStatus.FAILED).asOf(t(4)).subject(Sessions.SUBJECT).build(),
                aSnapshot(REF).status(SnapshotStatus.FAILED).asOf(t(4)).replacing(FOREIGN_REF).build(),
                aSnapshot(REF).status(SnapshotStatus.FAILED).asOf(t(4))
                        .steps(step(StandardStep.DOCUMENT, StepStatus.FAILED)).build());
        for (Snapshot a : sameInstant) {
            for (Snapshot b : sameInstant) {
                if (!a.equals(b)) {
                    assertThat(a.newerThan(b)).as("%s vs %s", a, b).isNotEqualTo(b.newerThan(a));
                }
            }
        }
    }

    @Test
    void statusesMapToProcessStatesAndVerdicts() {
        assertThat(SnapshotStatus.PASSED.processState()).contains(ProcessState.DECIDED);
        assertThat(SnapshotStatus.NEEDS_REVIEW.verdict()).contains(Verdict.NEEDS_REVIEW);
        assertThat(SnapshotStatus.SUBMITTED.verdict()).isEmpty();
        assertThat(SnapshotStatus.UNKNOWN.processState()).isEmpty();
        for (SnapshotStatus status : SnapshotStatus.values()) {
            assertThat(status.verdict().isPresent()).as("%s", status)
                    .isEqualTo(status.processState().equals(Optional.of(ProcessState.DECIDED)));
        }
    }

    @Test
    void aFatNotificationEmbedsItsOwnAttempt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Notification(
                Signals.thinNotification("wh", REF).meta(), FOREIGN_REF,
                Optional.of(snapshotOf(REF, SnapshotStatus.PASSED, t(1)))));
    }

    @Test
    void eachSignalKindHasItsAuthority() {
        assertThat(Signals.hint("h", Signals.opened()).authority()).isEqualTo(Authority.CLIENT_HINT);
        assertThat(Signals.thinNotification("wh", REF).authority()).isEqualTo(Authority.NOTIFICATION);
        assertThat(Signals.snapshot("api", REF, SnapshotStatus.PASSED, t(1)).authority())
                .isEqualTo(Authority.AUTHORITATIVE);
    }

    @Test
    void theEffectiveTimeIsTheProvidersWhenKnown() {
        assertThat(Signals.hintOccurredAt("h", t(3), Signals.opened()).meta().effectiveTime()).isEqualTo(t(3));
        assertThat(Signals.hint("h", Signals.opened()).meta().effectiveTime()).isEqualTo(Signals.RECEIVED);
    }
}
