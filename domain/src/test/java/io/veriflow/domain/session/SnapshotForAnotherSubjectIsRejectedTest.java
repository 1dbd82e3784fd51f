package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SOMEONE_ELSE;
import static io.veriflow.domain.Sessions.SUBJECT;
import static io.veriflow.domain.Sessions.aSessionWithoutRef;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.session.SignalOutcome.RejectedBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A snapshot that names another subject is mis-routed (or forged): it is recorded, never applied. */
class SnapshotForAnotherSubjectIsRejectedTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SnapshotStatus.class)
    void aSnapshotNamingAnotherSubjectIsRejected(SnapshotStatus status) {
        var outcome = Outcomes.rejected(aStartedSession().apply(authoritative("api",
                aSnapshot(REF).subject(SOMEONE_ELSE).status(status).asOf(t(5)).build())));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.SUBJECT_MISMATCH);
        assertThat(outcome.reconcile()).isEmpty();
    }

    @Test
    void anUnconfirmedAttemptIsNotClaimedByAnotherSubjectsSnapshot() {
        var outcome = Outcomes.rejected(aSessionWithoutRef().apply(authoritative("api",
                aSnapshot(REF).subject(SOMEONE_ELSE).status(SnapshotStatus.PASSED).asOf(t(5)).build())));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.SUBJECT_MISMATCH);
    }

    @Test
    void aSnapshotNamingTheSessionsSubjectIsApplied() {
        var outcome = Outcomes.changed(aStartedSession().apply(authoritative("api",
                aSnapshot(REF).subject(SUBJECT).status(SnapshotStatus.PASSED).asOf(t(5)).build())));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.DECIDED);
    }

    @Test
    void aSnapshotNamingNoSubjectIsApplied() {
        var outcome = Outcomes.changed(aStartedSession().apply(authoritative("api",
                aSnapshot(REF).status(SnapshotStatus.SUBMITTED).asOf(t(5)).build())));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.SUBMITTED);
    }
}
