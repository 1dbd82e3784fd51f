package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.FOREIGN_REF;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.ref;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.session.SignalOutcome.RejectedBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;

/** A snapshot of an attempt that is neither the session's nor chained to its current attempt is rejected. */
class SnapshotForAnUnrelatedAttemptIsRejectedTest {

    @Test
    void aSnapshotOfAnotherAttemptIsRejected() {
        var outcome = Outcomes.rejected(aStartedSession().apply(
                snapshot("api", FOREIGN_REF, SnapshotStatus.PASSED, t(5))));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.UNRELATED_REFERENCE);
    }

    @Test
    void aFatNotificationOfAnotherAttemptIsRejected() {
        var outcome = Outcomes.rejected(aStartedSession().apply(
                fatNotification("evt", snapshotOf(FOREIGN_REF, SnapshotStatus.PASSED, t(5)))));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.UNRELATED_REFERENCE);
    }

    @Test
    void aSnapshotChainedToAnAttemptThisSessionDoesNotHaveIsRejected() {
        var outcome = Outcomes.rejected(aStartedSession().apply(authoritative("api",
                aSnapshot(SECOND_REF).replacing(FOREIGN_REF).status(SnapshotStatus.IN_PROGRESS).asOf(t(5)).build())));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.UNRELATED_REFERENCE);
    }

    @Test
    void onlyTheCurrentAttemptCanBeReplaced() {
        var retried = applyAll(aStartedSession(), authoritative("api-2",
                aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.IN_PROGRESS).asOf(t(5)).build()));

        var outcome = Outcomes.rejected(retried.apply(authoritative("api-3",
                aSnapshot(ref("idv_third")).replacing(REF).status(SnapshotStatus.IN_PROGRESS).asOf(t(6)).build())));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.UNRELATED_REFERENCE);
        assertThat(retried.attempts()).hasSize(2);
    }
}
