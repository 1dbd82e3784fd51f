package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.ID;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.RECEIVED;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.other;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Steps are the provider's where it gave them; a client's report shows only past an unsettled provider status. */
class StepMergingTest {

    static Stream<Arguments> settledProviderAndAnyClient() {
        List<Arguments> rows = new ArrayList<>();
        for (StepStatus provider : StepStatus.values()) {
            if (provider.settled()) {
                for (StepStatus client : StepStatus.values()) {
                    rows.add(Arguments.of(provider, client));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "provider {0}, client {1}")
    @MethodSource("settledProviderAndAnyClient")
    void theClientNeverOverridesASettledProviderStep(StepStatus provider, StepStatus client) {
        var session = applyAll(aStartedSession(),
                snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(3), step(StandardStep.DOCUMENT, provider)),
                hint("h1", stepReported(StandardStep.DOCUMENT, client)));

        assertThat(session.steps()).containsExactly(step(StandardStep.DOCUMENT, provider));
    }

    static Stream<Arguments> unsettledProviderAndAnyClient() {
        List<Arguments> rows = new ArrayList<>();
        for (StepStatus provider : List.of(StepStatus.PENDING, StepStatus.ACTIVE)) {
            for (StepStatus client : StepStatus.values()) {
                rows.add(Arguments.of(provider, client,
                        client.progress() > provider.progress() ? client : provider));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "provider {0}, client {1} -> {2}")
    @MethodSource("unsettledProviderAndAnyClient")
    void aClientFurtherThanAnUnsettledProviderStepShows(StepStatus provider, StepStatus client, StepStatus shown) {
        var session = applyAll(aStartedSession(),
                snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(3), step(StandardStep.SELFIE, provider)),
                hint("h1", stepReported(StandardStep.SELFIE, client)));

        assertThat(session.steps()).containsExactly(step(StandardStep.SELFIE, shown));
    }

    @Test
    void theOrderIsTheProvidersWithStepsOnlyTheClientReportedAfterIt() {
        var session = applyAll(aStartedSession(),
                hint("h1", stepReported(StandardStep.TERMS, StepStatus.PASSED)),
                hint("h2", stepReported(other("kba"), StepStatus.ACTIVE)),
                snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(3),
                        step(StandardStep.WATCHLIST, StepStatus.PENDING), step(StandardStep.DOCUMENT,
                                StepStatus.ACTIVE)));

        assertThat(session.steps()).containsExactly(
                step(StandardStep.WATCHLIST, StepStatus.PENDING),
                step(StandardStep.DOCUMENT, StepStatus.ACTIVE),
                step(other("kba"), StepStatus.ACTIVE),
                step(StandardStep.TERMS, StepStatus.PASSED));
    }

    @Test
    void theClientsReportsOfOneStepMergeToTheFurthest() {
        var session = applyAll(aStartedSession(),
                hint("h1", stepReported(StandardStep.PHONE, StepStatus.ACTIVE)),
                hint("h2", stepReported(StandardStep.PHONE, StepStatus.PENDING)));

        assertThat(session.steps()).containsExactly(step(StandardStep.PHONE, StepStatus.ACTIVE));
    }

    @Test
    void aClientReportThatShowsIsAStepProgressedEvent() {
        var inFlow = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(3),
                step(StandardStep.DOCUMENT, StepStatus.ACTIVE)));

        var outcome = Outcomes.changed(inFlow.apply(hint("h1", stepReported(StandardStep.DOCUMENT,
                StepStatus.PASSED))));

        assertThat(outcome.events()).containsExactly(new SessionEvent.StepProgressed(ID, RECEIVED,
                StandardStep.DOCUMENT, Optional.of(StepStatus.ACTIVE), StepStatus.PASSED));
    }

    @Test
    void aClientReportThatIsOverriddenEmitsNothing() {
        var inFlow = applyAll(aStartedSession(), snapshot("api", REF, SnapshotStatus.IN_PROGRESS, t(3),
                step(StandardStep.DOCUMENT, StepStatus.PASSED)));

        var outcome = Outcomes.changed(inFlow.apply(hint("h1", stepReported(StandardStep.DOCUMENT,
                StepStatus.FAILED))));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.session().steps()).containsExactly(step(StandardStep.DOCUMENT, StepStatus.PASSED));
    }

    @Test
    void aLaterSettledProviderStatusReplacesWhatTheClientShowed() {
        var session = applyAll(aStartedSession(),
                snapshot("api-1", REF, SnapshotStatus.IN_PROGRESS, t(3), step(StandardStep.DOCUMENT,
                        StepStatus.ACTIVE)),
                hint("h1", stepReported(StandardStep.DOCUMENT, StepStatus.PASSED)),
                snapshot("api-2", REF, SnapshotStatus.FAILED, t(6), step(StandardStep.DOCUMENT, StepStatus.FAILED)));

        assertThat(session.steps()).containsExactly(step(StandardStep.DOCUMENT, StepStatus.FAILED));
    }
}
