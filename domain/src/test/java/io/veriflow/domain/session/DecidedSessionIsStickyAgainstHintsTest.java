package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.after;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.clientFailed;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.exitedWithToken;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.finishedClaiming;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.informational;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Capabilities;
import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 4: decided, expired and canceled are sticky; hints cannot reopen them. Only an authoritative change (or an
 * explicit resume or retry, see {@link ResumeRulesTest} and {@link RetryRulesTest}) does.
 */
class DecidedSessionIsStickyAgainstHintsTest {

    static List<HintContent> everyKindOfHint() {
        return List.of(opened(), stepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE),
                stepReported(StandardStep.SELFIE, StepStatus.PASSED), exited(), exitedWithToken("tok-1"), finished(),
                finishedClaiming("approved"), clientFailed("SESSION_EXPIRED", true), informational());
    }

    static Stream<Arguments> closedSessionsAndHints() {
        List<Arguments> cases = new ArrayList<>();
        for (SnapshotStatus closing : List.of(SnapshotStatus.PASSED, SnapshotStatus.FAILED,
                SnapshotStatus.NEEDS_REVIEW, SnapshotStatus.EXPIRED, SnapshotStatus.CANCELED)) {
            for (HintContent content : everyKindOfHint()) {
                cases.add(Arguments.of(closing, content));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} stays after {1}")
    @MethodSource("closedSessionsAndHints")
    void aHintNeverReopensAClosedSession(SnapshotStatus closing, HintContent content) {
        var closed = applyAll(aStartedSession(), snapshot("api", REF, closing, t(5)));

        SignalOutcome outcome = closed.apply(hint("late", content));
        var after = after(closed, outcome);

        assertThat(after.state()).isEqualTo(closed.state());
        assertThat(after.decision()).isEqualTo(closed.decision());
        assertThat(outcome).isNotInstanceOf(SignalOutcome.Rejected.class);
        if (outcome instanceof SignalOutcome.Changed changed) {
            assertThat(changed.events()).as("events of a hint on a closed session")
                    .allMatch(SessionEvent.StepProgressed.class::isInstance);
        }
        assertThat(outcome.reconcile()).contains(new ReconcileRequest(REF, ReconcileRequest.Why.CLIENT_HINT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"OPENED", "FINISHED", "EXITED"})
    void aHintNeverReopensAPlatformExpiredSession(Hint which) {
        var expired = Outcomes.changed(aStartedSession().expireIfOverdue(
                Capabilities.plaidLike().expiry(), t(0).plus(Capabilities.LIFETIME))).session();

        var after = after(expired, expired.apply(hint("late", which.content)));

        assertThat(after.state()).isEqualTo(ProcessState.EXPIRED);
    }

    enum Hint {
        OPENED(opened()), FINISHED(finished()), EXITED(exited());

        final HintContent content;

        Hint(HintContent content) {
            this.content = content;
        }
    }

    @Test
    void aNewerAuthoritativeSnapshotReopensADecidedSession() {
        var decided = applyAll(aStartedSession(), snapshot("api-1", REF, SnapshotStatus.FAILED, t(5)));

        var outcome = Outcomes.changed(decided.apply(snapshot("api-2", REF, SnapshotStatus.IN_PROGRESS, t(8))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.session().decision()).isEmpty();
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionReopened(ID, RECEIVED,
                ProcessState.DECIDED, ProcessState.IN_PROGRESS));
    }

    @Test
    void aNewerAuthoritativeSnapshotCanCloseADecidedSessionDifferently() {
        var decided = applyAll(aStartedSession(), snapshot("api-1", REF, SnapshotStatus.NEEDS_REVIEW, t(5)));

        var outcome = Outcomes.changed(decided.apply(snapshot("api-2", REF, SnapshotStatus.CANCELED, t(8))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.CANCELED);
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionCanceled(ID, RECEIVED));
    }

    @Test
    void whatTheClientSaidWhileClosedCountsOnceTheProviderReopens() {
        var decided = applyAll(aStartedSession(), snapshot("api-1", REF, SnapshotStatus.FAILED, t(5)));
        var toldWhileClosed = applyAll(decided, hint("h1", finished()));
        assertThat(toldWhileClosed.state()).isEqualTo(ProcessState.DECIDED);

        var reopened = applyAll(toldWhileClosed, snapshot("api-2", REF, SnapshotStatus.IN_PROGRESS, t(8)));

        assertThat(reopened.state()).isEqualTo(ProcessState.SUBMITTED);
    }
}
