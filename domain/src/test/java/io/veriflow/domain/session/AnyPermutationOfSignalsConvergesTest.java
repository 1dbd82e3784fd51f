package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.FOREIGN_REF;
import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Sessions.SECOND_REF;
import static io.veriflow.domain.Sessions.SOMEONE_ELSE;
import static io.veriflow.domain.Sessions.SUBJECT;
import static io.veriflow.domain.Sessions.aSessionWithoutRef;
import static io.veriflow.domain.Sessions.aStartedSession;
import static io.veriflow.domain.Sessions.applyAll;
import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.exited;
import static io.veriflow.domain.Signals.exitedWithToken;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.finished;
import static io.veriflow.domain.Signals.finishedClaiming;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.snapshotOf;
import static io.veriflow.domain.Signals.step;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static io.veriflow.domain.Signals.thinNotification;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.RandomSignals;
import io.veriflow.domain.Seeds;
import io.veriflow.domain.SessionProjection;
import io.veriflow.domain.Sessions;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 5: any permutation of the same signals, with any of them delivered twice, ends in the same state. "Same" is
 * everything the session knows ({@link SessionProjection}): only {@code version} and {@code updatedAt} may differ.
 */
class AnyPermutationOfSignalsConvergesTest {

    /** A session and a small, realistic set of signals about it, and where they must end. */
    record Scenario(String name, Supplier<VerificationSession> start, List<ProviderSignal> signals,
            ProcessState endState, Optional<Verdict> endVerdict) {

        @Override
        public String toString() {
            return name + " (" + signals.size() + " signals)";
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("plaid happy path", Sessions::aStartedSession, List.of(
                        hintClaiming("h-open", REF, opened()),
                        hintClaiming("h-doc", REF, stepReported(StandardStep.DOCUMENT, StepStatus.ACTIVE)),
                        hintClaiming("h-success", REF, finishedClaiming("success")),
                        thinNotification("wh-status", REF),
                        snapshot("api-1", REF, SnapshotStatus.SUBMITTED, t(3),
                                step(StandardStep.DOCUMENT, StepStatus.PASSED),
                                step(StandardStep.SELFIE, StepStatus.ACTIVE)),
                        snapshot("api-2", REF, SnapshotStatus.PASSED, t(5),
                                step(StandardStep.DOCUMENT, StepStatus.PASSED),
                                step(StandardStep.SELFIE, StepStatus.PASSED))),
                        ProcessState.DECIDED, Optional.of(Verdict.PASSED)),
                new Scenario("persona review, then approval", Sessions::aStartedSession, List.of(
                        hint("h-ready", opened()),
                        hint("h-complete", finished()),
                        fatNotification("evt-completed", snapshotOf(REF, SnapshotStatus.SUBMITTED, t(3))),
                        fatNotification("evt-review", snapshotOf(REF, SnapshotStatus.NEEDS_REVIEW, t(4),
                                step(StandardStep.DOCUMENT, StepStatus.IN_REVIEW))),
                        fatNotification("evt-approved", snapshotOf(REF, SnapshotStatus.PASSED, t(7),
                                step(StandardStep.DOCUMENT, StepStatus.PASSED))),
                        snapshot("api-fetch", REF, SnapshotStatus.NEEDS_REVIEW, t(4),
                                step(StandardStep.DOCUMENT, StepStatus.IN_REVIEW))),
                        ProcessState.DECIDED, Optional.of(Verdict.PASSED)),
                new Scenario("user leaves, provider expires", Sessions::aStartedSession, List.of(
                        hint("h-open", opened()),
                        hint("h-selfie", stepReported(StandardStep.SELFIE, StepStatus.ACTIVE)),
                        hint("h-cancel", exitedWithToken("sess-tok")),
                        fatNotification("evt-started", snapshotOf(REF, SnapshotStatus.IN_PROGRESS, t(2),
                                step(StandardStep.SELFIE, StepStatus.PENDING))),
                        snapshot("api-expired", REF, SnapshotStatus.EXPIRED, t(9))),
                        ProcessState.EXPIRED, Optional.empty()),
                new Scenario("equal-time snapshots and client steps", Sessions::aStartedSession, List.of(
                        snapshot("api-1", REF, SnapshotStatus.SUBMITTED, t(4),
                                step(StandardStep.DOCUMENT, StepStatus.ACTIVE)),
                        fatNotification("evt-failed", aSnapshot(REF).status(SnapshotStatus.FAILED)
                                .providerStatus("failed").asOf(t(4))
                                .steps(step(StandardStep.DOCUMENT, StepStatus.FAILED)).build()),
                        hint("h-doc", stepReported(StandardStep.DOCUMENT, StepStatus.PASSED)),
                        hint("h-watchlist", stepReported(StandardStep.WATCHLIST, StepStatus.ACTIVE)),
                        thinNotification("wh-1", REF)),
                        ProcessState.DECIDED, Optional.of(Verdict.FAILED)),
                new Scenario("webhook and fetch of one instant, one naming the subject", Sessions::aStartedSession,
                        List.of(
                                fatNotification("evt-completed", aSnapshot(REF).status(SnapshotStatus.SUBMITTED)
                                        .subject(SUBJECT).asOf(t(3)).build()),
                                snapshot("api-completed", REF, SnapshotStatus.SUBMITTED, t(3)),
                                hint("h-complete", finished()),
                                thinNotification("wh-1", REF)),
                        ProcessState.SUBMITTED, Optional.empty()),
                new Scenario("mis-routed, forged and unknown signals", Sessions::aStartedSession, List.of(
                        authoritative("api-other", aSnapshot(REF).subject(SOMEONE_ELSE)
                                .status(SnapshotStatus.PASSED).asOf(t(9)).build()),
                        snapshot("api-unknown", REF, SnapshotStatus.UNKNOWN, t(8)),
                        hintClaiming("h-forged", FOREIGN_REF, finishedClaiming("approved")),
                        snapshot("api-1", REF, SnapshotStatus.IN_PROGRESS, t(2)),
                        hint("h-exit", exited())),
                        ProcessState.ABANDONED, Optional.empty()),
                new Scenario("plaid link, reference confirmed late", Sessions::aSessionWithoutRef, List.of(
                        hintClaiming("h-open", REF, opened()),
                        hint("h-success", finished()),
                        thinNotification("wh-1", REF),
                        snapshot("api-1", REF, SnapshotStatus.SUBMITTED, t(3)),
                        authoritative("api-2", aSnapshot(REF).status(SnapshotStatus.FAILED).asOf(t(6))
                                .reasons("document_expired").build())),
                        ProcessState.DECIDED, Optional.of(Verdict.FAILED)),
                new Scenario("provider-opened second attempt", Sessions::aStartedSession, List.of(
                        snapshot("api-1", REF, SnapshotStatus.FAILED, t(3),
                                step(StandardStep.DOCUMENT, StepStatus.FAILED)),
                        hintClaiming("h-finish-1", REF, finished()),
                        fatNotification("evt-2-created", aSnapshot(SECOND_REF).replacing(REF)
                                .status(SnapshotStatus.NOT_STARTED).asOf(t(5)).build()),
                        authoritative("api-2", aSnapshot(SECOND_REF).replacing(REF).status(SnapshotStatus.PASSED)
                                .asOf(t(8)).steps(step(StandardStep.DOCUMENT, StepStatus.PASSED)).build()),
                        thinNotification("wh-2", SECOND_REF),
                        snapshot("api-1-old", REF, SnapshotStatus.IN_PROGRESS, t(1))),
                        ProcessState.DECIDED, Optional.of(Verdict.PASSED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPermutationEndsInTheSameState(Scenario scenario) {
        SessionProjection expected = endOf(scenario, scenario.signals());
        assertThat(expected.state()).as("%s: where the signals end", scenario.name()).isEqualTo(scenario.endState());
        assertThat(expected.decision().map(decision -> decision.verdict())).as("%s: verdict", scenario.name())
                .isEqualTo(scenario.endVerdict());

        List<List<ProviderSignal>> permutations = permutations(scenario.signals());
        assertThat(permutations).hasSize(factorial(scenario.signals().size()));
        for (List<ProviderSignal> order : permutations) {
            assertThat(endOf(scenario, order)).as("%s in order %s", scenario.name(), keys(order))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPermutationWithDuplicatesEndsInTheSameState(Scenario scenario) {
        SessionProjection expected = endOf(scenario, scenario.signals());
        List<List<ProviderSignal>> permutations = permutations(scenario.signals());
        for (int p = 0; p < permutations.size(); p++) {
            SplittableRandom random = new SplittableRandom(p);
            List<ProviderSignal> order = new ArrayList<>(permutations.get(p));
            int duplicates = 1 + random.nextInt(order.size());
            for (int i = 0; i < duplicates; i++) {
                ProviderSignal again = RandomSignals.pick(random, permutations.get(p));
                order.add(random.nextInt(order.size() + 1), again);
            }
            assertThat(endOf(scenario, order)).as("%s in order %s", scenario.name(), keys(order))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aSignalAppliedRightAfterItselfChangesNothing(Scenario scenario) {
        for (List<ProviderSignal> order : permutations(scenario.signals())) {
            VerificationSession session = scenario.start().get();
            for (ProviderSignal signal : order) {
                session = Sessions.after(session, session.apply(signal));
                SignalOutcome again = session.apply(signal);
                if (again instanceof SignalOutcome.Changed) {
                    assertThat(again).as("%s: %s again in order %s", scenario.name(), signal.meta().dedupeKey(),
                            keys(order)).isNotInstanceOf(SignalOutcome.Changed.class);
                }
            }
        }
    }

    static LongStream seeds() {
        return Seeds.seeds(300);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomShufflesOfLargerSetsWithDuplicatesConverge(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean secondAttempt = random.nextInt(3) == 0;
        boolean withRef = secondAttempt || random.nextBoolean();
        Supplier<VerificationSession> start = withRef ? Sessions::aStartedSession : Sessions::aSessionWithoutRef;
        List<ProviderSignal> signals = RandomSignals.mix(random, 12 + random.nextInt(9), secondAttempt, withRef);
        SessionProjection expected = SessionProjection.of(applyAll(start.get(), signals));

        for (int shuffle = 0; shuffle < 10; shuffle++) {
            List<ProviderSignal> order = RandomSignals.shuffledWithDuplicates(signals, random);
            assertThat(SessionProjection.of(applyAll(start.get(), order)))
                    .as("seed=%d (replay: -Dveriflow.seed=%d) shuffle %d, order %s, signals %s", seed, seed, shuffle,
                            keys(order), signals)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theSamplesCoverRealisticOutcomes() {
        List<ProcessState> reached = new ArrayList<>();
        int secondAttempts = 0;
        for (long seed : seeds().toArray()) {
            SplittableRandom random = new SplittableRandom(seed);
            boolean secondAttempt = random.nextInt(3) == 0;
            boolean withRef = secondAttempt || random.nextBoolean();
            var start = withRef ? aStartedSession() : aSessionWithoutRef();
            var end = applyAll(start, RandomSignals.mix(random, 12 + random.nextInt(9), secondAttempt, withRef));
            reached.add(end.state());
            secondAttempts += end.attempts().size() > 1 ? 1 : 0;
        }
        assertThat(reached).as("states the random samples end in").contains(ProcessState.DECIDED,
                ProcessState.EXPIRED, ProcessState.CANCELED, ProcessState.SUBMITTED);
        assertThat(secondAttempts).as("samples that opened a second attempt").isGreaterThan(20);
    }

    private static SessionProjection endOf(Scenario scenario, List<ProviderSignal> order) {
        return SessionProjection.of(applyAll(scenario.start().get(), order));
    }

    private static List<String> keys(List<ProviderSignal> signals) {
        return signals.stream().map(signal -> signal.meta().dedupeKey().value()).toList();
    }

    static <T> List<List<T>> permutations(List<T> items) {
        List<List<T>> result = new ArrayList<>();
        permute(new ArrayList<>(items), 0, result);
        return result;
    }

    private static <T> void permute(List<T> items, int from, List<List<T>> into) {
        if (from == items.size()) {
            into.add(List.copyOf(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            Collections.swap(items, from, i);
            permute(items, from + 1, into);
            Collections.swap(items, from, i);
        }
    }

    private static int factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }
}
