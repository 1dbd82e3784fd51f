package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A later authoritative change of decision (a reviewer approves) is a new event, not an error. */
class ReviewApprovalIsADecisionChangeTest {

    private static final Decision IN_REVIEW = Decision.of(Verdict.NEEDS_REVIEW, new ReasonCode("document_in_review"));

    private final VerificationSession inReview = applyAll(aStartedSession(), fatNotification("evt-review",
            snapshotOf(REF, SnapshotStatus.NEEDS_REVIEW, t(4), step(StandardStep.DOCUMENT, StepStatus.IN_REVIEW))));

    @Test
    void aReviewerApprovingChangesTheDecision() {
        var outcome = Outcomes.changed(inReview.apply(fatNotification("evt-approved",
                snapshotOf(REF, SnapshotStatus.PASSED, t(9), step(StandardStep.DOCUMENT, StepStatus.PASSED)))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.DECIDED);
        assertThat(outcome.session().decision()).contains(Decision.of(Verdict.PASSED));
        assertThat(outcome.session().finallyDecided()).isTrue();
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.DecisionChanged(ID, RECEIVED, IN_REVIEW, Decision.of(Verdict.PASSED)),
                new SessionEvent.StepProgressed(ID, RECEIVED, StandardStep.DOCUMENT,
                        Optional.of(StepStatus.IN_REVIEW), StepStatus.PASSED));
    }

    @Test
    void aReviewerDecliningChangesTheDecision() {
        var outcome = Outcomes.changed(inReview.apply(snapshot("api", REF, SnapshotStatus.FAILED, t(9),
                step(StandardStep.DOCUMENT, StepStatus.FAILED))));

        assertThat(outcome.events()).first().isEqualTo(new SessionEvent.DecisionChanged(ID, RECEIVED, IN_REVIEW,
                Decision.of(Verdict.FAILED, new ReasonCode("document_failed"))));
    }

    @Test
    void aNewerSnapshotWithTheSameDecisionIsNoDecisionChange() {
        var outcome = Outcomes.changed(inReview.apply(fatNotification("evt-review-2", aSnapshot(REF)
                .status(SnapshotStatus.NEEDS_REVIEW).providerStatus("needs_review_escalated").asOf(t(6))
                .steps(step(StandardStep.DOCUMENT, StepStatus.IN_REVIEW)).build())));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.session().decision()).contains(IN_REVIEW);
    }

    @Test
    void anApprovalThatOvertookTheReviewIsNotUndoneByIt() {
        var approved = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.PASSED, t(9)));

        var outcome = Outcomes.ignored(approved.apply(fatNotification("evt-review",
                snapshotOf(REF, SnapshotStatus.NEEDS_REVIEW, t(4)))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.STALE_SNAPSHOT);
    }
}
