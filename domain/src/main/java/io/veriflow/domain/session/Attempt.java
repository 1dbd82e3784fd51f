package io.veriflow.domain.session;

import io.veriflow.domain.model.Decision;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.Verdict;
import io.veriflow.domain.signal.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at the provider. A Plaid retry opens a new attempt with its own provider reference, chained to the
 * previous one; a Persona resume continues the same attempt.
 *
 * <p>An attempt keeps what each authority told it separately (the newest applied snapshot, the merged client
 * progress, the platform's own expiry) and derives its state, decision and steps from them, so the authority rules
 * live in one place: {@link #state()}.
 *
 * @param number 1 for the first attempt, then 2, 3...
 * @param ref the provider's id for the attempt; empty until the provider (not a client) confirmed it
 * @param previousRef the attempt this one replaced
 * @param origin why the attempt exists
 * @param openedAt when it was opened
 * @param snapshot the newest authoritative snapshot applied
 * @param client what client hints reported
 * @param resumedAt the last explicit resume; hints that happened before it are stale
 * @param platformExpiredAt when the platform's lifetime policy expired the attempt
 */
public record Attempt(
        int number,
        Optional<ProviderRef> ref,
        Optional<ProviderRef> previousRef,
        AttemptOrigin origin,
        Instant openedAt,
        Optional<Snapshot> snapshot,
        ClientProgress client,
        Optional<Instant> resumedAt,
        Optional<Instant> platformExpiredAt) {

    public Attempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1");
        }
        Objects.requireNonNull(ref, "ref must not be null (use Optional.empty())");
        Objects.requireNonNull(previousRef, "previousRef must not be null (use Optional.empty())");
        Objects.requireNonNull(origin, "origin must not be null");
        Objects.requireNonNull(openedAt, "openedAt must not be null");
        Objects.requireNonNull(snapshot, "snapshot must not be null (use Optional.empty())");
        Objects.requireNonNull(client, "client progress must not be null");
        Objects.requireNonNull(resumedAt, "resumedAt must not be null (use Optional.empty())");
        Objects.requireNonNull(platformExpiredAt, "platformExpiredAt must not be null (use Optional.empty())");
        if (snapshot.isPresent() && ref.isPresent() && !snapshot.get().ref().equals(ref.get())) {
            throw new IllegalArgumentException("the applied snapshot is about another attempt");
        }
    }

    static Attempt open(
            int number, Optional<ProviderRef> ref, Optional<ProviderRef> previousRef, AttemptOrigin origin, Instant at) {
        return new Attempt(number, ref, previousRef, origin, at, Optional.empty(), ClientProgress.none(),
                Optional.empty(), Optional.empty());
    }

    /**
     * The attempt's process state under the authority rules: a closed authoritative state (decided, expired,
     * canceled) stands whatever the client says; the platform's expiry stands unless the provider closed the attempt
     * itself; otherwise the furthest of what the provider and the client reported.
     */
    public ProcessState state() {
        ProcessState authoritative = snapshot.flatMap(s -> s.status().processState()).orElse(ProcessState.CREATED);
        if (authoritative.closed()) {
            return authoritative;
        }
        if (platformExpiredAt.isPresent()) {
            return ProcessState.EXPIRED;
        }
        return ProcessState.furthestOpen(authoritative, client.furthest());
    }

    /** The decision, only ever from an authoritative snapshot. */
    public Optional<Decision> decision() {
        if (state() != ProcessState.DECIDED) {
            return Optional.empty();
        }
        Snapshot decided = snapshot.orElseThrow();
        Verdict verdict = decided.status().verdict().orElseThrow();
        List<ReasonCode> reasons = decided.reasons();
        if (reasons.isEmpty() && verdict != Verdict.PASSED) {
            reasons = reasonsFromSteps(decided.steps());
        }
        return Optional.of(new Decision(verdict, reasons));
    }

    /**
     * The steps: the provider's where it gave them; a client's report shows only where it is further along than an
     * unsettled provider status (a client never overrides a settled step).
     */
    public List<Step> steps() {
        Map<StepKind, StepStatus> merged = new LinkedHashMap<>();
        snapshot.ifPresent(s -> s.steps().forEach(step -> merged.put(step.kind(), step.status())));
        for (Step reported : client.steps()) {
            StepStatus authoritative = merged.get(reported.kind());
            if (authoritative == null
                    || (!authoritative.settled() && reported.status().progress() > authoritative.progress())) {
                merged.put(reported.kind(), reported.status());
            }
        }
        List<Step> steps = new ArrayList<>(merged.size());
        merged.forEach((kind, status) -> steps.add(new Step(kind, status)));
        return List.copyOf(steps);
    }

    boolean isAbout(ProviderRef candidate) {
        return ref.isPresent() && ref.get().equals(candidate);
    }

    /** This attempt with the snapshot applied, or empty when the snapshot is not newer than the applied one. */
    Optional<Attempt> withSnapshot(Snapshot candidate) {
        // An attempt opened at the provider is dated by the oldest snapshot seen of it, whatever the arrival order.
        Instant opened = origin == AttemptOrigin.PROVIDER && candidate.asOf().isBefore(openedAt)
                ? candidate.asOf()
                : openedAt;
        boolean newer = snapshot.isEmpty() || candidate.newerThan(snapshot.get());
        if (!newer && opened.equals(openedAt)) {
            return Optional.empty();
        }
        return Optional.of(new Attempt(number, Optional.of(candidate.ref()), previousRef, origin, opened,
                newer ? Optional.of(candidate) : snapshot, client, resumedAt, platformExpiredAt));
    }

    /** This unconfirmed attempt, confirmed as {@code confirmed} by a later attempt's chain. */
    Attempt confirmedAs(ProviderRef confirmed) {
        if (ref.isPresent()) {
            throw new IllegalStateException("the attempt is confirmed already");
        }
        return new Attempt(number, Optional.of(confirmed), previousRef, origin, openedAt, snapshot, client, resumedAt,
                platformExpiredAt);
    }

    Attempt withClient(ClientProgress progress) {
        return new Attempt(number, ref, previousRef, origin, openedAt, snapshot, progress, resumedAt,
                platformExpiredAt);
    }

    Attempt resumed(Instant at) {
        return new Attempt(number, ref, previousRef, origin, openedAt, snapshot, client.reopened(), Optional.of(at),
                Optional.empty());
    }

    Attempt expiredByPlatform(Instant at) {
        return new Attempt(number, ref, previousRef, origin, openedAt, snapshot, client, resumedAt, Optional.of(at));
    }

    private static List<ReasonCode> reasonsFromSteps(List<Step> steps) {
        List<ReasonCode> reasons = new ArrayList<>();
        for (Step step : steps) {
            switch (step.status()) {
                case FAILED -> reasons.add(ReasonCode.failedStep(step.kind()));
                case IN_REVIEW -> reasons.add(ReasonCode.stepInReview(step.kind()));
                case PENDING, ACTIVE, PASSED, SKIPPED, NOT_APPLICABLE -> {
                }
            }
        }
        return List.copyOf(reasons);
    }
}
