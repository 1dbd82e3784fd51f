package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aDecidedSession;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Sessions.inState;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Capabilities;
import io.veriflow.domain.Outcomes;
import io.veriflow.domain.Sessions;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where the provider never expires attempts (Plaid IDV), the platform does, after a lifetime. */
class PlatformExpiryTest {

    private static final ExpiryPolicy POLICY = new ExpiryPolicy.PlatformExpires(Duration.ofHours(48));
    private static final Instant DUE = Sessions.T0.plus(Duration.ofHours(48));

    @Test
    void anOpenAttemptIsNotExpiredBeforeItsLifetime() {
        var outcome = Outcomes.ignored(applyAll(aStartedSession(), hint("h1", opened()))
                .expireIfOverdue(POLICY, DUE.minusMillis(1)));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.NOT_DUE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"CREATED", "IN_PROGRESS", "ABANDONED"})
    void anOpenAttemptExpiresOnceItsLifetimeIsOver(ProcessState open) {
        var outcome = Outcomes.changed(inState(open).expireIfOverdue(POLICY, DUE));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.EXPIRED);
        assertThat(outcome.session().currentAttempt().platformExpiredAt()).contains(DUE);
        assertThat(outcome.events()).containsExactly(new SessionEvent.SessionExpired(ID, DUE));
    }

    @Test
    void aSubmittedAttemptIsNotExpiredItsDecisionIsAwaited() {
        var submittedByClient = applyAll(aStartedSession(), hint("h1", finished()));
        var submittedByProvider = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.SUBMITTED, t(3)));

        var late = DUE.plus(Duration.ofDays(30));
        assertThat(Outcomes.ignored(submittedByClient.expireIfOverdue(POLICY, late)).reason())
                .isEqualTo(IgnoredBecause.NOT_DUE);
        assertThat(Outcomes.ignored(submittedByProvider.expireIfOverdue(POLICY, late)).reason())
                .isEqualTo(IgnoredBecause.NOT_DUE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"DECIDED", "EXPIRED", "CANCELED"})
    void aClosedAttemptIsNotExpiredAgain(ProcessState closed) {
        var outcome = Outcomes.ignored(inState(closed).expireIfOverdue(POLICY, DUE.plus(Duration.ofDays(1))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.NOT_DUE);
    }

    @Test
    void aProviderThatExpiresAttemptsItselfIsLeftToIt() {
        var outcome = Outcomes.ignored(inState(ProcessState.ABANDONED)
                .expireIfOverdue(new ExpiryPolicy.ProviderExpires(), DUE.plus(Duration.ofDays(365))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.NOT_DUE);
    }

    @Test
    void aLaterClosedAuthoritativeSnapshotOverridesThePlatformsExpiry() {
        var expired = Outcomes.changed(inState(ProcessState.IN_PROGRESS).expireIfOverdue(POLICY, DUE)).session();

        var outcome = Outcomes.changed(expired.apply(snapshot("api", REF, SnapshotStatus.PASSED, t(50))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.DECIDED);
        assertThat(outcome.events()).hasSize(1).first().isInstanceOf(SessionEvent.SessionDecided.class);
    }

    @Test
    void anInProgressSnapshotDoesNotUndoThePlatformsExpiry() {
        var expired = Outcomes.changed(inState(ProcessState.IN_PROGRESS).expireIfOverdue(POLICY, DUE)).session();

        var outcome = Outcomes.changed(expired.apply(snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(50))));

        assertThat(outcome.session().state()).isEqualTo(ProcessState.EXPIRED);
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void hintsDoNotUndoThePlatformsExpiry() {
        var expired = Outcomes.changed(inState(ProcessState.CREATED).expireIfOverdue(POLICY, DUE)).session();

        var after = applyAll(expired, hint("h1", opened()), hint("h2", exited()), hint("h3", finished()));

        assertThat(after.state()).isEqualTo(ProcessState.EXPIRED);
    }

    @Test
    void aResumeRestartsTheLifetime() {
        Instant resumedAt = Sessions.T0.plus(Duration.ofHours(10));
        var resumed = inState(ProcessState.ABANDONED)
                .resumed(Capabilities.plaidLike(), Optional.empty(), resumedAt).session();

        assertThat(resumed.expireIfOverdue(POLICY, DUE)).isInstanceOf(SignalOutcome.Ignored.class);
        assertThat(Outcomes.changed(resumed.expireIfOverdue(POLICY, resumedAt.plus(Duration.ofHours(48))))
                .session().state()).isEqualTo(ProcessState.EXPIRED);
    }

    @Test
    void aRetriedAttemptsLifetimeStartsWhenItWasOpened() {
        Instant retriedAt = Sessions.T0.plus(Duration.ofHours(40));
        var retried = aDecidedSession(SnapshotStatus.FAILED).retried(Capabilities.plaidLike(),
                RetryPlan.of(RetryMode.RESTART),
                Sessions.SECOND_REF, Optional.empty(), retriedAt).session();

        assertThat(retried.expireIfOverdue(POLICY, DUE)).isInstanceOf(SignalOutcome.Ignored.class);
        assertThat(retried.expireIfOverdue(POLICY, retriedAt.plus(Duration.ofHours(48))))
                .isInstanceOf(SignalOutcome.Changed.class);
    }
}
