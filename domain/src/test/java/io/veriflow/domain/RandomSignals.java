package io.veriflow.domain;

import static io.veriflow.domain.Signals.aSnapshot;
import static io.veriflow.domain.Signals.authoritative;
import static io.veriflow.domain.Signals.fatNotification;
import static io.veriflow.domain.Signals.hint;
import static io.veriflow.domain.Signals.hintClaiming;
import static io.veriflow.domain.Signals.t;
import static io.veriflow.domain.Signals.thinNotification;

import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/** Random but realistic signals for sampled property tests. Everything derives from the caller's seeded random. */
public final class RandomSignals {

    /** Step kinds random signals talk about: a few standard ones and one provider-specific. */
    public static final List<StepKind> STEP_KINDS = List.of(StandardStep.DOCUMENT, StandardStep.SELFIE,
            StandardStep.WATCHLIST, Signals.other("kba"));

    /** Every step kind: the standard ones and one provider-specific. */
    public static final List<StepKind> ALL_STEP_KINDS;

    static {
        List<StepKind> all = new ArrayList<>(List.of(StandardStep.values()));
        all.add(Signals.other("kba"));
        ALL_STEP_KINDS = List.copyOf(all);
    }

    /** Every kind of hint content that is not a step report, with the variants of their fields. */
    public static final List<HintContent> NON_STEP_CONTENTS = List.of(Signals.opened(), Signals.exited(),
            Signals.exitedWithToken("tok-resume"), Signals.finished(), Signals.finishedClaiming("approved"),
            Signals.finishedClaiming("failed"), Signals.clientFailed("INSTITUTION_ERROR", true),
            Signals.clientFailed("unclassified", false), Signals.informational());

    /** {@link #NON_STEP_CONTENTS} and a step report for every step kind and status. */
    public static final List<HintContent> ALL_CONTENTS;

    static {
        List<HintContent> all = new ArrayList<>(NON_STEP_CONTENTS);
        for (StepKind kind : ALL_STEP_KINDS) {
            for (StepStatus status : StepStatus.values()) {
                all.add(Signals.stepReported(kind, status));
            }
        }
        ALL_CONTENTS = List.copyOf(all);
    }

    private static final List<SnapshotStatus> KNOWN_STATUSES = Arrays.stream(SnapshotStatus.values())
            .filter(status -> status != SnapshotStatus.UNKNOWN).toList();

    private RandomSignals() {
    }

