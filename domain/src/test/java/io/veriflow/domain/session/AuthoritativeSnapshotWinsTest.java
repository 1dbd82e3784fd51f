package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aSessionWithoutRef;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
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
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule 3: an authoritative snapshot wins; decisions come from it alone. */
class AuthoritativeSnapshotWinsTest {

    @Test
    void aFailedSnapshotDecidesWithTheFailedStepsAsReasons() {
        var outcome = Outcomes.changed(aStartedSession().apply(snapshot("api", REF, SnapshotStatus.FAILED, t(5),
                step(StandardStep.DOCUMENT, StepStatus.FAILED), step(StandardStep.SELFIE, StepStatus.PASSED))));

        Decision failed = Decision.of(Verdict.FAILED, new ReasonCode("document_failed"));
        assertThat(outcome.session().state()).isEqualTo(ProcessState.DECIDED);
        assertThat(outcome.session().decision()).contains(failed);
        assertThat(outcome.session().finallyDecided()).isTrue();
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.SessionDecided(ID, RECEIVED, failed),
                new SessionEvent.StepProgressed(ID, RECEIVED, StandardStep.DOCUMENT, Optional.empty(),
                        StepStatus.FAILED),
                new SessionEvent.StepProgressed(ID, RECEIVED, StandardStep.SELFIE, Optional.empty(),
                        StepStatus.PASSED));
    }

    @Test
    void theProvidersReasonsWinOverReasonsFromSteps() {
        var outcome = Outcomes.changed(aStartedSession().apply(authoritative("api", aSnapshot(REF)
                .status(SnapshotStatus.FAILED).asOf(t(5)).reasons("watchlist_hit")
                .steps(step(StandardStep.DOCUMENT, StepStatus.FAILED)).build())));

        assertThat(outcome.session().decision())
                .contains(Decision.of(Verdict.FAILED, new ReasonCode("watchlist_hit")));
    }

    @Test
    void aReviewIsDecidedWithTheStepsInReviewAsReasonsButIsNotFinal() {
        var session = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.NEEDS_REVIEW, t(5),
                step(StandardStep.WATCHLIST, StepStatus.IN_REVIEW)));

        assertThat(session.decision())
                .contains(Decision.of(Verdict.NEEDS_REVIEW, new ReasonCode("watchlist_in_review")));
        assertThat(session.finallyDecided()).isFalse();
    }

    @Test
    void aPassHasNoReasons() {
        var session = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.PASSED, t(5),
                step(StandardStep.DOCUMENT, StepStatus.PASSED)));

        assertThat(session.decision()).contains(Decision.of(Verdict.PASSED));
    }

    @Test
    void aClosedSnapshotWinsOverWhateverTheClientSaid() {
        var abandoned = applyAll(aStartedSession(), hint("h1", opened()), hint("h2", exited()));

        var session = applyAll(abandoned, snapshot("api", REF, SnapshotStatus.CANCELED, t(5)));

        assertThat(session.state()).isEqualTo(ProcessState.CANCELED);
    }

    @Test
    void anOpenSnapshotMovesTheProcessAsFarAsTheProviderSays() {
        var inFlow = applyAll(aStartedSession(), hint("h1", opened()));

        var outcome = Outcomes.changed(inFlow.apply(snapshot("api", REF, SnapshotStatus.SUBMITTED, t(3))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionSubmitted(ID, RECEIVED));
    }

    @Test
    void aNewerSnapshotReplacesTheStepsOfAnOlderOne() {
        var session = applyAll(aStartedSession(),
                snapshot("api-1", REF, SnapshotStatus.IN_PROGRESS, t(1), step(StandardStep.DOCUMENT,
                        StepStatus.ACTIVE)),
                snapshot("api-2", REF, SnapshotStatus.SUBMITTED, t(3), step(StandardStep.DOCUMENT,
                        StepStatus.PASSED), step(StandardStep.SELFIE, StepStatus.PASSED)));

        assertThat(session.steps()).containsExactly(step(StandardStep.DOCUMENT, StepStatus.PASSED),
                step(StandardStep.SELFIE, StepStatus.PASSED));
        assertThat(session.currentAttempt().snapshot()).hasValueSatisfying(
                snapshot -> assertThat(snapshot.asOf()).isEqualTo(t(3)));
    }

    @Test
    void theFirstSnapshotConfirmsTheProviderReference() {
        var session = applyAll(aSessionWithoutRef(), hint("h1", finished()),
                snapshot("api", REF, SnapshotStatus.SUBMITTED, t(3)));

        assertThat(session.providerRef()).contains(REF);
        assertThat(session.currentAttempt().client().furthest()).isEqualTo(ProcessState.SUBMITTED);
    }
}
