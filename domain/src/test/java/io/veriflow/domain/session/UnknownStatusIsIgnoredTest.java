package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aSessionWithoutRef;
import static io.veriflow.domain.Sessions.anInProgressSession;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.SnapshotStatus;
import org.junit.jupiter.api.Test;

/** A provider status the platform does not know yet is recorded and never applied, even when it is newer. */
class UnknownStatusIsIgnoredTest {

    @Test
    void aNewerSnapshotWithAnUnknownStatusIsIgnored() {
        var outcome = Outcomes.ignored(anInProgressSession().apply(
                snapshot("api", REF, SnapshotStatus.UNKNOWN, t(30))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.UNKNOWN_STATUS);
    }

    @Test
    void anUnknownStatusDoesNotConfirmTheProviderReference() {
        var outcome = Outcomes.ignored(aSessionWithoutRef().apply(snapshot("api", REF, SnapshotStatus.UNKNOWN, t(3))));

        assertThat(outcome.reason()).isEqualTo(IgnoredBecause.UNKNOWN_STATUS);
        assertThat(outcome.reconcile()).isEmpty();
    }
}
