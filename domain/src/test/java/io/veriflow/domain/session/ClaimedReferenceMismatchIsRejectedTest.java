package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.FOREIGN_REF;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aSessionWithoutRef;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.finishedClaiming;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.session.SignalOutcome.RejectedBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;

/** A client hint that claims an attempt this session does not have is rejected: the browser may forge it. */
class ClaimedReferenceMismatchIsRejectedTest {

    @Test
    void aHintClaimingAnotherAttemptIsRejected() {
        var session = aStartedSession();

        var outcome = Outcomes.rejected(session.apply(hintClaiming("h1", FOREIGN_REF, finishedClaiming("approved"))));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.CLAIMED_REFERENCE_MISMATCH);
        assertThat(outcome.reconcile()).isEmpty();
    }

    @Test
    void aHintClaimingTheSessionsAttemptIsApplied() {
        var outcome = Outcomes.changed(aStartedSession().apply(hintClaiming("h1", REF, opened())));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
    }

    @Test
    void beforeTheProviderConfirmedTheAttemptAClaimCannotBeCheckedAndIsReconciled() {
        var outcome = Outcomes.changed(aSessionWithoutRef().apply(hintClaiming("h1", FOREIGN_REF, opened())));

        assertThat(outcome.session().providerRef()).isEmpty();
        assertThat(outcome.reconcile())
                .contains(new ReconcileRequest(FOREIGN_REF, ReconcileRequest.Why.CLIENT_HINT));
    }

    @Test
    void onceTheProviderConfirmedTheAttemptAMismatchingClaimIsRejected() {
        var confirmed = applyAll(aSessionWithoutRef(), snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(2)));

        var outcome = Outcomes.rejected(confirmed.apply(hintClaiming("h1", FOREIGN_REF, finished())));

        assertThat(outcome.reason()).isEqualTo(RejectedBecause.CLAIMED_REFERENCE_MISMATCH);
    }
}
