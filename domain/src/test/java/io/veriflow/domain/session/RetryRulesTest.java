package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.aDecidedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Sessions.inState;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.ref;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.veriflow.domain.Capabilities;
import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.Permission.Refusal;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The domain decides whether a failed or expired attempt may be replaced by a new one. */
class RetryRulesTest {

    private static final ProviderCapabilities PLAID = Capabilities.plaidLike();
    private static final RetryPlan RESTART = RetryPlan.of(RetryMode.RESTART);
    private static final Instant RETRIED_AT = t(60);

    static Stream<Arguments> retryTable() {
        return Stream.of(
                Arguments.of("failed", aDecidedSession(SnapshotStatus.FAILED), Permission.permitted()),
                Arguments.of("passed", aDecidedSession(SnapshotStatus.PASSED),
                        Permission.refused(Refusal.ALREADY_PASSED)),
                Arguments.of("needs review", aDecidedSession(SnapshotStatus.NEEDS_REVIEW),
                        Permission.refused(Refusal.AWAITING_REVIEW)),
                Arguments.of("created", inState(ProcessState.CREATED), Permission.refused(Refusal.STILL_OPEN)),
                Arguments.of("in progress", inState(ProcessState.IN_PROGRESS),
                        Permission.refused(Refusal.STILL_OPEN)),
                Arguments.of("abandoned", inState(ProcessState.ABANDONED), Permission.refused(Refusal.STILL_OPEN)),
                Arguments.of("submitted", inState(ProcessState.SUBMITTED),
                        Permission.refused(Refusal.AWAITING_DECISION)),
                Arguments.of("expired", inState(ProcessState.EXPIRED), Permission.permitted()),
                Arguments.of("canceled", inState(ProcessState.CANCELED), Permission.refused(Refusal.CANCELED)));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("retryTable")
    void mayRetry(String name, VerificationSession session, Permission expected) {
        assertThat(session.mayRetry(PLAID, RESTART)).isEqualTo(expected);
    }

    @Test
    void aModeTheProviderDoesNotSupportIsRefused() {
        var failed = aDecidedSession(SnapshotStatus.FAILED);

        assertThat(failed.mayRetry(Capabilities.retrying(RetryMode.RESTART), RetryPlan.of(RetryMode.FROM_FAILED_STEP)))
                .isEqualTo(Permission.refused(Refusal.MODE_NOT_SUPPORTED));
        assertThat(failed.mayRetry(Capabilities.retrying(RetryMode.RESTART),
                new RetryPlan(RetryMode.SELECTED_STEPS, Set.of(StandardStep.DOCUMENT))))
                .isEqualTo(Permission.refused(Refusal.MODE_NOT_SUPPORTED));
    }

    @Test
    void aProviderWithoutRetryRefusesEveryRetry() {
        var failed = aDecidedSession(SnapshotStatus.FAILED);

        assertThat(failed.mayRetry(Capabilities.personaLike(), RESTART))
                .isEqualTo(Permission.refused(Refusal.NOT_SUPPORTED));
    }

    @Test
    void aRetryOpensANewAttemptChainedToTheFailedOne() {
        var failed = aDecidedSession(SnapshotStatus.FAILED);

        var outcome = failed.retried(PLAID, RESTART, SECOND_REF, Optional.empty(), RETRIED_AT);

        var session = outcome.session();
        assertThat(session.attempts()).hasSize(2);
        assertThat(session.attempts().getFirst()).isEqualTo(failed.currentAttempt());
        Attempt second = session.currentAttempt();
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.ref()).contains(SECOND_REF);
        assertThat(second.previousRef()).contains(REF);
        assertThat(second.origin()).isEqualTo(AttemptOrigin.RETRY);
        assertThat(second.openedAt()).isEqualTo(RETRIED_AT);
        assertThat(session.state()).isEqualTo(ProcessState.CREATED);
        assertThat(session.decision()).isEmpty();
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.AttemptRetried(ID, RETRIED_AT, 2, Optional.of(SECOND_REF), AttemptOrigin.RETRY));
    }

    @Test
    void theProvidersAnswerToTheRetryIsApplied() {
        var failed = aDecidedSession(SnapshotStatus.FAILED);

        var outcome = failed.retried(PLAID, RESTART, SECOND_REF,
                Optional.of(snapshotOf(SECOND_REF, SnapshotStatus.IN_PROGRESS, RETRIED_AT)), RETRIED_AT);

        assertThat(outcome.session().state()).isEqualTo(ProcessState.IN_PROGRESS);
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.AttemptRetried(ID, RETRIED_AT, 2, Optional.of(SECOND_REF), AttemptOrigin.RETRY),
                new SessionEvent.SessionInProgress(ID, RETRIED_AT));
    }

    @Test
    void anExpiredAttemptCanBeRetriedAndTheChainContinues() {
        var retriedOnce = aDecidedSession(SnapshotStatus.FAILED)
                .retried(PLAID, RESTART, SECOND_REF, Optional.empty(), RETRIED_AT).session();
        var expiredAgain = applyAll(retriedOnce, snapshot("api-2", SECOND_REF, SnapshotStatus.EXPIRED, t(90)));

        var third = expiredAgain.retried(PLAID, RESTART, ref("idv_third"), Optional.empty(), t(120)).session();

        assertThat(third.attempts()).extracting(Attempt::number).containsExactly(1, 2, 3);
        assertThat(third.currentAttempt().previousRef()).contains(SECOND_REF);
    }

    @Test
    void afterARetryUnclaimedHintsGoToTheNewAttemptAndClaimedOnesToTheirs() {
        var retried = aDecidedSession(SnapshotStatus.FAILED)
                .retried(PLAID, RESTART, SECOND_REF, Optional.empty(), RETRIED_AT).session();

        var toOld = Outcomes.changed(retried.apply(hintClaiming("h-old", REF, finished()))).session();
        var toNew = Outcomes.changed(retried.apply(hint("h-new", finished()))).session();

        assertThat(toOld.state()).isEqualTo(ProcessState.CREATED);
        assertThat(toOld.attempts().getFirst().client().furthest()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(toNew.state()).isEqualTo(ProcessState.SUBMITTED);
        assertThat(toNew.attempts().getFirst().decision()).hasValueSatisfying(
                decision -> assertThat(decision.verdict()).isEqualTo(Verdict.FAILED));
    }

    @Test
    void retryingWhatMayNotBeRetriedIsACallerBug() {
        var passed = aDecidedSession(SnapshotStatus.PASSED);

        assertThatIllegalStateException().isThrownBy(() ->
                passed.retried(PLAID, RESTART, SECOND_REF, Optional.empty(), RETRIED_AT))
                .withMessageContaining("ALREADY_PASSED");
    }

    @Test
    void aRetryAnsweredWithAnAttemptTheSessionHasIsAContractBreach() {
        var failed = aDecidedSession(SnapshotStatus.FAILED);

        assertThatIllegalStateException().isThrownBy(() ->
                failed.retried(PLAID, RESTART, REF, Optional.empty(), RETRIED_AT));
    }
}
