package io.veriflow.domain.session;

import static io.veriflow.domain.Sessions.REF;
import static io.veriflow.domain.Signals.finishedClaiming;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.opened;
import static io.veriflow.domain.Signals.other;
import static io.veriflow.domain.Signals.snapshot;
import static io.veriflow.domain.Signals.stepReported;
import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.veriflow.domain.RandomSignals;
import io.veriflow.domain.Seeds;
import io.veriflow.domain.Sessions;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 1 as a property: whatever client hints arrive, in whatever order, the session is never decided, expired or
 * canceled by them, and they never touch what the provider said. Checked after every hint of every sequence.
 */
class ClientHintsNeverDecideTest {

    /** Where hint sequences start, and how long the exhaustively enumerated sequences from there are. */
    record Start(String name, Supplier<VerificationSession> session, int depth) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Start> starts() {
        return Stream.of(
                new Start("fresh, provider ref known", Sessions::aStartedSession, 4),
                new Start("in progress at the provider", Sessions::anInProgressSession, 4),
                new Start("fresh, provider ref not confirmed", Sessions::aSessionWithoutRef, 3),
                new Start("submitted at the provider", () -> Sessions.applyAll(Sessions.aStartedSession(),
                        snapshot("submitted", REF, SnapshotStatus.SUBMITTED, t(3))), 3));
    }

