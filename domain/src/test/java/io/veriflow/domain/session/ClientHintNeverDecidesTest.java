package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.finishedClaiming;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.Sessions;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 1: a client hint may move the process forward, but it never sets a decision. */
class ClientHintNeverDecidesTest {

    @ParameterizedTest(name = "client claims \"{0}\"")
    @ValueSource(strings = {"approved", "success", "completed", "passed", "failed", "declined"})
    void aFinishClaimingAVerdictOnlySubmits(String claimedStatus) {
        var outcome = Outcomes.changed(aStartedSession().apply(hint("h1", finishedClaiming(claimedStatus))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(outcome.session().decision()).isEmpty();
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionSubmitted(Sessions.ID, RECEIVED));
        assertThat(outcome.reconcile()).contains(new ReconcileRequest(REF, ReconcileRequest.Why.CLIENT_HINT));
    }

    @Test
    void everyStepReportedPassedByTheClientStillDecidesNothing() {
        var session = applyAll(aStartedSession(),
                hint("h1", opened()),
                hint("h2", stepReported(StandardStep.DOCUMENT, StepStatus.PASSED)),
                hint("h3", stepReported(StandardStep.SELFIE, StepStatus.PASSED)),
                hint("h4", stepReported(StandardStep.WATCHLIST, StepStatus.PASSED)),
                hintClaiming("h5", REF, finishedClaiming("approved")));

        assertThat(session.state()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(session.decision()).isEmpty();
        assertThat(session.finallyDecided()).isFalse();
        assertThat(session.currentAttempt().snapshot()).isEmpty();
    }

    @Test
    void onlyTheProvidersSnapshotDecidesAfterTheClientFinished() {
        var submitted = applyAll(aStartedSession(), hint("h1", finishedClaiming("approved")));

        var outcome = Outcomes.changed(submitted.apply(snapshot("api", REF, SnapshotStatus.FAILED, t(5),
                step(StandardStep.DOCUMENT, StepStatus.FAILED))));

        assertThat(outcome.session().decision()).hasValueSatisfying(decision -> {
            assertThat(decision.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(decision.reasons()).extracting(Object::toString).containsExactly("document_failed");
        });
    }
}
