package io.veriflow.domain.session;

import static io.veriflow.domain.Signals.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Capabilities;
import io.veriflow.domain.RandomSignals;
import io.veriflow.domain.Seeds;
import io.veriflow.domain.Sessions;
import io.veriflow.domain.Signals;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.SignalOutcome.IgnoredBecause;
import io.veriflow.domain.signal.ProviderSignal;
import io.veriflow.domain.signal.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 3 as a property: once a snapshot as of T is applied to an attempt, any snapshot of that attempt as of an
 * earlier time (any status, steps, reasons, chain or subject of the session) is ignored as stale and changes nothing.
 *
 * <p>One nuance, by design: an attempt opened at the provider is dated by the oldest snapshot seen of it (so that its
 * opening time does not depend on arrival order). A stale snapshot older than that date re-dates the attempt, with
 * no event and no other change; it is still never applied.
 */
class OlderSnapshotNeverChangesStateTest {

    static LongStream seeds() {
        return Seeds.seeds(300);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void anOlderSnapshotIsIgnoredAndChangesNothing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> history = new ArrayList<>();
        VerificationSession session = randomSessionWithASnapshot(random, history);
        List<Attempt> withSnapshot = session.attempts().stream().filter(a -> a.snapshot().isPresent()).toList();
        Attempt target = RandomSignals.pick(random, withSnapshot);
        ProviderRef ref = target.ref().orElseThrow();
        Instant applied = target.snapshot().orElseThrow().asOf();

        for (int i = 0; i < 20; i++) {
            Instant older = applied.minusMillis(1 + random.nextLong(Duration.ofHours(3).toMillis()));
            Optional<ProviderRef> replacing = random.nextBoolean()
                    ? target.previousRef()
                    : Optional.of(Signals.ref("idv_whatever")).filter(previous -> !previous.equals(ref));
            Snapshot stale = RandomSignals.snapshot(random, ref, replacing, older);
            ProviderSignal signal = RandomSignals.authoritativeOrFat(random, "stale-" + i, stale);
            Supplier<String> context = () -> String.format(
                    "seed=%d (replay: -Dveriflow.seed=%d), history %s, attempt %d applied as of %s, stale %s", seed,
                    seed, history, target.number(), applied, stale);

            SignalOutcome outcome = session.apply(signal);

            boolean redates = target.origin() == AttemptOrigin.PROVIDER && older.isBefore(target.openedAt());
            if (redates) {
                assertThat(outcome).as(context).isInstanceOf(SignalOutcome.Changed.class);
                var changed = (SignalOutcome.Changed) outcome;
                assertThat(changed.events()).as(context).isEmpty();
                assertThat(changed.session().attempts().get(target.number() - 1)).as(context).isEqualTo(
                        new Attempt(target.number(), target.ref(), target.previousRef(), target.origin(), older,
                                target.snapshot(), target.client(), target.resumedAt(), target.platformExpiredAt()));
                assertThat(changed.session().state()).as(context).isEqualTo(session.state());
                assertThat(changed.session().decision()).as(context).isEqualTo(session.decision());
                assertThat(changed.session().steps()).as(context).isEqualTo(session.steps());
            } else {
                assertThat(outcome).as(context)
                        .isEqualTo(new SignalOutcome.Ignored(IgnoredBecause.STALE_SNAPSHOT, Optional.empty()));
            }
        }
    }

    @Test
    void theSampledSessionsCoverEveryKindOfAttempt() {
        List<AttemptOrigin> origins = new ArrayList<>();
        for (long seed : seeds().toArray()) {
            randomSessionWithASnapshot(new SplittableRandom(seed), new ArrayList<>()).attempts()
                    .forEach(attempt -> origins.add(attempt.origin()));
        }
        assertThat(origins).contains(AttemptOrigin.SESSION_START, AttemptOrigin.RETRY, AttemptOrigin.PROVIDER);
    }

    /**
     * A session after a random history of signals and platform commands (expiry, resume, retry, a provider-opened
     * retry), with at least one attempt holding an applied snapshot.
     */
    private static VerificationSession randomSessionWithASnapshot(SplittableRandom random, List<String> history) {
        VerificationSession session = random.nextBoolean() ? Sessions.aStartedSession() : Sessions.aSessionWithoutRef();
        history.add(session.providerRef().isPresent() ? "started with ref" : "started without ref");
        int steps = 3 + random.nextInt(10);
        for (int i = 0; i < steps; i++) {
            Instant now = t(10 * i + random.nextInt(10));
            Optional<ProviderRef> current = session.providerRef();
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    var hint = RandomSignals.hintFor(random, "h" + i, current);
                    history.add(hint.content().toString());
                    session = Sessions.after(session, session.apply(hint));
                }
                case 3, 4, 5 -> {
                    ProviderRef ref = RandomSignals.pick(random, session.attempts()).ref()
                            .orElse(Sessions.REF);
                    Snapshot snapshot = RandomSignals.snapshot(random, ref, Optional.empty(), t(random.nextInt(200)));
                    history.add("snapshot " + ref + " " + snapshot.status() + " as of " + snapshot.asOf());
                    session = Sessions.after(session, session.apply(
                            RandomSignals.authoritativeOrFat(random, "s" + i, snapshot)));
                }
                case 6 -> {
                    history.add("platform expiry check at " + now.plus(Capabilities.LIFETIME));
                    session = Sessions.after(session, session.expireIfOverdue(Capabilities.plaidLike().expiry(),
                            now.plus(Capabilities.LIFETIME)));
                }
                case 7 -> {
                    var capabilities = Capabilities.personaLike();
                    if (session.mayResume(capabilities) instanceof Permission.Permitted) {
                        Optional<Snapshot> view = current.filter(ref -> random.nextBoolean())
                                .map(ref -> RandomSignals.snapshot(random, ref, Optional.empty(), now));
                        history.add("resumed at " + now + view.map(v -> " with " + v.status()).orElse(""));
                        session = session.resumed(capabilities, view, now).session();
                    }
                }
                case 8 -> {
                    var capabilities = Capabilities.plaidLike();
                    RetryPlan plan = RetryPlan.of(RetryMode.RESTART);
                    if (session.mayRetry(capabilities, plan) instanceof Permission.Permitted) {
                        ProviderRef fresh = Signals.ref("idv_retry_" + i);
                        Optional<Snapshot> view = random.nextBoolean()
                                ? Optional.of(RandomSignals.snapshot(random, fresh, current, now))
                                : Optional.empty();
                        history.add("retried as " + fresh + " at " + now);
                        session = session.retried(capabilities, plan, fresh, view, now).session();
                    }
                }
                default -> {
                    if (current.isPresent()) {
                        ProviderRef opened = Signals.ref("idv_provider_" + i);
                        Snapshot snapshot = RandomSignals.snapshot(random, opened, current, t(random.nextInt(200)));
                        history.add("provider opened " + opened + " as of " + snapshot.asOf());
                        session = Sessions.after(session, session.apply(
                                RandomSignals.authoritativeOrFat(random, "p" + i, snapshot)));
                    }
                }
            }
        }
        if (session.attempts().stream().allMatch(attempt -> attempt.snapshot().isEmpty())) {
            ProviderRef ref = session.providerRef().orElse(Sessions.REF);
            Snapshot snapshot = RandomSignals.snapshot(random, ref, Optional.empty(), t(random.nextInt(200)));
            history.add("snapshot " + ref + " " + snapshot.status() + " as of " + snapshot.asOf());
            session = ((SignalOutcome.Changed) session.apply(Signals.authoritative("last", snapshot))).session();
        }
        return session;
    }
}
