package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.FOREIGN_REF;
import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.PROVIDER;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SUBJECT;
import static io.veriflow.domain.Sessions.T0;
import static io.veriflow.domain.Sessions.TEMPLATE;
import static io.veriflow.domain.Sessions.TENANT;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintReceivedAt;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.t;
import static io.veriflow.domain.Signals.exited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.Signals;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Starting a session, and the aggregate's own invariants. */
class SessionStartTest {

    @Test
    void startingEmitsSessionStartedWithOneFreshAttempt() {
        var outcome = VerificationSession.start(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, Optional.of(REF), T0);

        var session = outcome.session();
        assertThat(outcome.events()).containsExactly(
                new SessionEvent.SessionStarted(ID, T0, PROVIDER, TEMPLATE, SUBJECT));
        assertThat(outcome.reconcile()).isEmpty();
        assertThat(session.version()).isZero();
        assertThat(session.createdAt()).isEqualTo(T0);
        assertThat(session.updatedAt()).isEqualTo(T0);
        assertThat(session.state()).isEqualTo(ProcessState.CREATED);
        assertThat(session.decision()).isEmpty();
        assertThat(session.steps()).isEmpty();
        assertThat(session.providerRef()).contains(REF);
        assertThat(session.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.number()).isEqualTo(1);
            assertThat(attempt.origin()).isEqualTo(AttemptOrigin.SESSION_START);
            assertThat(attempt.openedAt()).isEqualTo(T0);
            assertThat(attempt.previousRef()).isEmpty();
        });
    }

    @Test
    void aSessionWhoseAttemptTheClientCreatesStartsWithoutAReference() {
        var session = VerificationSession.start(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, Optional.empty(), T0)
                .session();

        assertThat(session.providerRef()).isEmpty();
    }

    @Test
    void updatedAtFollowsTheNewestChangeAndNeverGoesBack() {
        var later = Outcomes.changed(aStartedSession().apply(hint("h1", opened()))).session();
        var afterAnEarlierReceipt = Outcomes.changed(later.apply(hintReceivedAt("h2", t(1), exited()))).session();

        assertThat(later.updatedAt()).isEqualTo(Signals.RECEIVED);
        assertThat(afterAnEarlierReceipt.updatedAt()).isEqualTo(Signals.RECEIVED);
        assertThat(afterAnEarlierReceipt.version()).isEqualTo(later.version());
    }

    @Test
    void aSessionHasAtLeastOneAttempt() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new VerificationSession(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, List.of(), T0, T0, 0));
    }

    @Test
    void attemptsAreNumberedInOrder() {
        Attempt first = aStartedSession().currentAttempt();

        assertThatIllegalArgumentException().isThrownBy(() ->
                new VerificationSession(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, List.of(first, first), T0, T0, 0));
    }

    @Test
    void theVersionIsNotNegative() {
        Attempt first = aStartedSession().currentAttempt();

        assertThatIllegalArgumentException().isThrownBy(() ->
                new VerificationSession(ID, TENANT, PROVIDER, SUBJECT, TEMPLATE, List.of(first), T0, T0, -1));
    }

    @Test
    void anAttemptNumberStartsAtOne() {
        Attempt first = aStartedSession().currentAttempt();

        assertThatIllegalArgumentException().isThrownBy(() -> new Attempt(0, first.ref(), first.previousRef(),
                first.origin(), first.openedAt(), first.snapshot(), first.client(), first.resumedAt(),
                first.platformExpiredAt()));
    }

    @Test
    void anAttemptCannotHoldASnapshotOfAnotherAttempt() {
        Attempt first = aStartedSession().currentAttempt();

        assertThatIllegalArgumentException().isThrownBy(() -> new Attempt(1, Optional.of(REF), Optional.empty(),
                AttemptOrigin.SESSION_START, T0, Optional.of(snapshotOf(FOREIGN_REF, SnapshotStatus.PASSED, t(1))),
                first.client(), Optional.empty(), Optional.empty()));
    }

    @Test
    void clientProgressNeverHoldsAClosedState() {
        for (ProcessState closed : List.of(ProcessState.DECIDED, ProcessState.EXPIRED, ProcessState.CANCELED)) {
            assertThatIllegalArgumentException().as("%s", closed)
                    .isThrownBy(() -> new ClientProgress(closed, List.of()));
        }
    }

    @Test
    void clientProgressHoldsOneStatusPerStepSortedByCode() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientProgress(ProcessState.IN_PROGRESS,
                List.of(new Step(StandardStep.PHONE, StepStatus.ACTIVE), new Step(StandardStep.PHONE,
                        StepStatus.PASSED))));

        var progress = new ClientProgress(ProcessState.IN_PROGRESS, List.of(
                new Step(StandardStep.WATCHLIST, StepStatus.ACTIVE), new Step(StandardStep.DOCUMENT,
                        StepStatus.PASSED)));
        assertThat(progress.steps()).extracting(step -> step.kind().code()).containsExactly("document", "watchlist");
    }
}
