package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A retry started at the provider (a Plaid dashboard retry) is learned from a snapshot that names the attempt it
 * replaced: it opens a new attempt chained to the current one.
 */
class ProviderRetryOpensANewAttemptTest {

    private final VerificationSession failed = applyAll(aStartedSession(),
            snapshot("api-1", REF, SnapshotStatus.FAILED, t(5), step(StandardStep.DOCUMENT, StepStatus.FAILED)));

    @Test
    void aSnapshotNamingTheCurrentAttemptAsPreviousOpensANewAttempt() {
        var outcome = Outcomes.changed(failed.apply(fatNotification("evt-2", aSnapshot(SECOND_REF).replacing(REF)
                .status(SnapshotStatus.IN_PROGRESS).asOf(t(7))
                .steps(step(StandardStep.DOCUMENT, StepStatus.ACTIVE)).build())));

        var session = outcome.session();
        assertThat(session.attempts()).hasSize(2);
        Attempt second = session.currentAttempt();
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.ref()).contains(SECOND_REF);
        assertThat(second.previousRef()).contains(REF);
        assertThat(second.origin()).isEqualTo(AttemptOrigin.PROVIDER);
        assertThat(second.openedAt()).isEqualTo(t(7));
        assertThat(session.attempts().getFirst()).isEqualTo(failed.currentAttempt());
        assertThat(session.state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(session.decision()).isEmpty();
        assertThat(session.providerRef()).contains(SECOND_REF);
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.AttemptRetried(ID, RECEIVED, 2, Optional.of(SECOND_REF), AttemptOrigin.PROVIDER),
                new SessionEvent.SessionInProgress(ID, RECEIVED),
                new SessionEvent.StepProgressed(ID, RECEIVED, StandardStep.DOCUMENT, Optional.empty(),
                        StepStatus.ACTIVE));
    }

    @Test
    void theNewAttemptIsDecidedOnItsOwn() {
        var session = applyAll(failed,
                authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.IN_PROGRESS)
                        .asOf(t(7)).build()),
                authoritative("api-3", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.PASSED)
                        .asOf(t(9)).build()));

        assertThat(session.state()).isEqualTo(ProcessState.DECIDED);
        assertThat(session.finallyDecided()).isTrue();
        assertThat(session.attempts().getFirst().decision()).hasValueSatisfying(
                decision -> assertThat(decision.verdict()).isEqualTo(Verdict.FAILED));
    }

    @Test
    void lateNewsOfThePreviousAttemptUpdatesItSilently() {
        var retried = applyAll(failed, authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF)
                .status(SnapshotStatus.IN_PROGRESS).asOf(t(7)).build()));

        var outcome = Outcomes.changed(retried.apply(snapshot("api-1-late", REF, SnapshotStatus.CANCELED, t(8))));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.session().attempts().getFirst().state()).isEqualTo(ProcessState.CANCELED);
        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
    }

    @Test
    void hintsClaimingThePreviousAttemptGoToIt() {
        var retried = applyAll(failed, authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF)
                .status(SnapshotStatus.NOT_STARTED).asOf(t(7)).build()));

        var outcome = Outcomes.changed(retried.apply(hintClaiming("h-old", REF, finished())));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.session().attempts().getFirst().client().furthest()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(outcome.session().state()).isEqualTo(ProcessState.CREATED);
        assertThat(outcome.reconcile()).contains(new ReconcileRequest(REF, ReconcileRequest.Why.CLIENT_HINT));
    }

    @Test
    void hintsClaimingTheNewAttemptGoToIt() {
        var retried = applyAll(failed, authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF)
                .status(SnapshotStatus.NOT_STARTED).asOf(t(7)).build()));

        var outcome = Outcomes.changed(retried.apply(hintClaiming("h-new", SECOND_REF, opened())));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionInProgress(ID, RECEIVED));
    }

    @Test
    void theProviderOpenedAttemptIsDatedByItsOldestSnapshotWhateverTheOrder() {
        var early = authoritative("api-2a", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.NOT_STARTED)
                .asOf(t(6)).build());
        var late = authoritative("api-2b", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.IN_PROGRESS)
                .asOf(t(8)).build());

        assertThat(applyAll(failed, late, early).currentAttempt())
                .isEqualTo(applyAll(failed, early, late).currentAttempt());
        assertThat(applyAll(failed, late, early).currentAttempt().openedAt()).isEqualTo(t(6));
    }
}