    /**
     * Every kind of hint content with its field variants, step reports sampled over kinds and statuses, and some
     * claiming the session's own attempt.
     */
    static List<ClientHint> sampledAlphabet() {
        List<HintContent> contents = new ArrayList<>(RandomSignals.NON_STEP_CONTENTS);
        contents.add(stepReported(StandardStep.DOCUMENT, StepStatus.PASSED));
        contents.add(stepReported(StandardStep.SELFIE, StepStatus.FAILED));
        contents.add(stepReported(StandardStep.WATCHLIST, StepStatus.IN_REVIEW));
        contents.add(stepReported(other("kba"), StepStatus.ACTIVE));
        List<ClientHint> hints = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            hints.add(hint("h" + i, contents.get(i)));
        }
        hints.add(hintClaiming("c-open", REF, opened()));
        hints.add(hintClaiming("c-finish", REF, finishedClaiming("approved")));
        hints.add(hintClaiming("c-step", REF, stepReported(StandardStep.DOCUMENT, StepStatus.PASSED)));
        return hints;
    }

    /** Every kind of hint content, with a step report for every step kind and status. */
    static List<ClientHint> fullAlphabet() {
        List<ClientHint> hints = new ArrayList<>();
        for (int i = 0; i < RandomSignals.ALL_CONTENTS.size(); i++) {
            hints.add(hint("f" + i, RandomSignals.ALL_CONTENTS.get(i)));
        }
        return hints;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void everySequenceOfUpToFourHintsLeavesTheSessionUndecided(Start start) {
        List<ClientHint> alphabet = sampledAlphabet();
        int visited = exhaust(start.session().get(), alphabet, start.depth(), new ArrayList<>(), start.name());

        assertThat(visited).as("sequences checked").isEqualTo(sequencesUpTo(alphabet.size(), start.depth()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void everyPairOfHintsOverEveryStepKindAndStatusLeavesTheSessionUndecided(Start start) {
        List<ClientHint> alphabet = fullAlphabet();
        assertThat(alphabet).hasSize(RandomSignals.NON_STEP_CONTENTS.size()
                + RandomSignals.ALL_STEP_KINDS.size() * StepStatus.values().length);

        int visited = exhaust(start.session().get(), alphabet, 2, new ArrayList<>(), start.name());

        assertThat(visited).as("sequences checked").isEqualTo(sequencesUpTo(alphabet.size(), 2));
    }

    static LongStream seeds() {
        return Seeds.seeds(200);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomLongHintSequencesLeaveTheSessionUndecided(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Start start = RandomSignals.pick(random, starts().toList());
        VerificationSession session = start.session().get();
        List<String> applied = new ArrayList<>();
        int length = 5 + random.nextInt(26);
        for (int i = 0; i < length; i++) {
            ClientHint next = RandomSignals.hintFor(random, "r" + i, Optional.of(REF));
            applied.add(describe(next));
            session = checkedApply(session, next, () -> String.format(
                    "seed=%d (replay: -Dveriflow.seed=%d), from %s, hints %s", seed, seed, start.name(), applied));
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomHintSequencesNeverChangeAClosedSessionsStateOrDecision(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SnapshotStatus closing = RandomSignals.pick(random, List.of(SnapshotStatus.PASSED, SnapshotStatus.FAILED,
                SnapshotStatus.NEEDS_REVIEW, SnapshotStatus.EXPIRED, SnapshotStatus.CANCELED));
        VerificationSession closed = Sessions.applyAll(Sessions.aStartedSession(),
                snapshot("closing", REF, closing, t(5)));
        VerificationSession session = closed;
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < 5 + random.nextInt(16); i++) {
            ClientHint next = RandomSignals.hintFor(random, "r" + i, Optional.of(REF));
            applied.add(describe(next));
            SignalOutcome outcome = session.apply(next);
            session = Sessions.after(session, outcome);
            Supplier<String> context = () -> String.format(
                    "seed=%d (replay: -Dveriflow.seed=%d), closed by %s, hints %s", seed, seed, closing, applied);
            assertThat(session.state()).as(context).isEqualTo(closed.state());
            assertThat(session.decision()).as(context).isEqualTo(closed.decision());
            assertThat(session.currentAttempt().snapshot()).as(context)
                    .isEqualTo(closed.currentAttempt().snapshot());
        }
    }

    @Test
    void theSampledAlphabetCoversEveryKindOfHintContent() {
        Set<Class<?>> covered = new HashSet<>();
        sampledAlphabet().forEach(hint -> covered.add(hint.content().getClass()));

        assertThat(covered).containsExactlyInAnyOrder(HintContent.class.getPermittedSubclasses());
    }

    /** Applies every sequence over {@code alphabet} up to {@code depth} (sharing prefixes); returns how many. */
    private static int exhaust(VerificationSession session, List<ClientHint> alphabet, int depth,
            List<String> prefix, String start) {
        if (depth == 0) {
            return 0;
        }
        int visited = 0;
        for (ClientHint next : alphabet) {
            prefix.add(describe(next));
            VerificationSession after = checkedApply(session, next, () -> "from " + start + ", hints " + prefix);
            visited += 1 + exhaust(after, alphabet, depth - 1, prefix, start);
            prefix.removeLast();
        }
        return visited;
    }

    private static VerificationSession checkedApply(
            VerificationSession before, ClientHint hint, Supplier<String> context) {
        SignalOutcome outcome = before.apply(hint);
        VerificationSession after = Sessions.after(before, outcome);
        if (!holds(before, hint, outcome, after)) {
            describeViolation(before, hint, outcome, after, context);
        }
        return after;
    }

    /** The property, checked cheaply; {@link #describeViolation} says what broke when it does not hold. */
    private static boolean holds(
            VerificationSession before, ClientHint hint, SignalOutcome outcome, VerificationSession after) {
        boolean reconcileExpected = before.providerRef().isPresent() || hint.claimedRef().isPresent();
        return !(outcome instanceof SignalOutcome.Rejected)
                && after.decision().isEmpty()
                && !after.state().closed()
                && !after.finallyDecided()
                && after.attempts().size() == before.attempts().size()
                && after.providerRef().equals(before.providerRef())
                && after.currentAttempt().snapshot().equals(before.currentAttempt().snapshot())
                && !(outcome instanceof SignalOutcome.Changed changed && changed.events().stream()
                        .anyMatch(ClientHintsNeverDecideTest::decisive))
                && outcome.reconcile().isPresent() == reconcileExpected;
    }

    private static boolean decisive(SessionEvent event) {
        return event instanceof SessionEvent.SessionDecided || event instanceof SessionEvent.DecisionChanged
                || event instanceof SessionEvent.SessionExpired || event instanceof SessionEvent.SessionCanceled
                || event instanceof SessionEvent.AttemptRetried;
    }

    private static void describeViolation(VerificationSession before, ClientHint hint, SignalOutcome outcome,
            VerificationSession after, Supplier<String> context) {
        assertThat(outcome).as(context).isNotInstanceOf(SignalOutcome.Rejected.class);
        assertThat(after.decision()).as(context).isEmpty();
        assertThat(after.state()).as(context)
                .isNotIn(ProcessState.DECIDED, ProcessState.EXPIRED, ProcessState.CANCELED);
        assertThat(after.finallyDecided()).as(context).isFalse();
        assertThat(after.attempts()).as(context).hasSameSizeAs(before.attempts());
        assertThat(after.providerRef()).as(context).isEqualTo(before.providerRef());
        assertThat(after.currentAttempt().snapshot()).as(context).isEqualTo(before.currentAttempt().snapshot());
        if (outcome instanceof SignalOutcome.Changed changed) {
            assertThat(changed.events()).as(context).noneMatch(ClientHintsNeverDecideTest::decisive);
        }
        boolean something = before.providerRef().isPresent() || hint.claimedRef().isPresent();
        assertThat(outcome.reconcile().isPresent()).as(() -> context.get() + ": asks for reconciliation")
                .isEqualTo(something);
        fail("the property does not hold, but no assertion says why: " + context.get());
    }

    private static String describe(ClientHint hint) {
        return hint.content() + hint.claimedRef().map(ref -> " claiming " + ref).orElse("");
    }

    private static int sequencesUpTo(int alphabet, int depth) {
        int total = 0;
        int level = 1;
        for (int i = 1; i <= depth; i++) {
            level *= alphabet;
            total += level;
        }
        return total;
    }
}
