package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.SUBJECT;
import static io.veriflow.domain.Sessions.aDecidedSession;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.SessionProjection;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;

/** Rule 3: a snapshot older than the one applied is recorded and ignored. */
class StaleSnapshotIsIgnoredTest {

    @Test
    void anOlderSnapshotDoesNotUndoADecision() {
        var decided = aDecidedSession(SnapshotStatus.PASSED);

        var outcome = Outcomes.ignored(decided.apply(snapshot("api-old", REF, SnapshotStatus.IN_PROGRESS, t(2),
                step(StandardStep.DOCUMENT, StepStatus.ACTIVE))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.STALE_SNAPSHOT);
        assertThat(outcome.reconcile()).isEmpty();
    }

    @Test
    void theSameSnapshotAgainIsNothingNewRatherThanStale() {
        var decided = aDecidedSession(SnapshotStatus.FAILED);

        var outcome = Outcomes.ignored(decided.apply(snapshot("api-again", REF, SnapshotStatus.FAILED, t(5))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.NOTHING_NEW);
    }

    @Test
    void arrivalOrderDoesNotMatterOnlyTheProvidersTime() {
        AuthoritativeSnapshot older = snapshot("api-1", REF, SnapshotStatus.SUBMITTED, t(3));
        AuthoritativeSnapshot newer = snapshot("api-2", REF, SnapshotStatus.FAILED, t(6));

        var inOrder = applyAll(aStartedSession(), older, newer);
        var reversed = applyAll(aStartedSession(), newer, older);

        assertThat(SessionProjection.of(reversed)).isEqualTo(SessionProjection.of(inOrder));
        assertThat(reversed.state()).isEqualTo(ProcessState.DECIDED);
    }

    @Test
    void snapshotsOfTheSameInstantAreOrderedDeterministically() {
        AuthoritativeSnapshot submitted = snapshot("api-1", REF, SnapshotStatus.SUBMITTED, t(4));
        AuthoritativeSnapshot failed = snapshot("api-2", REF, SnapshotStatus.FAILED, t(4));

        var one = applyAll(aStartedSession(), submitted, failed);
        var other = applyAll(aStartedSession(), failed, submitted);

        assertThat(SessionProjection.of(one)).isEqualTo(SessionProjection.of(other));
    }

    @Test
    void snapshotsOfTheSameInstantDifferingOnlyInTheNamedSubjectCommute() {
        var withSubject = authoritative("evt", aSnapshot(REF).status(SnapshotStatus.SUBMITTED).asOf(t(4))
                .subject(SUBJECT).build());
        var withoutSubject = authoritative("api", aSnapshot(REF).status(SnapshotStatus.SUBMITTED).asOf(t(4)).build());

        var one = applyAll(aStartedSession(), withSubject, withoutSubject);
        var other = applyAll(aStartedSession(), withoutSubject, withSubject);

        assertThat(SessionProjection.of(one)).isEqualTo(SessionProjection.of(other));
    }

    @Test
    void aStaleSnapshotOfAPreviousAttemptIsIgnoredToo() {
        var retried = applyAll(aStartedSession(),
                snapshot("api-1", REF, SnapshotStatus.FAILED, t(5)),
                authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.IN_PROGRESS)
                        .asOf(t(8)).build()));

        var outcome = Outcomes.ignored(retried.apply(snapshot("api-1-old", REF, SnapshotStatus.IN_PROGRESS, t(2))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.STALE_SNAPSHOT);
    }

    @Test
    void anOlderSnapshotOfAProviderOpenedAttemptOnlyDatesItsOpening() {
        var retried = applyAll(aStartedSession(),
                snapshot("api-1", REF, SnapshotStatus.FAILED, t(5)),
                authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.SUBMITTED)
                        .asOf(t(9)).build()));

        var outcome = Outcomes.changed(retried.apply(authoritative("api-2-old", aSnapshot(SECOND_REF).replacing(REF)
                .status(SnapshotStatus.IN_PROGRESS).asOf(t(7)).build())));

        Attempt before = retried.currentAttempt();
        Attempt after = outcome.session().currentAttempt();
        assertThat(outcome.events()).isEmpty();
        assertThat(after.openedAt()).isEqualTo(t(7));
        assertThat(after.snapshot()).isEqualTo(before.snapshot());
        assertThat(outcome.session().state()).isEqualTo(ProcessState.SUBMITTED);

        var again = Outcomes.ignored(outcome.session().apply(authoritative("api-2-older", aSnapshot(SECOND_REF)
                .replacing(REF).status(SnapshotStatus.IN_PROGRESS).asOf(t(8)).build())));
        assertThat(again.reason()).isEqualTo(IgnoredBecause.STALE_SNAPSHOT);
    }
}