    public static <T> T pick(SplittableRandom random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    public static HintContent content(SplittableRandom random) {
        return pick(random, ALL_CONTENTS);
    }

    /** A hint that claims {@code claimable} (when present) half of the time. */
    public static ClientHint hintFor(SplittableRandom random, String key, Optional<ProviderRef> claimable) {
        HintContent content = content(random);
        return claimable.isPresent() && random.nextBoolean()
                ? hintClaiming(key, claimable.get(), content)
                : hint(key, content);
    }

    public static SnapshotStatus knownStatus(SplittableRandom random) {
        return pick(random, KNOWN_STATUSES);
    }

    /** Steps over a random subset of {@link #STEP_KINDS}, in a random (provider) order, with random statuses. */
    public static List<Step> steps(SplittableRandom random) {
        List<StepKind> kinds = new ArrayList<>(STEP_KINDS);
        shuffle(kinds, random);
        List<Step> steps = new ArrayList<>();
        for (StepKind kind : kinds.subList(0, random.nextInt(kinds.size() + 1))) {
            steps.add(new Step(kind, pick(random, List.of(StepStatus.values()))));
        }
        return steps;
    }

    /** A random known-status snapshot of {@code ref} at {@code asOf}, sometimes naming the session's subject. */
    public static Snapshot snapshot(SplittableRandom random, ProviderRef ref, Optional<ProviderRef> replacing,
            Instant asOf) {
        SnapshotStatus status = knownStatus(random);
        Signals.SnapshotBuilder builder = aSnapshot(ref).status(status).asOf(asOf).steps(steps(random));
        replacing.ifPresent(builder::replacing);
        if (random.nextInt(3) == 0) {
            builder.subject(Sessions.SUBJECT);
        }
        if (random.nextInt(5) == 0) {
            builder.reasons(pick(random, List.of("watchlist_hit", "document_expired", "velocity")));
        }
        if (random.nextInt(5) == 0) {
            builder.providerStatus(status.name().toLowerCase(Locale.ROOT) + "_v2");
        }
        return builder.build();
    }

    /** The snapshot as an API read or, as often, embedded in a fat notification. */
    public static ProviderSignal authoritativeOrFat(SplittableRandom random, String key, Snapshot snapshot) {
        return random.nextBoolean() ? authoritative(key, snapshot) : fatNotification(key, snapshot);
    }

    /**
     * A realistic mix of signals about one session: hints, thin and fat notifications, API snapshots, and a few that
     * must be ignored or rejected whatever their order (unknown status, another subject, a forged claim). Snapshot
     * times come from a small set so that equal-time snapshots are common.
     *
     * <p>Two kinds of signal are left out because their effect depends on what the session knows when they arrive
     * (known limitations of the domain, not of this generator's choosing):
     *
     * <ul>
     *   <li>with {@code secondAttempt}, hints claim {@link Sessions#REF} only: an unclaimed hint, or one claiming the
     *       provider-opened attempt, goes to the first attempt (or is rejected) before the retry is known and to the
     *       second one after;
     *   <li>without {@code refKnown} (the provider has not confirmed the attempt yet), no hint claims a foreign
     *       attempt: such a claim cannot be checked before the confirmation, so it is applied before and rejected
     *       after.
     * </ul>
     *
     * @param secondAttempt also signals about {@link Sessions#SECOND_REF}, opened at the provider as a retry of
     *     {@link Sessions#REF}; its snapshots always name the attempt they replaced
     * @param refKnown whether the session starts with its provider reference
     */
    public static List<ProviderSignal> mix(SplittableRandom random, int count, boolean secondAttempt,
            boolean refKnown) {
        List<ProviderSignal> signals = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = "s" + i;
            boolean second = secondAttempt && random.nextBoolean();
            ProviderRef ref = second ? Sessions.SECOND_REF : Sessions.REF;
            Optional<ProviderRef> replacing = second ? Optional.of(Sessions.REF) : Optional.empty();
            Instant asOf = t(random.nextInt(8));
            int roll = random.nextInt(20);
            ProviderSignal signal;
            if (roll < 8) {
                ClientHint hint = hintFor(random, key, Optional.of(Sessions.REF));
                signal = secondAttempt && hint.claimedRef().isEmpty()
                        ? hintClaiming(key, Sessions.REF, hint.content())
                        : hint;
            } else if (roll < 10) {
                signal = thinNotification(key, ref);
            } else if (roll < 18) {
                signal = authoritativeOrFat(random, key, snapshot(random, ref, replacing, asOf));
            } else if (roll == 18) {
                Snapshot unknown = aSnapshot(ref).status(SnapshotStatus.UNKNOWN).asOf(asOf).build();
                signal = authoritativeOrFat(random, key, replacing.map(
                        previous -> aSnapshot(ref).replacing(previous).status(SnapshotStatus.UNKNOWN).asOf(asOf)
                                .build()).orElse(unknown));
            } else {
                signal = random.nextBoolean() || !refKnown
                        ? authoritative(key, aSnapshot(ref).subject(Sessions.SOMEONE_ELSE)
                                .status(knownStatus(random)).asOf(asOf).build())
                        : hintClaiming(key, Sessions.FOREIGN_REF, content(random));
            }
            signals.add(signal);
        }
        return signals;
    }

    /** Fisher-Yates with the caller's random. */
    public static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swapped = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swapped);
        }
    }

    /** {@code signals} shuffled, with copies of some of them inserted at random places. */
    public static <T> List<T> shuffledWithDuplicates(List<T> signals, SplittableRandom random) {
        List<T> order = new ArrayList<>(signals);
        int duplicates = random.nextInt(signals.size() / 2 + 1);
        for (int i = 0; i < duplicates; i++) {
            order.add(pick(random, signals));
        }
        shuffle(order, random);
        return order;
    }
}
