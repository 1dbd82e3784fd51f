package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SOMEONE_ELSE;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Sessions.inState;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintOccurredAt;
import static io.veriflow.domain.Signals.hintReceivedAt;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.veriflow.domain.Capabilities;
import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.session.Permission.Refusal;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The domain decides whether a session may be resumed; the adapter only declares what the provider supports. */
class ResumeRulesTest {

    private static final Instant RESUMED_AT = t(30);

    static Stream<Arguments> resumeTable() {
        List<Arguments> rows = new ArrayList<>();
        for (ProcessState state : ProcessState.values()) {
            for (ResumeSupport support : ResumeSupport.values()) {
                rows.add(Arguments.of(state, support, expected(state, support)));
            }
        }
        return rows.stream();
    }

    private static Permission expected(ProcessState state, ResumeSupport support) {
        if (support == ResumeSupport.NONE) {
            return Permission.refused(Refusal.NOT_SUPPORTED);
        }
        return switch (state) {
            case CREATED, IN_PROGRESS, ABANDONED -> Permission.permitted();
            case SUBMITTED -> Permission.refused(Refusal.AWAITING_DECISION);
            case DECIDED -> Permission.refused(Refusal.ALREADY_DECIDED);
            case EXPIRED -> support == ResumeSupport.OPEN_AND_EXPIRED_ATTEMPTS
                    ? Permission.permitted()
                    : Permission.refused(Refusal.EXPIRED);
            case CANCELED -> Permission.refused(Refusal.CANCELED);
        };
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @MethodSource("resumeTable")
    void mayResume(ProcessState state, ResumeSupport support, Permission expected) {
        assertThat(inState(state).mayResume(Capabilities.resuming(support))).isEqualTo(expected);
    }

    @Test
    void resumingAnAbandonedSessionPutsTheUserBackInTheFlow() {
        var abandoned = inState(ProcessState.ABANDONED);

        var outcome = abandoned.resumed(Capabilities.personaLike(), Optional.empty(), RESUMED_AT);

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.session().currentAttempt().resumedAt()).contains(RESUMED_AT);
        assertThat(outcome.session().attempts()).hasSize(1);
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionResumed(ID, RESUMED_AT));
        assertThat(outcome.reconcile()).isEmpty();
    }

    @Test
    void resumingKeepsTheStepsAlreadyReported() {
        var abandoned = applyAll(aStartedSession(), hint("h1", stepReported(StandardStep.PHONE, StepStatus.PASSED)),
                hint("h2", exited()));

        var resumed = abandoned.resumed(Capabilities.plaidLike(), Optional.empty(), RESUMED_AT).session();

        assertThat(resumed.steps()).containsExactly(step(StandardStep.PHONE, StepStatus.PASSED));
    }

    @Test
    void hintsFromBeforeTheResumeAreStale() {
        var resumed = inState(ProcessState.ABANDONED)
                .resumed(Capabilities.personaLike(), Optional.empty(), RESUMED_AT).session();

        var byClientTime = Outcomes.ignored(resumed.apply(hintOccurredAt("late-exit", t(20), exited())));
        var byReceiptTime = Outcomes.ignored(resumed.apply(hintReceivedAt("late-exit-2", t(29), exited())));

        assertThat(byClientTime.reason()).isEqualTo(IgnoredBecause.STALE_HINT);
        assertThat(byReceiptTime.reason()).isEqualTo(IgnoredBecause.STALE_HINT);
        assertThat(byClientTime.reconcile()).contains(new ReconcileRequest(REF, ReconcileRequest.Why.CLIENT_HINT));
    }

    @Test
    void hintsFromAfterTheResumeApply() {
        var resumed = inState(ProcessState.ABANDONED)
                .resumed(Capabilities.personaLike(), Optional.empty(), RESUMED_AT).session();

        var outcome = Outcomes.changed(resumed.apply(hintOccurredAt("exit-again", t(31), exited())));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.ABANDONED);
        assertThat(outcome.events()).hasSize(1).first().isInstanceOf(SessionEvent.SessionAbandoned.class);
    }

    @Test
    void resumingWithTheProvidersSnapshotReopensAnExpiredSession() {
        var expired = inState(ProcessState.EXPIRED);

        var outcome = expired.resumed(Capabilities.personaLike(),
                Optional.of(snapshotOf(REF, SnapshotStatus.IN_PROGRESS, RESUMED_AT)), RESUMED_AT);

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.session().currentAttempt().snapshot()).hasValueSatisfying(
                snapshot -> assertThat(snapshot.asOf()).isEqualTo(RESUMED_AT));
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.SessionResumed(ID, RESUMED_AT),
                new SessionEvent.SessionReopened(ID, RESUMED_AT, ProcessState.EXPIRED, ProcessState.IN_PROGRESS));
    }

    @Test
    void resumingAPlatformExpiredSessionLiftsThePlatformsExpiry() {
        var expired = Outcomes.changed(applyAll(aStartedSession(), hint("h1", opened()))
                .expireIfOverdue(Capabilities.plaidLike().expiry(), t(0).plus(Capabilities.LIFETIME))).session();

        var outcome = expired.resumed(Capabilities.resuming(ResumeSupport.OPEN_AND_EXPIRED_ATTEMPTS),
                Optional.empty(), t(0).plus(Capabilities.LIFETIME).plusSeconds(60));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.session().currentAttempt().platformExpiredAt()).isEmpty();
        assertThat(outcome.events()).hasSize(2).last().isInstanceOf(SessionEvent.SessionReopened.class);
    }

    @Test
    void aStaleResumeAnswerDoesNotUndoNewerKnowledge() {
        var inFlow = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(10),
                step(StandardStep.DOCUMENT, StepStatus.PASSED)));

        var outcome = inFlow.resumed(Capabilities.plaidLike(),
                Optional.of(snapshotOf(REF, SnapshotStatus.NOT_STARTED, t(2))), RESUMED_AT);

        assertThat(outcome.session().currentAttempt().snapshot()).isEqualTo(inFlow.currentAttempt().snapshot());
    }

    @Test
    void resumingWhatMayNotBeResumedIsACallerBug() {
        var decided = inState(ProcessState.DECIDED);

        assertThatIllegalStateException().isThrownBy(() ->
                decided.resumed(Capabilities.personaLike(), Optional.empty(), RESUMED_AT))
                .withMessageContaining("ALREADY_DECIDED");
    }

    @Test
    void aResumeAnswerForAnotherSubjectIsAContractBreach() {
        var abandoned = inState(ProcessState.ABANDONED);

        assertThatIllegalStateException().isThrownBy(() -> abandoned.resumed(Capabilities.personaLike(),
                Optional.of(aSnapshot(REF).subject(SOMEONE_ELSE).asOf(RESUMED_AT).build()), RESUMED_AT));
    }
}
