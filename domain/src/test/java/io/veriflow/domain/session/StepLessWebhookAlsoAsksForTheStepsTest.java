package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;

/**
 * A fat notification embedding the resource without its steps (Persona's newer webhooks) decides, and also asks for
 * the provider's full view; reading it at the same moment restores the steps and the reasons.
 */
class StepLessWebhookAlsoAsksForTheStepsTest {

    @Test
    void aStepLessDecisionAsksForReconciliationAndTheReadRestoresTheReasons() {
        var declined = snapshotOf(REF, SnapshotStatus.FAILED, t(5));
        var decided = Outcomes.changed(aStartedSession().apply(fatNotification("evt-declined", declined)));

        assertThat(decided.session().decision()).get().extracting(d -> d.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(decided.reconcile()).contains(
                new ReconcileRequest(REF, ReconcileRequest.Why.INCOMPLETE_SNAPSHOT));

        var read = snapshotOf(REF, SnapshotStatus.FAILED, t(5), step(StandardStep.DOCUMENT, StepStatus.FAILED));
        var completed = Outcomes.changed(decided.session().apply(authoritative("api-read", read)));
        assertThat(completed.session().decision().orElseThrow().reasons())
                .containsExactly(ReasonCode.failedStep(StandardStep.DOCUMENT));
    }

    @Test
    void aWebhookWithItsStepsAsksForNothingMore() {
        var approved = snapshotOf(REF, SnapshotStatus.PASSED, t(5), step(StandardStep.SELFIE, StepStatus.PASSED));
        var outcome = aStartedSession().apply(fatNotification("evt-approved", approved));
        assertThat(outcome.reconcile()).isEmpty();
    }
}
