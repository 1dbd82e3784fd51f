package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aSessionWithoutRef;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.clientFailed;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.exitedWithToken;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.informational;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.ref;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.stepReported;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.HintContent;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Rule 1: a client hint moves the process forward, records step progress, and always asks for reconciliation. */
class ClientHintMovesProcessForwardTest {

    private static final ReconcileRequest RECONCILE = new ReconcileRequest(REF, ReconcileRequest.Why.CLIENT_HINT);

    static Stream<Arguments> forwardMoves() {
        return Stream.of(
                Arguments.of(opened(), ProcessState.IN_PROGRESS, new SessionEvent.SessionInProgress(ID, RECEIVED)),
                Arguments.of(exited(), ProcessState.ABANDONED, new SessionEvent.SessionAbandoned(ID, RECEIVED)),
                Arguments.of(exitedWithToken("tok-123"), ProcessState.ABANDONED,
                        new SessionEvent.SessionAbandoned(ID, RECEIVED)),
                Arguments.of(finished(), ProcessState.SUBMITTED, new SessionEvent.SessionSubmitted(ID, RECEIVED)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("forwardMoves")
    void aHintMovesAFreshSessionForward(HintContent content, ProcessState expected, SessionEvent event) {
        var outcome = Outcomes.changed(aStartedSession().apply(hint("h1", content)));

        assertThat(outcome.session().state()).isEqualTo(expected);
        assertThat(outcome.events()).containsExactly(event);
        assertThat(outcome.reconcile()).contains(RECONCILE);
    }

    @Test
    void aReportedStepPutsTheUserInTheFlowAndShowsTheStep() {
        var outcome = Outcomes.changed(aStartedSession().apply(
                hint("h1", stepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.session().steps()).containsExactly(step(StandardStep.DOCUMENT, StepStatus.ACTIVE));
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.SessionInProgress(ID, RECEIVED),
                new SessionEvent.StepProgressed(ID, RECEIVED, StandardStep.DOCUMENT, Optional.empty(),
                        StepStatus.ACTIVE));
    }

    @Test
    void aHintNeverMovesTheProcessBackwards() {
        var submitted = applyAll(aStartedSession(), hint("h1", finished()));

        var opened = Outcomes.ignored(submitted.apply(hint("h2", opened())));
        var exitedAfter = Outcomes.ignored(submitted.apply(hint("h3", exited())));

        assertThat(opened.reason()).isEqualTo(IgnoredBecause.NOTHING_NEW);
        assertThat(exitedAfter.reason()).isEqualTo(IgnoredBecause.NOTHING_NEW);
        assertThat(opened.reconcile()).contains(RECONCILE);
    }

    @Test
    void errorsAndAnalyticsMoveNothingButStillAskForReconciliation() {
        var inFlow = applyAll(aStartedSession(), hint("h1", opened()));

        for (HintContent content : new HintContent[] {clientFailed("INTERNAL_ERROR", true),
                clientFailed("unclassified", false), informational()}) {
            var outcome = Outcomes.ignored(inFlow.apply(hint("h2", content)));
            assertThat(outcome.reason()).as("%s", content).isEqualTo(IgnoredBecause.NOTHING_NEW);
            assertThat(outcome.reconcile()).as("%s", content).contains(RECONCILE);
        }
    }

    @Test
    void aClaimedReferenceIsNotConfirmedByTheClientButIsReconciled() {
        var claimed = ref("idv_from_link");

        var outcome = Outcomes.changed(aSessionWithoutRef().apply(hintClaiming("h1", claimed, opened())));

        assertThat(outcome.session().providerRef()).isEmpty();
        assertThat(outcome.reconcile()).contains(new ReconcileRequest(claimed, ReconcileRequest.Why.CLIENT_HINT));
    }

    @Test
    void withNoReferenceKnownOrClaimedThereIsNothingToReconcileYet() {
        var outcome = Outcomes.changed(aSessionWithoutRef().apply(hint("h1", opened())));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.reconcile()).isEmpty();
    }
}
