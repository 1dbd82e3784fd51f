package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SOMEONE_ELSE;
import static io.veriflow.domain.Sessions.aDecidedSession;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.Sessions;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.session.SignalOutcome.RejectedBecause;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule 2: a fat notification embeds the resource with its timestamp and is applied exactly like a snapshot. */
class FatNotificationAppliesLikeASnapshotTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SnapshotStatus.class)
    void aFatNotificationHasTheSameOutcomeAsTheSameSnapshotReadFromTheApi(SnapshotStatus status) {
        Snapshot embedded = snapshotOf(REF, status, t(4), step(StandardStep.DOCUMENT, StepStatus.FAILED));
        var session = applyAll(aStartedSession(), hint("h1", finished()));

        SignalOutcome viaWebhook = session.apply(fatNotification("evt-1", embedded));
        SignalOutcome viaApi = session.apply(authoritative("api-1", embedded));

        assertThat(viaWebhook).isEqualTo(viaApi);
    }

    @Test
    void aFatNotificationDecides() {
        var outcome = Outcomes.changed(aStartedSession().apply(fatNotification("evt-approved",
                snapshotOf(REF, SnapshotStatus.PASSED, t(4), step(StandardStep.SELFIE, StepStatus.PASSED)))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.DECIDED);
        assertThat(outcome.session().decision()).hasValueSatisfying(
                decision -> assertThat(decision.verdict()).isEqualTo(Verdict.PASSED));
        assertThat(outcome.events()).first().isInstanceOf(SessionEvent.SessionDecided.class);
        assertThat(outcome.reconcile()).isEmpty();
    }

    @Test
    void anOlderFatNotificationIsStale() {
        var outcome = Outcomes.ignored(aDecidedSession(SnapshotStatus.PASSED)
                .apply(fatNotification("evt-old", snapshotOf(REF, SnapshotStatus.IN_PROGRESS, t(2)))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.STALE_SNAPSHOT);
    }

    @Test
    void aFatNotificationForAnotherSubjectIsRejected() {
        var outcome = Outcomes.rejected(aStartedSession().apply(fatNotification("evt-x",
                aSnapshot(REF).status(SnapshotStatus.PASSED).subject(SOMEONE_ELSE).asOf(t(4)).build())));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.SUBJECT_MISMATCH);
    }

    @Test
    void aFatNotificationIsNotThin() {
        assertThat(fatNotification("evt-1", snapshotOf(Sessions.REF, SnapshotStatus.SUBMITTED, t(1))).thin())
                .isFalse();
    }
}
