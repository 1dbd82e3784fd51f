package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.inState;
import static io.veriflow.domain.Signals.thinNotification;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule 2: a thin notification changes nothing by itself; it asks for the attempt it names to be fetched. */
class ThinNotificationAsksForReconciliationTest {

    @ParameterizedTest(name = "in {0}")
    @EnumSource(ProcessState.class)
    void aThinNotificationIsIgnoredAndAsksToFetchTheAttempt(ProcessState state) {
        var outcome = Outcomes.ignored(inState(state).apply(thinNotification("wh-1", REF)));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.NOTHING_TO_APPLY);
        assertThat(outcome.reconcile())
                .contains(new ReconcileRequest(REF, ReconcileRequest.Why.THIN_NOTIFICATION));
    }

    @Test
    void theReconcileNamesTheAttemptTheNotificationIsAbout() {
        var outcome = aStartedSession().apply(thinNotification("wh-2", SECOND_REF));

        assertThat(outcome.reconcile())
                .contains(new ReconcileRequest(SECOND_REF, ReconcileRequest.Why.THIN_NOTIFICATION));
    }

    @Test
    void aThinNotificationIsThin() {
        assertThat(thinNotification("wh-1", REF).thin()).isTrue();
    }
}
